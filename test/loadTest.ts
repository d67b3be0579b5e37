/**
 * Load: simulated devices syncing against a real authority (HTTP on loopback, SQLite with
 * synchronous=FULL) for a bounded time. Each device signs and posts batches of its own chain
 * back to back, as a device with a backlog does, and checks every answer. Reports errors,
 * latency percentiles and throughput; stops by itself at the deadline.
 */
import { unusedSealPub } from './support/world';
import { mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { nextEvent, type ChainHead } from '../shared/ledger/append';
import { canonicalize } from '../shared/ledger/canonical';
import { formatTime, uuidV4 } from '../shared/ledger/ids';
import { encodePublicKey } from '../shared/ledger/signing';
import { makeBatch } from '../shared/sync/batch';
import { makeEnrollReply } from '../shared/sync/enrollment';
import { buildServer } from '../authority/http';
import { loadOrCreateAuthority } from '../authority/identity';
import { createService, holdCerts } from '../authority/service';
import { openStore } from '../authority/store';
import { generateSigner } from '../authority/nodeCrypto';

export interface LoadResult {
  devices: number;
  seconds: number;
  requests: number;
  errors: number;
  errorSamples: string[];
  events: number;
  p50Ms: number;
  p99Ms: number;
  requestsPerSecond: number;
  eventsPerSecond: number;
  /** Events the authority holds at the end, which must equal `events`. */
  held: number;
}

export async function runLoad({
  devices,
  seconds,
  eventsPerBatch = 5,
}: {
  devices: number;
  seconds: number;
  eventsPerBatch?: number;
}): Promise<LoadResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kaodian-load-'));
  const identity = await loadOrCreateAuthority(dir, 'load-test-authority');
  const store = await openStore(dir);
  const service = createService(identity, store);
  // Every simulated device comes from 127.0.0.1: the per-address limit would measure itself.
  const app = buildServer(service, { rateLimit: Number.MAX_SAFE_INTEGER });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  const fleet = await Promise.all(
    Array.from({ length: devices }, async () => {
      const signer = generateSigner();
      const device = uuidV4();
      const cert = await makeEnrollReply(
        { device, site: 'LOAD-01', kid: signer.kid, pub: encodePublicKey(signer.publicKey), sealPub: unusedSealPub },
        { id: identity.id, signer: identity.signer, sealPub: encodePublicKey(identity.seal.publicKey) },
        formatTime(Date.now(), 480),
      );
      return { device, signer, cert, head: undefined as ChainHead | undefined };
    }),
  );
  holdCerts(
    service,
    fleet.map((d) => d.cert),
    'load',
  );

  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let events = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    fleet.map(async (d) => {
      while (performance.now() < deadline) {
        const made = [];
        let head = d.head;
        for (let i = 0; i < eventsPerBatch; i++) {
          const { event, hash } = nextEvent(
            d.device,
            head,
            {
              actor: 'device',
              type: 'note.logged',
              body: { session: d.device, category: 'discipline', severity: 'info', text: '负载测试记录' },
            },
            { nowMs: Date.now(), offsetMinutes: 480 },
          );
          head = { seq: event.seq, hash, hlc: event.hlc };
          made.push(event);
        }
        const body = canonicalize(await makeBatch(made, d.signer));
        const sent = performance.now();
        try {
          const response = await fetch(`${base}/v1/batches`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          });
          const answer = (await response.json()) as { accepted?: number; error?: string };
          latencies.push(performance.now() - sent);
          if (response.status !== 200 || answer.accepted !== eventsPerBatch)
            throw new Error(`HTTP ${response.status} ${answer.error ?? ''} accepted ${answer.accepted}`);
          d.head = head;
          events += eventsPerBatch;
        } catch (error) {
          errors += 1;
          if (errorSamples.length < 5) errorSamples.push(String(error));
          // Do not spin on a failing device.
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const held = (await store.eventCount.get())!.count;
  await app.close();
  await store.close();
  const sorted = latencies.sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  return {
    devices,
    seconds: elapsed,
    requests: latencies.length + errors,
    errors,
    errorSamples,
    events,
    p50Ms: at(50),
    p99Ms: at(99),
    requestsPerSecond: latencies.length / elapsed,
    eventsPerSecond: events / elapsed,
    held,
  };
}
