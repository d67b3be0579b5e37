/** Making the next event of a device's chain: gap-free seq, prev hash, advancing hlc. */
import { hashEvent, parseEvent, type LedgerEvent } from './event';
import { zeroHash } from './hash';
import { nextHlc } from './hlc';
import { formatTime, uuidV7 } from './ids';

/** Where a device's chain stands: its last event's seq, hash and hlc (undefined before the first). */
export interface ChainHead {
  seq: number;
  hash: string;
  hlc: string;
}

export interface EventDraft {
  actor: string;
  type: string;
  body: Record<string, unknown>;
}

export interface Clock {
  nowMs: number;
  /** Minutes east of UTC for `at` (480 in China). */
  offsetMinutes: number;
}

/**
 * The next event after `head`. `clockFloor` is the highest hlc seen from other devices, so the
 * new event sorts after everything this device has imported (FORMATS.md §2).
 */
export function nextEvent(
  device: string,
  head: ChainHead | undefined,
  draft: EventDraft,
  clock: Clock,
  clockFloor?: string,
): { event: LedgerEvent; hash: string } {
  const lastHlc = head && clockFloor ? (clockFloor > head.hlc ? clockFloor : head.hlc) : (head?.hlc ?? clockFloor);
  const event = parseEvent({
    v: 1,
    device,
    seq: (head?.seq ?? 0) + 1,
    prev: head?.hash ?? zeroHash,
    id: uuidV7(clock.nowMs),
    at: formatTime(clock.nowMs, clock.offsetMinutes),
    hlc: nextHlc(lastHlc, clock.nowMs),
    actor: draft.actor,
    type: draft.type,
    body: draft.body,
  });
  return { event, hash: hashEvent(event) };
}
