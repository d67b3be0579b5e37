/**
 * The attack corpus against a real authority process (`authority serve`, HTTP on loopback, its
 * SQLite file) and through `authority import`: every case gets its FORMATS.md answer and changes
 * nothing but the quarantine. And a package refused before it is opened keeps the service
 * answering: /v1/health stays within 100 ms while the unsigned 512 MiB package is refused, and
 * while a signed one that inflates to 256 MiB is opened in the worker pool.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { deflateSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../authority/cli';
import { canonicalBytes } from '../shared/ledger/canonical';
import { sha256Hex } from '../shared/ledger/hash';
import { formatTime } from '../shared/ledger/ids';
import { signDocument } from '../shared/ledger/signing';
import { corpusDevice, corpusDir, corpusKeys, corpusSite, type CorpusCase } from './attackCorpus';
import { rawZip } from './testing/rawZip';
import { corpusDataDir, corpusRequest, expectQuarantined } from './testing/corpusAuthority';

const index = JSON.parse(await readFile(path.join(corpusDir, 'index.json'), 'utf8')) as CorpusCase[];
const file = (name: string) => readFile(path.join(corpusDir, name)).then((b) => new Uint8Array(b));

let running: ChildProcess[] = [];
afterEach(async () => {
  await Promise.all(running.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : (child.once('exit', resolve), child.kill('SIGTERM'))))));
  running = [];
});

/** `authority serve` on a free port over `dir`; resolves with its base URL once it listens. */
async function serve(dir: string): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'authority/cli.ts', 'serve', '--port', '0', '--data', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  running.push(child);
  for await (const line of createInterface({ input: child.stdout! })) {
    const match = /^listening on (http:\/\/[^/]+)\//.exec(line);
    if (match) return match[1]!;
  }
  throw new Error('the authority process ended before it listened');
}

/** What an acceptance may change in a data folder, and its quarantine. */
function inspect(dir: string) {
  const db = new Database(path.join(dir, 'authority.sqlite'), { readonly: true });
  try {
    return {
      held: JSON.stringify([
        db.prepare('SELECT device, seq, hash FROM events ORDER BY device, seq').all(),
        db.prepare('SELECT kid, device, revoked_at IS NOT NULL AS revoked FROM keys ORDER BY kid').all(),
        db.prepare('SELECT hash FROM attachments ORDER BY hash').all(),
        db.prepare('SELECT code, used_at IS NOT NULL AS used FROM codes ORDER BY code').all(),
      ]),
      quarantined: (db.prepare('SELECT COUNT(*) AS n FROM quarantine').get() as { n: number }).n,
      last: db.prepare('SELECT body, body_sha256, body_size FROM quarantine ORDER BY id DESC LIMIT 1').get() as { body: Buffer | null; body_sha256: string | null; body_size: number | null } | undefined,
    };
  } finally {
    db.close();
  }
}

async function send(base: string, c: Pick<CorpusCase, 'route' | 'contentType'>, bytes: Uint8Array) {
  const request = corpusRequest(c, bytes);
  const response = await fetch(`${base}${request.url}`, { method: request.method, headers: { 'content-type': request.contentType }, body: Buffer.from(bytes) });
  const body = (await response.json()) as { error?: string; accepted?: number; duplicate?: number; batches?: { status: string; error?: string }[] };
  return { status: response.status, error: body.error ?? body.batches?.find((b) => b.status === 'rejected')?.error, accepted: body.accepted, duplicate: body.duplicate };
}

describe('the attack corpus against a real authority process', { timeout: 120_000 }, () => {
  it('over HTTP: every case answered as FORMATS.md prescribes, changing nothing but the quarantine', async () => {
    for (const c of index) {
      const dir = await corpusDataDir();
      const base = await serve(dir);
      for (const before of c.before ?? []) expect((await send(base, { route: 'batches' }, await file(before))).status, `${c.name}: before`).toBe(200);
      const was = inspect(dir);
      const bytes = await file(c.file);
      expect(await send(base, c, bytes), c.name).toMatchObject(c.expect);
      const now = inspect(dir);
      if (c.expect.error) expect(now.held, `${c.name}: nothing held changed`).toBe(was.held);
      expectQuarantined(c, bytes, now.quarantined - was.quarantined, now.last);
      await new Promise((resolve) => (running.pop()!.once('exit', resolve).kill('SIGTERM')));
    }
    console.log(`attack corpus (real process): ${index.length} cases over HTTP answered as prescribed`);
  });

  it('through `authority import`: every package case refused with its code, changing nothing but the quarantine', async () => {
    for (const c of index.filter((x) => x.route === 'packages')) {
      const dir = await corpusDataDir();
      const was = inspect(dir);
      const lines: string[] = [];
      const code = await main(['import', path.join(corpusDir, c.file), '--data', dir], (line) => lines.push(line));
      const output = lines.join('\n');
      if (c.expect.error) {
        expect([c.name, code]).toEqual([c.name, 1]);
        expect(output, c.name).toMatch(new RegExp(`(REFUSED ${c.expect.error}:|rejected ${c.expect.error})`));
        expect(inspect(dir).held, c.name).toBe(was.held);
      } else expect([c.name, code]).toEqual([c.name, 0]);
      expectQuarantined(c, await file(c.file), inspect(dir).quarantined - was.quarantined, inspect(dir).last);
    }
    console.log(`attack corpus (authority import): ${index.filter((x) => x.route === 'packages').length} package cases answered as prescribed`);
  });

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
    console.log(`attack corpus (health): unsigned 512 MiB refused in ${refusedMs.toFixed(0)} ms; /v1/health over ${latencies.length} calls: p50 ${latencies[latencies.length >> 1]!.toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`);
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
      entries: [...paths.map((path) => ({ path, sha256, size })), { path: certPath, sha256: sha256Hex(cert), size: cert.length }],
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
