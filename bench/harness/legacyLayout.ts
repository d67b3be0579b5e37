/**
 * Turns the app's database back into the layout schema 7 wrote — one `events` row per event,
 * made by the same `eventRow` the schema-7 ledger wrote with — so that the migration has a
 * database of the old layout to convert: timed in the bench (100,000 events), killed mid-way
 * in e2e/migration.spec.ts. Part of the bench harness (ledgerBench.ts exports it).
 */
import { database, eventRow } from '../../renderer/db/database';
import { allEvents } from '../../renderer/db/eventStore';

/** Moves every event out of segments and the tail into `events` rows; returns how many. */
export async function toLegacyLayout(): Promise<number> {
  const db = database();
  await db.open();
  return db.transaction('rw', db.events, db.segments, db.tail, async () => {
    const stored = await allEvents(db);
    await db.events.bulkAdd(stored.map(eventRow));
    await db.segments.clear();
    await db.tail.clear();
    return stored.length;
  });
}
