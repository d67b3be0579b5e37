import { nextEvent, type ChainHead } from '../../shared/ledger/append';
import type { LedgerEvent } from '../../shared/ledger/event';
import { uuidV4 } from '../../shared/ledger/ids';

export function extendChainForHarness(count: number): LedgerEvent[] {
  const device = uuidV4();
  let head: ChainHead | undefined;
  const events: LedgerEvent[] = [];
  for (let i = 0; i < count; i += 1) {
    const { event, hash } = nextEvent(
      device,
      head,
      {
        actor: 'device',
        type: 'note.logged',
        body: { session: uuidV4(), category: 'safety', severity: 'info', text: `浏览器 ${i}` },
      },
      { nowMs: Date.now(), offsetMinutes: 480 },
    );
    head = { seq: event.seq, hash, hlc: event.hlc };
    events.push(event);
  }
  return events;
}
