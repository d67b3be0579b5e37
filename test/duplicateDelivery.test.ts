/**
 * Duplicate delivery: every batch of a scored session (the demo site on two laptops) delivered
 * one to five times, over HTTP and inside USB packages, in random order. A batch arriving
 * before its predecessor gets `gap` and is delivered again later, as a device would resend it.
 * Among them, hostile copies signed by the same device keys: a chain restarted at seq 1 and
 * one spliced at a batch boundary (another prev, re-chained after it); each is refused
 * (broken_chain, or fork once the real events are held) and never taken. The authority ends
 * holding each event exactly once, and the results it computes with shared/state equal the site's.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../shared/domain/demoSite';
import { sessionResults } from '../shared/domain/scoring';
import { canonicalize } from '../shared/ledger/canonical';
import { hashEvent, type LedgerEvent } from '../shared/ledger/event';
import { sha256Hex } from '../shared/ledger/hash';
import { formatTime, uuidV4 } from '../shared/ledger/ids';
import { chunkEvents, makeBatch } from '../shared/sync/batch';
import { writePackage } from '../shared/sync/package';
import type { Batch } from '../shared/sync/schemas';
import { project } from '../shared/state/project';
import { testAuthorityIdentity } from './support/authorityIdentity';
import { buildServer } from '../authority/http';
import { createService, holdCerts } from '../authority/service';
import { engines, testStore } from './support/engines';
import { buildDemoDevices, demoAuthorityId, demoSiteCode } from '../tools/demoPackage';

const soak = process.env.KAODIAN_SOAK === '1';

describe.each(engines)('duplicate delivery on %s', { timeout: 300_000 }, (engine) => {
  it.each(soak ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] : [1, 2])(
    'seed %i: each batch 1–5 times by HTTP and USB in random order → each event exactly once, the same results',
    async (seed) => {
      const random = seededRandom(seed);
      const { authority, office, bench, certs } = await buildDemoDevices();
      const dir = await mkdtemp(path.join(os.tmpdir(), 'kaodian-dup-'));
      const store = await testStore(engine, dir);
      const service = createService(await testAuthorityIdentity(demoAuthorityId, authority), store);
      await holdCerts(service, certs, 'demo');
      const app = buildServer(service, { rateLimit: 1_000_000 });
      try {
        const batches: Batch[] = [];
        for (const d of [office, bench])
          for (const chunk of chunkEvents(d.events, 7)) batches.push(await makeBatch(chunk, d.signer));
        // Hostile copies: events from `from` re-chained after a prev that is not the held one.
        const hostile = new Set<Batch>();
        const bogus = sha256Hex(new TextEncoder().encode(`seed ${seed}: not a hash of this chain`));
        for (const d of [office, bench]) {
          const splicedFrom = 8 + Math.floor(random() * (d.events.length - 10));
          for (const from of [1, splicedFrom]) {
            const events: LedgerEvent[] = [];
            for (const event of d.events.slice(from - 1, from + 6))
              events.push({ ...event, prev: events.length ? hashEvent(events.at(-1)!) : bogus });
            hostile.add(await makeBatch(events, d.signer));
          }
        }
        // Each delivery: one batch over HTTP, or a package of one to three batches (carried by the office laptop).
        type Delivery = { road: 'http'; batch: Batch } | { road: 'usb'; batches: Batch[] };
        let queue: Delivery[] = [];
        for (const batch of hostile)
          for (let copy = 1 + Math.floor(random() * 3); copy > 0; copy--)
            queue.push(random() < 0.5 ? { road: 'http', batch } : { road: 'usb', batches: [batch] });
        for (const batch of batches) {
          for (let copy = 1 + Math.floor(random() * 5); copy > 0; copy--) {
            if (random() < 0.5) queue.push({ road: 'http', batch });
            else {
              const extra = batches
                .filter((b) => b !== batch)
                .filter(() => random() < 0.03)
                .slice(0, 2);
              queue.push({ road: 'usb', batches: [batch, ...extra] });
            }
          }
        }
        const shuffle = <T>(list: T[]) => {
          for (let i = list.length - 1; i > 0; i--) {
            const j = Math.floor(random() * (i + 1));
            [list[i], list[j]] = [list[j]!, list[i]!];
          }
          return list;
        };
        queue = shuffle(queue);
        const tally = { deliveries: 0, accepted: 0, duplicate: 0, gaps: 0, hostileRefused: 0 };
        const refusedAsHostile = (error: string | undefined) => error === 'broken_chain' || error === 'fork';
        while (queue.length) {
          const delivery = queue.shift()!;
          tally.deliveries += 1;
          if (delivery.road === 'http') {
            const response = await app.inject({
              method: 'POST',
              url: '/v1/batches',
              headers: { 'content-type': 'application/json' },
              payload: canonicalize(delivery.batch),
            });
            const body = response.json() as { accepted?: number; duplicate?: number; error?: string };
            if (response.statusCode === 409 && body.error === 'gap') {
              tally.gaps += 1;
              queue.push(delivery);
              continue;
            }
            if (hostile.has(delivery.batch)) {
              expect(refusedAsHostile(body.error), response.body).toBe(true);
              tally.hostileRefused += 1;
              continue;
            }
            expect(response.statusCode, response.body).toBe(200);
            tally.accepted += body.accepted!;
            tally.duplicate += body.duplicate!;
          } else {
            const bytes = await writePackage(
              { id: uuidV4(), createdAt: formatTime(Date.now(), 480), by: office.device, site: demoSiteCode },
              { batches: delivery.batches, certs },
              office.signer,
            );
            const response = await app.inject({
              method: 'POST',
              url: '/v1/packages',
              headers: { 'content-type': 'application/octet-stream' },
              payload: Buffer.from(bytes),
            });
            expect(response.statusCode, response.body).toBe(200);
            const results = (
              response.json() as { batches: { status: string; error?: string; from: number; device: string }[] }
            ).batches;
            // A batch judged `gap` inside a package is carried again on a later trip.
            const later = delivery.batches.filter((b) =>
              results.some((r) => r.device === b.device && r.from === b.from && r.error === 'gap'),
            );
            if (later.length) {
              tally.gaps += 1;
              queue.push({ road: 'usb', batches: later });
            }
            const isHostile = (r: { device: string; from: number }) =>
              delivery.batches.some((b) => hostile.has(b) && b.device === r.device && b.from === r.from);
            for (const r of results.filter(isHostile).filter((r) => r.error !== 'gap')) {
              expect(refusedAsHostile(r.error), JSON.stringify(r)).toBe(true);
              tally.hostileRefused += 1;
            }
            expect(
              results.filter((r) => !isHostile(r) && r.status === 'rejected' && r.error !== 'gap'),
              JSON.stringify(results),
            ).toEqual([]);
          }
        }

        const siteEvents: LedgerEvent[] = [...office.events, ...bench.events];
        const held = (await store.allEvents.all()).map((row) => JSON.parse(row.event) as LedgerEvent);
        expect(held).toHaveLength(siteEvents.length);
        expect(new Set(held.map((e) => `${e.device}/${e.seq}`)).size).toBe(siteEvents.length);
        const atAuthority = project(held);
        const atSite = project(siteEvents);
        const session = Object.keys(atSite.sessions)[0]!;
        expect(sessionResults(atAuthority, session)).toEqual(sessionResults(atSite, session));
        expect(sessionResults(atSite, session).scored).toBeGreaterThan(20);
        console.log(
          `duplicate delivery (seed ${seed}): ${batches.length} batches and ${hostile.size} restarted or spliced copies in ${tally.deliveries} deliveries, ${tally.gaps} gaps answered, ${tally.hostileRefused} hostile deliveries refused, ${siteEvents.length} events held once`,
        );
      } finally {
        await app.close();
        await store.close();
      }
    },
  );
});
