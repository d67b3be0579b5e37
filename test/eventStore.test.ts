/**
 * The segment store (issue 20 prototype): appends one at a time and imports in bulk land in
 * sealed segments of 1,000 and a tail; ranges across segment boundaries, everything in order and
 * the count read back exactly what went in; the migration from one row per event moves every
 * event and hash, in steps that a closed database resumes.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { uuidV4 } from '../shared/ledger/ids';
import { extendChain, newChain, noteDrafts, type TestChain } from './support/chains';
import { KaodianDatabase, eventRow } from '../renderer/db/database';
import { addEvents, allEvents, eventsOf, migrateStep, segmentEvents } from '../renderer/db/eventStore';
import { signedBatchOf } from '../renderer/db/sync';
import { makeSignedBatch } from '../shared/sync/batch';
import { generateSigner } from '../authority/nodeCrypto';
import { concatBytes } from '@noble/hashes/utils.js';

let db: KaodianDatabase;
afterEach(async () => {
  await db.delete();
});

const stored = (chain: TestChain) => chain.events.map((event, i) => ({ event, hash: chain.hashes[i]! }));

function chainOf(count: number): TestChain {
  const chain = newChain();
  extendChain(chain, noteDrafts(count));
  return chain;
}

describe('events as segments', () => {
  it('seal every 1,000 appends; ranges, order and count read back what went in', async () => {
    db = new KaodianDatabase(`segments-${uuidV4()}`);
    const a = chainOf(2_500);
    const b = chainOf(30);
    await db.transaction('rw', db.segments, db.tail, async () => {
      for (const [i, event] of stored(a).entries()) {
        await addEvents(db, [event]);
        if (i < b.events.length) await addEvents(db, [stored(b)[i]!]);
      }
    });
    const segments = await db.segments.toArray();
    expect(segments.filter((s) => s.device === a.device).map((s) => [s.first, s.last])).toEqual([
      [1, 1_000],
      [1_001, 2_000],
    ]);
    expect(await db.tail.where('[device+seq]').between([a.device, 0], [a.device, 1e9]).count()).toBe(500);
    for (const [from, to] of [
      [995, 1_005],
      [1, 1],
      [1_000, 1_001],
      [1_990, 2_010],
      [2_400, 2_500],
      [2_499, 9_999],
    ] as const)
      expect((await eventsOf(db, a.device, from, to)).map((e) => e.event.seq)).toEqual(
        Array.from({ length: Math.min(to, 2_500) - from + 1 }, (_, i) => from + i),
      );
    const all = await allEvents(db);
    expect(all).toHaveLength(2_530);
    const ofA = all.filter((e) => e.event.device === a.device);
    expect(ofA.map((e) => e.event)).toEqual(a.events);
    expect(ofA.map((e) => e.hash)).toEqual(a.hashes);
  });

  it('write a bulk import as whole segments and the rest as tail', async () => {
    db = new KaodianDatabase(`segments-${uuidV4()}`);
    const a = chainOf(3_456);
    await db.transaction('rw', db.segments, db.tail, async () => {
      await addEvents(db, stored(a).slice(0, 700));
      await addEvents(db, stored(a).slice(700));
    });
    expect((await db.segments.toArray()).map((s) => s.texts.length)).toEqual([
      segmentEvents,
      segmentEvents,
      segmentEvents,
    ]);
    expect(await db.tail.count()).toBe(456);
    expect((await eventsOf(db, a.device, 1)).map((e) => e.hash)).toEqual(a.hashes);
  });

  it('migrate one row per event into segments, every event and hash intact, resumable', async () => {
    const name = `segments-${uuidV4()}`;
    db = new KaodianDatabase(name);
    const chains = [chainOf(2_345), chainOf(1_001), chainOf(7)];
    await db.events.bulkAdd(chains.flatMap((chain) => stored(chain).map(eventRow)));
    expect(await migrateStep(db, segmentEvents)).toBe(segmentEvents);
    // A start interrupted after one step: the next start goes on from where it was.
    db.close();
    db = new KaodianDatabase(name);
    let moved = segmentEvents;
    for (let step = await migrateStep(db, 700); step > 0; step = await migrateStep(db, 700)) moved += step;
    expect(moved).toBe(3_353);
    expect(await db.events.count()).toBe(0);
    for (const chain of chains) {
      const held = await eventsOf(db, chain.device, 1);
      expect(held.map((e) => e.event)).toEqual(chain.events);
      expect(held.map((e) => e.hash)).toEqual(chain.hashes);
    }
  });
});

describe('batches signed from the stored texts', () => {
  it('are byte for byte the batches made from the events', async () => {
    db = new KaodianDatabase(`segments-${uuidV4()}`);
    const a = chainOf(1_234);
    await db.transaction('rw', db.segments, db.tail, () => addEvents(db, stored(a)));
    const signer = generateSigner();
    for (const [from, to] of [
      [1, 500],
      [990, 1_010],
      [1_001, 1_234],
    ] as const) {
      const fromStore = await signedBatchOf(a.device, from, to, signer, db);
      const fromEvents = await makeSignedBatch(a.events.slice(from - 1, to), signer);
      expect(concatBytes(...fromStore.body)).toEqual(concatBytes(...fromEvents.body));
    }
  });
});
