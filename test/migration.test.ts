/**
 * The move from one IndexedDB row per event (schema 7) to segments (schema 8), at the size the
 * issue names: 100,000 events in the layout the app wrote before — rows made by the same
 * `eventRow` the schema-7 ledger wrote, with their chain heads — converted by the app's start
 * (`openLedger`), with every event and hash intact, each chain verifying, and the projection
 * folded from the segments equal to the fold of the events themselves.
 */
import 'fake-indexeddb/auto';
import { afterEach, expect, it } from 'vitest';
import { verifyChain } from '../shared/ledger/chain';
import { zeroHash } from '../shared/ledger/hash';
import { uuidV4 } from '../shared/ledger/ids';
import { project } from '../shared/state/project';
import { KaodianDatabase, eventRow } from '../renderer/db/database';
import { eventsOf, pendingMigration } from '../renderer/db/eventStore';
import { openLedger } from '../renderer/db/ledger';
import { extendChain, newChain, noteDrafts, type TestChain } from './support/chains';

let db: KaodianDatabase;
afterEach(async () => {
  await db.delete();
});

it('converts 100,000 events stored a row each into segments, every event and hash intact', async () => {
  db = new KaodianDatabase(`migration-${uuidV4()}`);
  // Three devices, as a site's laptop holds its own chain and two it imported.
  const chains: TestChain[] = [60_000, 39_990, 10].map((count) => {
    const chain = newChain();
    extendChain(chain, noteDrafts(count));
    return chain;
  });
  const rows = chains.flatMap((chain) => chain.events.map((event, i) => eventRow({ event, hash: chain.hashes[i]! })));
  expect(rows).toHaveLength(100_000);
  for (let i = 0; i < rows.length; i += 10_000) await db.events.bulkAdd(rows.slice(i, i + 10_000));
  await db.chainHeads.bulkPut(
    chains.map((chain) => ({
      device: chain.device,
      seq: chain.head!.seq,
      hash: chain.head!.hash,
      hlc: chain.head!.hlc,
    })),
  );
  expect(await pendingMigration(db)).toBe(100_000);

  const ledger = await openLedger(chains[0]!.device, db);

  expect(await pendingMigration(db)).toBe(0);
  for (const chain of chains) {
    const held = await eventsOf(db, chain.device, 1);
    expect(held.map((e) => e.hash)).toEqual(chain.hashes);
    expect(held.map((e) => e.event)).toEqual(chain.events);
    expect(() =>
      verifyChain(
        held.map((e) => e.event),
        { prev: zeroHash, from: 1, device: chain.device },
      ),
    ).not.toThrow();
  }
  expect(ledger.state()).toEqual(project(chains.flatMap((chain) => chain.events)));
}, 600_000);
