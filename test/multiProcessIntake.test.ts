/**
 * Several intake processes on one PostgreSQL (issue 18): three real `authority serve --db`
 * processes, and every batch of a scored session (the demo site on two laptops) delivered one
 * to five times, each time to a process picked at random, many at once. A batch that arrives
 * before its predecessor gets `gap` and is sent again later, as a device resends. Per-device
 * serialisation lives in the database (an advisory lock), so the three processes together hold
 * each event exactly once, every receipt they sign for one head is the same, and the results
 * the authority computes equal the site's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../shared/domain/demoSite';
import { sessionResults } from '../shared/domain/scoring';
import { canonicalize } from '../shared/ledger/canonical';
import type { LedgerEvent } from '../shared/ledger/event';
import { chunkEvents, makeBatch } from '../shared/sync/batch';
import type { Batch } from '../shared/sync/schemas';
import { project } from '../shared/state/project';
import { createService, heldEvents, holdCerts } from '../authority/service';
import { openStore } from '../authority/store';
import { buildDemoDevices, demoAuthorityId } from '../tools/demoPackage';
import { testAuthorityIdentity } from './support/authorityIdentity';
import { authorityProcess, stopAuthorityProcesses } from './support/authorityProcess';
import { authorityDataDir } from './support/corpusAuthority';
import { storeLocation } from './support/engines';

afterEach(stopAuthorityProcesses);

describe('three intake processes on one PostgreSQL', { timeout: 180_000 }, () => {
  it.each([1, 2])(
    'seed %i: each batch 1–5 times to random processes at once → each event exactly once',
    async (seed) => {
      const random = seededRandom(seed);
      const { authority, authoritySealSeed, office, bench, certs } = await buildDemoDevices();
      const dir = await authorityDataDir(demoAuthorityId, authority, authoritySealSeed);
      const url = await storeLocation('postgres', dir);
      const store = await openStore(url);
      const service = createService(await testAuthorityIdentity(demoAuthorityId, authority, authoritySealSeed), store);
      await holdCerts(service, certs, 'demo');
      const bases = await Promise.all([1, 2, 3].map(() => authorityProcess(dir, url, ['--rate-limit', '1000000'])));

      const batches: Batch[] = [];
      for (const d of [office, bench])
        for (const chunk of chunkEvents(d.events, 5)) batches.push(await makeBatch(chunk, d.signer));
      let queue: Batch[] = batches.flatMap((batch) =>
        Array.from({ length: 1 + Math.floor(random() * 5) }, () => batch),
      );
      for (let i = queue.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [queue[i], queue[j]] = [queue[j]!, queue[i]!];
      }
      const deliveries = queue.length;
      const tally = { sent: 0, accepted: 0, gaps: 0, byProcess: [0, 0, 0] };
      const receipts = new Map<string, string>();
      // Sixteen deliveries in flight at a time, each to a process picked at random.
      const worker = async () => {
        for (let batch = queue.shift(); batch; batch = queue.shift()) {
          const which = Math.floor(random() * bases.length);
          tally.byProcess[which]! += 1;
          tally.sent += 1;
          const response = await fetch(`${bases[which]}/v1/batches`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: canonicalize(batch),
          });
          const body = (await response.json()) as {
            accepted?: number;
            error?: string;
            receipt?: { device: string; through: number };
          };
          if (response.status === 409 && body.error === 'gap') {
            tally.gaps += 1;
            queue = [...queue, batch];
            await new Promise((r) => setTimeout(r, 5));
            continue;
          }
          expect(response.status, JSON.stringify(body)).toBe(200);
          tally.accepted += body.accepted!;
          // One head, one receipt: whichever process signed it first, the others give the same.
          const key = `${body.receipt!.device}/${body.receipt!.through}`;
          const text = canonicalize(body.receipt);
          expect(receipts.get(key) ?? text).toBe(text);
          receipts.set(key, text);
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));

      const siteEvents: LedgerEvent[] = [...office.events, ...bench.events];
      expect(tally.accepted).toBe(siteEvents.length);
      const held = await heldEvents(service);
      expect(held).toHaveLength(siteEvents.length);
      expect(new Set(held.map((e) => `${e.device}/${e.seq}`)).size).toBe(siteEvents.length);
      const session = Object.keys(project(siteEvents).sessions)[0]!;
      expect(sessionResults(project(held), session)).toEqual(sessionResults(project(siteEvents), session));
      expect(tally.byProcess.every((n) => n > 0)).toBe(true);
      console.log(
        `three intake processes (seed ${seed}): ${batches.length} batches in ${deliveries} deliveries (${tally.byProcess.join(' / ')} per process, ${tally.gaps} gaps resent), ${siteEvents.length} events held once`,
      );
      await store.close();
    },
  );
});
