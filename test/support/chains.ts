/** Test helpers: chains of events and batches made with the same shared/ code the app uses. */
import { nextEvent, type ChainHead, type EventDraft } from '../../shared/ledger/append';
import type { LedgerEvent } from '../../shared/ledger/event';
import { uuidV4 } from '../../shared/ledger/ids';

export interface TestChain {
  device: string;
  events: LedgerEvent[];
  hashes: string[];
  head: ChainHead | undefined;
}

export function newChain(device: string = uuidV4()): TestChain {
  return { device, events: [], hashes: [], head: undefined };
}

let fakeNow = Date.UTC(2026, 10, 26, 1, 30);

/** Appends events to the chain with a clock that moves 1 s per event. */
export function extendChain(chain: TestChain, drafts: EventDraft[], floor?: string): LedgerEvent[] {
  const made: LedgerEvent[] = [];
  for (const draft of drafts) {
    fakeNow += 1000;
    const { event, hash } = nextEvent(chain.device, chain.head, draft, { nowMs: fakeNow, offsetMinutes: 480 }, floor);
    chain.events.push(event);
    chain.hashes.push(hash);
    chain.head = { seq: event.seq, hash, hlc: event.hlc };
    made.push(event);
  }
  return made;
}

export function noteDrafts(count: number, session = '00000000-0000-4000-8000-000000000001'): EventDraft[] {
  return Array.from({ length: count }, (_, i) => ({
    actor: 'device',
    type: 'note.logged',
    body: { session, category: 'discipline', severity: 'info', text: `第 ${i + 1} 条记录` },
  }));
}
