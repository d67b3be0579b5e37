/**
 * The write path of the ledger. `append` assigns the next gap-free seq, the prev hash and the
 * hlc, and writes the event together with the chain head in one strict-durability transaction:
 * when it resolves, the event is on disk. Nothing here updates or deletes an event.
 */
import { nextEvent, type EventDraft } from '../../shared/ledger/append';
import { localOffsetMinutes } from '../../shared/ledger/ids';
import type { LedgerEvent } from '../../shared/ledger/event';
import { database, type KaodianDatabase } from './database';

export interface AppendOptions {
  device: string;
  now?: () => number;
}

export async function append(draft: EventDraft, options: AppendOptions, db: KaodianDatabase = database()): Promise<{ event: LedgerEvent; hash: string }> {
  const now = (options.now ?? Date.now)();
  return db.transaction('rw', db.events, db.chainHeads, async () => {
    const head = await db.chainHeads.get(options.device);
    // Lift past the highest hlc held from any device, so the new event sorts after them.
    const highest = await db.events.orderBy('hlc').last();
    const made = nextEvent(options.device, head, draft, { nowMs: now, offsetMinutes: localOffsetMinutes(now) }, highest?.hlc);
    const { event, hash } = made;
    await db.events.add({ device: event.device, seq: event.seq, id: event.id, hlc: event.hlc, type: event.type, hash, event });
    await db.chainHeads.put({ device: event.device, seq: event.seq, hash, hlc: event.hlc });
    return made;
  });
}

/** All events of one device in seq order. */
export async function deviceEvents(device: string, db: KaodianDatabase = database()): Promise<LedgerEvent[]> {
  const rows = await db.events.where('[device+seq]').between([device, 0], [device, Infinity]).toArray();
  return rows.map((row) => row.event);
}

export async function allEvents(db: KaodianDatabase = database()): Promise<LedgerEvent[]> {
  return (await db.events.toArray()).map((row) => row.event);
}
