/**
 * `npm run bench:sync` (or `-- --quick`): 100,000 events from the app's IndexedDB to committed
 * rows at the authority (online sync, real Chromium, real authority on loopback), next to
 * PouchDB replicating the same records from the browser to pouchdb-server in the same run.
 * pouchdb-server and pouchdb are fetched into .bench-tools/ on first use (not project deps).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { runStamp, writeReportSection } from './report';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { preview } from 'vite';
import { formatTime } from '../shared/ledger/ids';
import { makeEnrollReply } from '../shared/sync/enrollment';
import { encodePublicKey } from '../shared/ledger/signing';
import { buildServer } from '../authority/http';
import { loadOrCreateAuthority } from '../authority/identity';
import { createService, holdCerts } from '../authority/service';
import { openStore } from '../authority/store';
import { chromiumArgs, chromiumInstallHint, findChromium } from '../scripts/chromium.ts';
import { bundleHarness } from '../test/bundleHarness.ts';

const quick = process.argv.includes('--quick');
const target = quick ? 10_000 : 100_000;
const tools = path.resolve('.bench-tools');
if (
  !existsSync(path.join(tools, 'node_modules/pouchdb-server')) ||
  !existsSync(path.join(tools, 'node_modules/pouchdb/dist/pouchdb.min.js'))
) {
  console.log('fetching pouchdb-server and pouchdb into .bench-tools/ …');
  execFileSync(
    'npm',
    ['install', '--prefix', tools, '--no-save', '--no-audit', '--no-fund', 'pouchdb-server@4', 'pouchdb@9'],
    { stdio: 'inherit' },
  );
}

const executablePath = findChromium();
if (!executablePath) throw new Error(chromiumInstallHint);
const dir = await mkdtemp(path.join(os.tmpdir(), 'kaodian-bench-sync-'));
const identity = await loadOrCreateAuthority(path.join(dir, 'authority'), 'bench-authority');
const store = await openStore(path.join(dir, 'authority'));
const service = createService(identity, store);
const authority = buildServer(service, { rateLimit: 1_000_000 });
await authority.listen({ port: 8796, host: '127.0.0.1' });
// pouchdb-server writes config.json and log.txt where it runs: let that be the temporary folder.
const pouchServer = spawn(
  process.execPath,
  [path.join(tools, 'node_modules/pouchdb-server/bin/pouchdb-server'), '--in-memory', '--port', '5985'],
  { stdio: 'ignore', cwd: dir },
);
const server = await preview({
  configFile: 'vite.config.ts',
  logLevel: 'silent',
  preview: { port: 4176, strictPort: true, host: '127.0.0.1' },
});
const browser = await chromium.launch({ executablePath, args: chromiumArgs });
try {
  const page = await browser.newPage();
  await page.goto('http://127.0.0.1:4176/');
  await page.evaluate(await bundleHarness('bench/harness/ledgerBench.ts', 'KaodianLedgerBench'));
  const call = <T>(name: string, ...args: (string | number)[]) =>
    page.evaluate(
      ([fn, rest]) =>
        (window as unknown as { KaodianLedgerBench: Record<string, (...a: unknown[]) => Promise<unknown>> })
          .KaodianLedgerBench[fn as string]!(...(rest as unknown[])),
      [name, args] as const,
    ) as Promise<T>;

  console.log(`seeding ${target.toLocaleString()} events through the app's write path…`);
  const seeded = await call<{ events: number; ms: number }>('seed', target, '8642');
  const key = await call<{ device: string; kid: string; pub: string; sealPub: string }>('deviceKey');
  const cert = await makeEnrollReply(
    { device: key.device, site: 'WH-0301', kid: key.kid, pub: key.pub, sealPub: key.sealPub },
    { id: identity.id, signer: identity.signer, sealPub: encodePublicKey(identity.seal.publicKey) },
    formatTime(Date.now(), 480),
  );
  await holdCerts(service, [cert], 'bench');
  const enrollment = {
    authority: identity.id,
    authorityKid: identity.signer.kid,
    authorityPub: cert.authorityPub,
    cert,
    pinnedAt: cert.at,
  };

  console.log('syncing to the authority…');
  const ours = await call<{ events: number; ms: number }>(
    'syncAll',
    'http://127.0.0.1:8796',
    JSON.stringify(enrollment),
  );
  const held = (await store.allEvents.all()).length;
  if (held !== seeded.events) throw new Error(`the authority holds ${held} of ${seeded.events} events`);

  console.log('PouchDB: the same records into the browser’s PouchDB, then replicated to pouchdb-server…');
  await page.evaluate(await readFile(path.join(tools, 'node_modules/pouchdb/dist/pouchdb.min.js'), 'utf8'));
  await call('seedPouch');
  const pouch = await call<{ docs: number; ms: number }>('replicatePouch', 'http://127.0.0.1:5985/bench');

  const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
  const table = [
    '| figure | events/s | anchor | docs/s | ratio | target |',
    '|---|---:|---|---:|---:|---|',
    `| online sync, ${ours.events.toLocaleString()} events IndexedDB → committed at the authority | ${rate(ours.events, ours.ms).toLocaleString()} | PouchDB → pouchdb-server, ${pouch.docs.toLocaleString()} docs | ${rate(pouch.docs, pouch.ms).toLocaleString()} | ${(rate(ours.events, ours.ms) / rate(pouch.docs, pouch.ms)).toFixed(1)}× | ≥ 20,000 events/s and ≥ 5× |`,
  ].join('\n');
  console.log(`\n${table}\n`);
  await writeReportSection(
    'sync',
    runStamp('npm run bench:sync', quick, `Chromium ${browser.version()}, pouchdb-server 4 in memory, PouchDB 9`),
    table,
  );
} finally {
  await browser.close();
  await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  await authority.close();
  await store.close();
  pouchServer.kill();
}
