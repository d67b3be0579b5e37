/**
 * Network faults: the app's own sync engine (renderer/sync/online.ts, its data layer on
 * fake-indexeddb, WebCrypto signatures) syncs through a fault-injecting proxy to a real
 * authority. Requests are dropped, delayed, sent twice, cut midway (either way) and answered
 * with 500. Sync is retried as the app retries it until nothing is waiting; then the authority
 * holds every event exactly once, with the hashes the device holds, and the receipts verify.
 * 1,000 batches in `npm test`, 4,000 with KAODIAN_SOAK=1.
 */
import { eventCount, eventsOf } from '../renderer/db/eventStore';
import 'fake-indexeddb/auto';
import { mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { anHourAfter, demoSite, seededRandom } from '../shared/domain/demoSite';
import { formatTime } from '../shared/ledger/ids';
import { encodePublicKey } from '../shared/ledger/signing';
import { makeEnrollRequest } from '../shared/sync/enrollment';
import { buildServer } from '../authority/http';
import { loadOrCreateAuthority } from '../authority/identity';
import { createService, enroll, newEnrollCode } from '../authority/service';
import { engines, testStore } from './support/engines';
import { database } from '../renderer/db/database';
import { currentDeviceSigner, loadOrCreateIdentity } from '../renderer/db/identity';
import { openLedger } from '../renderer/db/ledger';
import { writeSetting, type Enrollment } from '../renderer/db/settings';
import { unacknowledged } from '../renderer/db/sync';
import { refreshReceipt, syncOnce } from '../renderer/sync/online';
import { startFaultProxy } from './faultProxy';
import { bridgeGlobalName, type PlatformBridge } from '../shared/ipc';
import { districtFetch } from '../electron/district';

// The renderer reaches the authority through its platform (shared/sync/district.ts): here, as in
// the desktop app, the main process's call (electron/district.ts), with Node's fetch for Electron's.
const districtBridge: Pick<PlatformBridge, 'district'> = { district: (request) => districtFetch(request, fetch) };
Object.assign(globalThis, { window: { [bridgeGlobalName]: districtBridge } });

const soak = process.env.KAODIAN_SOAK === '1';
const batchEvents = 3;
const batches = Number(process.env.KAODIAN_BATCHES ?? (soak ? 4_000 : 1_000));

describe('sync through a faulty network', { timeout: soak ? 3_600_000 : 300_000 }, () => {
  it.each(engines)(
    `${batches.toLocaleString()} batches arrive exactly once through drops, delays, duplicates, cut bodies and 500s (%s)`,
    async (engine) => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'kaodian-faults-'));
      const identity = await loadOrCreateAuthority(dir, 'weihai-hrss');
      const store = await testStore(engine, dir);
      const service = createService(identity, store);
      // The per-address limit (1,200 a minute) is not under test here; every request comes from loopback.
      const authority = buildServer(service, { rateLimit: 1_000_000 });
      await authority.listen({ port: 0, host: '127.0.0.1' });
      const random = seededRandom(20261126);
      const proxy = await startFaultProxy(
        `http://127.0.0.1:${(authority.server.address() as AddressInfo).port}`,
        { drop: 0.05, delay: 0.05, duplicate: 0.05, cut_request: 0.05, cut_response: 0.05, error_500: 0.05 },
        random,
      );
      try {
        // The device: identity, enrolment, and its events written through the app's own ledger.
        const device = await loadOrCreateIdentity();
        const signer = await currentDeviceSigner();
        const request = await makeEnrollRequest(
          {
            code: await newEnrollCode(service, 'WH-0301'),
            device: device.device,
            site: 'WH-0301',
            name: '考务一号机',
            at: formatTime(Date.now(), 480),
            sealPub: encodePublicKey(device.sealPublicKey!),
          },
          signer,
        );
        const cert = await enroll(service, request);
        const enrollment: Enrollment = {
          authority: identity.id,
          authorityKid: identity.signer.kid,
          authorityPub: encodePublicKey(identity.signer.publicKey),
          cert,
          pinnedAt: formatTime(Date.now(), 480),
        };
        await writeSetting('enrollment', enrollment);
        const ledger = await openLedger(device.device);
        const site = demoSite(2026, 30, anHourAfter(Date.now()));
        await ledger.appendAll(site.setup);
        const present = site.candidates.map((c) => c.id);
        const target = batches * batchEvents;
        for (let n = await eventCount(database()); n < target; n += 100) {
          const count = Math.min(100, target - n);
          await ledger.appendAll(
            Array.from({ length: count }, (_, i) => ({
              actor: site.manager,
              type: 'candidate.checked_in',
              body: {
                session: site.session,
                candidate: present[(n + i) % present.length]!,
                state: (n + i) % 7 ? 'present' : 'absent',
                pledge: true,
                identity: 'id_matched',
                // Filler events: the same candidates over and over, so a changed state carries its reason.
                changeReason: '反复签到（网络故障测试的填充记录）',
              },
            })),
          );
        }
        const held = await eventsOf(database(), device.device, 1);
        expect(held).toHaveLength(target);

        // Retried as the app retries (without waiting out the backoff), until nothing waits.
        let passes = 0;
        let failures = 0;
        for (;;) {
          passes += 1;
          try {
            await refreshReceipt(proxy.url, device.device, enrollment);
            await syncOnce(proxy.url, device.device, enrollment, () => {}, { batchEvents });
          } catch (error) {
            failures += 1;
            if (process.env.KAODIAN_TRACE)
              console.log(
                passes,
                error instanceof Error ? `${(error as { code?: string }).code} ${error.message}` : error,
                (await database().receipts.get(device.device))?.through,
              );
          }
          if ((await unacknowledged(device.device)).length === 0) break;
          expect(passes, 'sync never completed').toBeLessThan(batches * 2);
        }

        // Nothing lost, nothing doubled: the authority holds exactly the device's events.
        const accepted = (await store.allEvents.all()).map((row) => JSON.parse(row.event) as { seq: number });
        expect(accepted.map((e) => e.seq)).toEqual(held.map((row) => row.event.seq));
        const hashes = (await store.heldBetween.all(device.device, 1, target)).map((row) => row.hash);
        expect(hashes).toEqual(held.map((row) => row.hash));
        const receipt = await database().receipts.get(device.device);
        expect(receipt?.through).toBe(target);
        const faults = Object.entries(proxy.counts).filter(([kind]) => kind !== 'pass');
        for (const [kind, count] of faults) expect(count, kind).toBeGreaterThan(0);
        console.log(
          `network faults: ${target} events in ${batches} batches synced in ${passes} passes (${failures} failed); proxy ${JSON.stringify(proxy.counts)}`,
        );
      } finally {
        await proxy.close();
        await authority.close();
        await store.close();
        // The next engine's run starts from an empty device database (deleted, then opened anew).
        await database().delete();
        await database().open();
      }
    },
  );
});
