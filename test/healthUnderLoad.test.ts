/**
 * A package is checked before it is opened and inflated off the event loop (FORMATS.md §5): while
 * a real authority process refuses the unsigned package declaring 512 MiB and opens a signed one
 * that inflates to 256 MiB in its worker pool, /v1/health keeps answering within 100 ms.
 * Timing-sensitive: `npm test` runs this file alone, after the other unit tests (scripts/test.ts).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { deflateSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalBytes } from '../shared/ledger/canonical';
import { sha256Hex } from '../shared/ledger/hash';
import { formatTime } from '../shared/ledger/ids';
import { signDocument } from '../shared/ledger/signing';
import { corpusDevice, corpusDir, corpusKeys, corpusSite } from './attackCorpus';
import { corpusDataDir } from './support/corpusAuthority';
import { authorityProcess, sendCorpusRequest, stopAuthorityProcesses } from './support/authorityProcess';
import { rawZip } from './support/rawZip';

const file = (name: string) => readFile(path.join(corpusDir, name)).then((b) => new Uint8Array(b));
const serve = authorityProcess;
const send = sendCorpusRequest;
afterEach(stopAuthorityProcesses);

describe('the intake under a heavy package', { timeout: 120_000 }, () => {
  it('keeps /v1/health within 100 ms while it refuses the unsigned 512 MiB package and opens a signed 256 MiB one', async () => {
    const dir = await corpusDataDir();
    const base = await serve(dir);
    // Made before the clock starts: this process's own work must not count as the service's delay.
    const unsigned = await file('unsigned-512mib.kdpkg');
    const signed = await signedHeavyPackage();
    const latencies: number[] = [];
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const started = performance.now();
        expect((await fetch(`${base}/v1/health`)).status).toBe(200);
        latencies.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 200));

    const started = performance.now();
    expect(await send(base, { route: 'packages' }, unsigned)).toMatchObject({ status: 422, error: 'bad_signature' });
    const refusedMs = performance.now() - started;

    const opened = await send(base, { route: 'packages' }, signed);
    expect(opened).toMatchObject({ status: 200, error: 'bad_json' });
    polling = false;
    await poll;
    latencies.sort((a, b) => a - b);
    console.log(
      `attack corpus (health): unsigned 512 MiB refused in ${refusedMs.toFixed(0)} ms; /v1/health over ${latencies.length} calls: p50 ${latencies[latencies.length >> 1]!.toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`,
    );
    expect(refusedMs).toBeLessThan(1000);
    expect(latencies.length).toBeGreaterThan(20);
    expect(latencies.at(-1)!).toBeLessThan(100);
  });
});

/**
 * A package signed by the corpus device whose four batch entries each inflate to 64 MiB (not
 * JSON: each is refused as bad_json after it is inflated and hashed — the work the pool does).
 */
async function signedHeavyPackage(): Promise<Uint8Array> {
  const keys = await corpusKeys();
  const size = 64 * 1024 * 1024;
  const data = new Uint8Array(size);
  for (let i = 0; i < size; i += 700) data[i] = (i * 2654435761) >>> 24;
  const compressed = deflateSync(data, { level: 1 });
  const sha256 = sha256Hex(data);
  const paths = Array.from({ length: 4 }, (_, i) => `batches/${corpusDevice}_${i * 10 + 1}-${i * 10 + 10}.json`);
  const certPath = `certs/${keys.certs.device.deviceKid}.json`;
  const cert = canonicalBytes(keys.certs.device);
  const manifest = await signDocument(
    {
      v: 1 as const,
      kind: 'kaodian.package' as const,
      id: '5a1c2e3f-4b5d-4e6f-8a7b-9c0d1e2f3a4d',
      createdAt: formatTime(Date.parse('2026-11-26T10:00:00.000+08:00'), 480),
      by: corpusDevice,
      kid: keys.device.kid,
      site: corpusSite,
      entries: [
        ...paths.map((path) => ({ path, sha256, size })),
        { path: certPath, sha256: sha256Hex(cert), size: cert.length },
      ],
    },
    keys.device,
  );
  const manifestBytes = canonicalBytes(manifest);
  return rawZip([
    { name: 'manifest.json', data: manifestBytes, compressed: deflateSync(manifestBytes) },
    ...paths.map((name) => ({ name, data, compressed })),
    { name: certPath, data: cert, compressed: deflateSync(cert) },
  ]);
}
