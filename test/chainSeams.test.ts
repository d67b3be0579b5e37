/**
 * The chain across batches, on both roads alike (FORMATS.md §3): any interleaving of valid,
 * duplicated, spliced, restarted and forked batches, delivered again and again as a device
 * would, ends with exactly the valid chain held — at the authority (its store) and at another
 * device of the site (the app's package import on fake-indexeddb), and in the pure model.
 */
import 'fake-indexeddb/auto';
import { eventsOf } from '../renderer/db/eventStore';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createService, storeVerifiedBatch } from '../authority/service';
import { openStore } from '../authority/store';
import { KaodianDatabase } from '../renderer/db/database';
import { openLedger } from '../renderer/db/ledger';
import { acceptBatches } from '../renderer/db/sync';
import { sha256Hex, zeroHash } from '../shared/ledger/hash';
import { uuidV4 } from '../shared/ledger/ids';
import { makeBatch, verifyBatch, type VerifiedBatch } from '../shared/sync/batch';
import { judgeBatch } from '../shared/sync/judge';
import { resolverFromKeys } from '../shared/sync/keys';
import { generateSigner, nodeVerify } from '../authority/nodeCrypto';
import { testAuthorityIdentity } from './support/authorityIdentity';
import { extendChain, newChain, noteDrafts, type TestChain } from './support/chains';

const signer = generateSigner();
const bogus = sha256Hex(new TextEncoder().encode('not a hash of this chain'));

/** A chain of `count` events from `firstSeq`, after a head that may be bogus (a splice or a restart). */
function chainFrom(
  device: string,
  firstSeq: number,
  count: number,
  prev: string,
  afterHlc: string | undefined,
  label: string,
): TestChain {
  const chain = newChain(device);
  if (firstSeq > 1 || prev !== zeroHash)
    chain.head = { seq: firstSeq - 1, hash: prev, hlc: afterHlc ?? '000000000000000-00000' };
  extendChain(
    chain,
    noteDrafts(count).map((d) => ({ ...d, body: { ...d.body, text: `${label} ${String(d.body.text)}` } })),
  );
  return chain;
}

async function verified(events: TestChain['events']): Promise<VerifiedBatch> {
  const keys = resolverFromKeys([{ kid: signer.kid, owner: events[0]!.device, publicKey: signer.publicKey }]);
  return verifyBatch(await makeBatch(events, signer), keys, nodeVerify);
}

const kinds = ['duplicate', 'splice', 'restart', 'fork'] as const;
/** 25 interleavings in `npm test`, 500 with KAODIAN_SOAK=1 (`npm run soak`). */
const runs = process.env.KAODIAN_SOAK === '1' ? 500 : 25;

describe('the chain across batches, on both roads', () => {
  it('any interleaving ends with exactly the valid chain held, at the authority and on another device (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 6, max: 24 }),
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.record({ kind: fc.constantFrom(...kinds), a: fc.nat(), b: fc.nat() }), { maxLength: 6 }),
        fc.func(fc.integer()),
        async (length, cuts, hostile, order) => {
          const device = uuidV4();
          const valid = chainFrom(device, 1, length, zeroHash, undefined, '真');
          // The valid chain cut into consecutive batches.
          const ranges: [number, number][] = [];
          for (let from = 1, i = 0; from <= length; i += 1) {
            const to = Math.min(length, from + cuts[i % cuts.length]! - 1);
            ranges.push([from, to]);
            from = to + 1;
          }
          const deliveries: { kind: string; batch: VerifiedBatch }[] = [];
          for (const [from, to] of ranges)
            deliveries.push({ kind: 'valid', batch: await verified(valid.events.slice(from - 1, to)) });
          for (const { kind, a, b } of hostile) {
            const from = kind === 'restart' || kind === 'fork' ? 1 : 2 + (a % (length - 1));
            const to = Math.min(length + 3, from + (b % 5));
            if (kind === 'duplicate')
              deliveries.push({ kind, batch: await verified(valid.events.slice(from - 1, Math.min(to, length))) });
            else {
              const prev = kind === 'fork' ? zeroHash : bogus;
              const before = from > 1 ? valid.events[from - 2]!.hlc : undefined;
              deliveries.push({
                kind,
                batch: await verified(chainFrom(device, from, to - from + 1, prev, before, kind).events),
              });
            }
          }
          // The first valid batch first (a competing history that arrives first is indistinguishable
          // from the real one: that is what the fork quarantine is for); the rest in any order.
          const [first, ...rest] = deliveries;
          const ordered = [
            first!,
            ...rest
              .map((d, i) => ({ d, k: order(i) }))
              .sort((x, y) => x.k - y.k)
              .map((x) => x.d),
          ];

          // The pure model.
          const model: string[] = [];
          // The authority's store.
          const store = await openStore(await mkdtemp(path.join(os.tmpdir(), 'seams-')));
          const service = createService(await testAuthorityIdentity('seams', signer), store);
          // Another device of the site.
          const db = new KaodianDatabase(`seams-${uuidV4()}`);
          const ledger = await openLedger(uuidV4(), db);
          // A third, given the whole interleaving in one import each time (a USB package holds
          // many batches): judged against what the call's earlier batches added, stored in one go.
          const dbAtOnce = new KaodianDatabase(`seams-${uuidV4()}`);
          const ledgerAtOnce = await openLedger(uuidV4(), dbAtOnce);
          try {
            // Delivered again and again, as a device resends after a gap, until nothing changes.
            for (let round = 0; round < ordered.length + 1; round += 1) {
              for (const { batch } of ordered) {
                const judgement = judgeBatch({ ...batch.batch, firstHlc: batch.batch.events[0]!.hlc }, batch.hashes, {
                  through: model.length,
                  events: new Map(model.map((hash, i) => [i + 1, { hash, hlc: valid.events[i]!.hlc }])),
                });
                if (judgement.status === 'accepted') model.push(...batch.hashes.slice(-judgement.fresh));
                await storeVerifiedBatch(service, batch);
                await acceptBatches(ledger.device, [batch], ledger, db);
              }
              await acceptBatches(
                ledgerAtOnce.device,
                ordered.map((o) => o.batch),
                ledgerAtOnce,
                dbAtOnce,
              );
            }
            expect(model).toEqual(valid.hashes);
            expect((await store.heldBetween.all(device, 1, Number.MAX_SAFE_INTEGER)).map((row) => row.hash)).toEqual(
              valid.hashes,
            );
            expect((await eventsOf(db, device, 1)).map((row) => row.hash)).toEqual(valid.hashes);
            expect((await eventsOf(dbAtOnce, device, 1)).map((row) => row.hash)).toEqual(valid.hashes);
            expect(ledgerAtOnce.state()).toEqual(ledger.state());
          } finally {
            await store.close();
            await db.delete();
            await dbAtOnce.delete();
          }
        },
      ),
      { numRuns: runs },
    );
    console.log(
      `chain seams: ${runs} interleavings of valid, duplicated, spliced, restarted and forked batches; the valid chain held on both roads every time`,
    );
  }, 1_800_000);
});
