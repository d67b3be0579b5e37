/**
 * Load: simulated devices syncing against real authority processes (HTTP on loopback) for a
 * bounded time — one process on SQLite (synchronous=FULL, group commit), or several intake
 * processes on one PostgreSQL. The devices run in a process of their own
 * (test/loadGenerator.ts), each posting batches back to back. Reports errors, latency
 * percentiles and throughput, and checks that the authority holds every event it accepted.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { formatTime, uuidV4 } from '../shared/ledger/ids';
import { bytesToHex } from '../shared/ledger/hash';
import { encodePublicKey } from '../shared/ledger/signing';
import { makeEnrollReply } from '../shared/sync/enrollment';
import { loadOrCreateAuthority } from '../authority/identity';
import { createService, holdCerts } from '../authority/service';
import { openStore } from '../authority/store';
import { generateSigner, seedOf } from '../authority/nodeCrypto';
import { unusedSealPub } from './support/world';
import { authorityProcess, stopAuthorityProcesses } from './support/authorityProcess';
import type { LoadGeneratorConfig, LoadGeneratorResult } from './loadGenerator';

export interface LoadResult {
  devices: number;
  /** Where the store was: 'sqlite', or 'postgres × N' intake processes. */
  setup: string;
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
  postgresUrl,
  processes = 1,
  maxGroup,
}: {
  devices: number;
  seconds: number;
  eventsPerBatch?: number;
  /** An empty PostgreSQL database to run on; SQLite in the data folder without it. */
  postgresUrl?: string;
  processes?: number;
  /** 1: a commit per batch (group commit off), the anchor. */
  maxGroup?: number;
}): Promise<LoadResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kaodian-load-'));
  const identity = await loadOrCreateAuthority(dir, 'load-test-authority');
  const location = postgresUrl ?? dir;
  const store = await openStore(location);
  const service = createService(identity, store);
  const fleet = await Promise.all(
    Array.from({ length: devices }, async () => {
      const signer = generateSigner();
      const device = uuidV4();
      const cert = await makeEnrollReply(
        { device, site: 'LOAD-01', kid: signer.kid, pub: encodePublicKey(signer.publicKey), sealPub: unusedSealPub },
        { id: identity.id, signer: identity.signer, sealPub: encodePublicKey(identity.seal.publicKey) },
        formatTime(Date.now(), 480),
      );
      return { device, seed: bytesToHex(seedOf(signer)), cert };
    }),
  );
  await holdCerts(
    service,
    fleet.map((d) => d.cert),
    'load',
  );
  let result: LoadGeneratorResult;
  try {
    // Every simulated device comes from 127.0.0.1: the per-address limit would measure itself.
    const bases = await Promise.all(
      Array.from({ length: processes }, () =>
        authorityProcess(dir, location, [
          '--rate-limit',
          '1000000000',
          ...(maxGroup ? ['--max-group', String(maxGroup)] : []),
        ]),
      ),
    );
    const config: LoadGeneratorConfig = {
      bases,
      seconds,
      eventsPerBatch,
      // Enough for ~2,000 batches a second (more are made when a device runs out).
      preparedBatches: Math.ceil((2_000 * seconds) / devices),
      devices: fleet.map(({ device, seed }) => ({ device, seed })),
    };
    const configFile = path.join(dir, 'load.json');
    await writeFile(configFile, JSON.stringify(config));
    result = await new Promise<LoadGeneratorResult>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/loadGenerator.ts', configFile], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0
          ? resolve(JSON.parse(output.trim().split('\n').at(-1)!) as LoadGeneratorResult)
          : reject(new Error(`the load generator ended with ${code}`)),
      );
    });
  } finally {
    await stopAuthorityProcesses();
  }
  const held = (await store.eventCount.get())!.count;
  await store.close();
  const sorted = result.latencies.sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  return {
    devices,
    setup:
      (postgresUrl ? `PostgreSQL, ${processes} intake process${processes > 1 ? 'es' : ''}` : 'SQLite') +
      (maxGroup === 1 ? ', a commit per batch' : ', group commit'),
    seconds: result.seconds,
    requests: sorted.length + result.errors,
    errors: result.errors,
    errorSamples: result.errorSamples,
    events: result.events,
    p50Ms: at(50),
    p99Ms: at(99),
    requestsPerSecond: sorted.length / result.seconds,
    eventsPerSecond: result.events / result.seconds,
    held,
  };
}
