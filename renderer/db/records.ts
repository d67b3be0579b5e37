/** What printed records need from the ledger: the hash of the latest of a set of events, and a package's export event. */
import type { LedgerEvent } from '../../shared/ledger/event';
import { latestEvent } from '../../shared/domain/records';
import { compareEvents } from '../../shared/ledger/event';
import { database, type KaodianDatabase } from './database';

/** The hash of the latest (in the ledger's total order) of the events with these ids; undefined for none. */
export async function latestEventHash(
  ids: readonly string[],
  db: KaodianDatabase = database(),
): Promise<string | undefined> {
  if (ids.length === 0) return undefined;
  const rows = await db.events
    .where('id')
    .anyOf([...ids])
    .toArray();
  return latestEvent(rows)?.hash;
}

/** The package.exported event that recorded a package leaving this device, with its hash. */
export async function packageExportEvent(
  packageId: string,
  db: KaodianDatabase = database(),
): Promise<{ event: LedgerEvent; hash: string } | undefined> {
  const rows = await db.events.where('type').equals('package.exported').toArray();
  const row = latestEvent(rows.filter((r) => r.event.body.package === packageId));
  return row && { event: row.event, hash: row.hash };
}

/** The ids of the packages this device exported whose id ends with `suffix` (a typed 核验码). */
export async function packageIdsEndingWith(suffix: string, db: KaodianDatabase = database()): Promise<string[]> {
  const rows = await db.events.where('type').equals('package.exported').toArray();
  const ids = rows.map((r) => String(r.event.body.package)).filter((id) => id.endsWith(suffix));
  return [...new Set(ids)];
}

/** Every event the ledger holds, in the ledger's order: for a session's archive bundle. */
export async function allLedgerEvents(db: KaodianDatabase = database()): Promise<LedgerEvent[]> {
  const rows = await db.events.toArray();
  return rows.sort(compareEvents).map((row) => row.event);
}
