/** What printed records need from the ledger: the hash of the latest of a set of events, and a package's export event. */
import type { LedgerEvent } from '../../shared/ledger/event';
import { latestEvent } from '../../shared/domain/records';
import { compareEvents } from '../../shared/ledger/event';
import { database, type KaodianDatabase } from './database';
import { allEvents, findEvents } from './eventStore';

/** This device's package.exported events with their hashes (read through the ledger). */
async function exportEvents(db: KaodianDatabase) {
  return (await findEvents(db, (text) => text.includes('"type":"package.exported"')))
    .filter(({ event }) => event.type === 'package.exported')
    .map(({ event, hash }) => ({ event, hash, hlc: event.hlc, device: event.device, seq: event.seq }));
}

/** The hash of the latest (in the ledger's total order) of the events with these ids; undefined for none. */
export async function latestEventHash(
  ids: readonly string[],
  db: KaodianDatabase = database(),
): Promise<string | undefined> {
  if (ids.length === 0) return undefined;
  // Printed records name a handful of events: the texts are read through, and only those that
  // name one of the ids are parsed (an index of ids would cost every append a second write).
  const wanted = new Set(ids);
  const rows = (await findEvents(db, (text) => ids.some((id) => text.includes(id))))
    .filter(({ event }) => wanted.has(event.id))
    .map(({ event, hash }) => ({ event, hash, hlc: event.hlc, device: event.device, seq: event.seq }));
  return latestEvent(rows)?.hash;
}

/** The package.exported event that recorded a package leaving this device, with its hash. */
export async function packageExportEvent(
  packageId: string,
  db: KaodianDatabase = database(),
): Promise<{ event: LedgerEvent; hash: string } | undefined> {
  const rows = (await exportEvents(db)).filter((r) => r.event.body.package === packageId);
  const row = latestEvent(rows);
  return row && { event: row.event, hash: row.hash };
}

/** The ids of the packages this device exported whose id ends with `suffix` (a typed 核验码). */
export async function packageIdsEndingWith(suffix: string, db: KaodianDatabase = database()): Promise<string[]> {
  const rows = await exportEvents(db);
  const ids = rows.map((r) => String(r.event.body.package)).filter((id) => id.endsWith(suffix));
  return [...new Set(ids)];
}

/** Every event the ledger holds, in the ledger's order: for a session's archive bundle. */
export async function allLedgerEvents(db: KaodianDatabase = database()): Promise<LedgerEvent[]> {
  return (await allEvents(db)).map((stored) => stored.event).sort(compareEvents);
}
