/**
 * `npm run bench:authority` (or `-- --quick`): the authority's import of a 100,000-event package
 * (`authority import` / POST /v1/packages: zip checks, hashes, strict JSON, signatures, chains,
 * exactly-once inserts with synchronous=FULL), next to inserting the same rows into SQLite
 * directly with the same settings in one transaction, measured in the same run.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { runStamp, writeReportSection } from './report';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { canonicalize } from '../shared/ledger/canonical';
import { formatTime } from '../shared/ledger/ids';
import { encodePublicKey } from '../shared/ledger/signing';
import { chunkEvents, makeBatch } from '../shared/sync/batch';
import { makeEnrollReply } from '../shared/sync/enrollment';
import { writePackage } from '../shared/sync/package';
import { generateSigner } from '../authority/nodeCrypto';

// As the authority's command line does.
import { extendChain, newChain, noteDrafts } from '../test/support/chains';
import { loadOrCreateAuthority } from '../authority/identity';
import { acceptPackage, createService, holdCerts } from '../authority/service';
import { openStore } from '../authority/store';

const quick = process.argv.includes('--quick');
const count = quick ? 20_000 : 100_000;

const dir = await mkdtemp(path.join(os.tmpdir(), 'kaodian-bench-authority-'));
const identity = await loadOrCreateAuthority(path.join(dir, 'authority'));
const store = await openStore(path.join(dir, 'authority'));
const service = createService(identity, store);

console.log(`making a package of ${count.toLocaleString()} events…`);
const device = generateSigner();
const chain = newChain();
extendChain(chain, noteDrafts(count));
const cert = await makeEnrollReply(
  {
    device: chain.device,
    site: 'WH-0301',
    kid: device.kid,
    pub: encodePublicKey(device.publicKey),
    sealPub: encodePublicKey(identity.seal.publicKey),
  },
  { id: identity.id, signer: identity.signer, sealPub: encodePublicKey(identity.seal.publicKey) },
  formatTime(Date.now(), 480),
);
await holdCerts(service, [cert], 'bench');
const batches = await Promise.all(chunkEvents(chain.events).map((events) => makeBatch(events, device)));
const bytes = await writePackage(
  {
    id: '7e6d5c4b-3a29-4817-9605-f4e3d2c1b0a9',
    createdAt: formatTime(Date.now(), 480),
    by: chain.device,
    site: 'WH-0301',
  },
  { batches, certs: [cert] },
  device,
);
const file = path.join(dir, 'bench.kdpkg');
await writeFile(file, bytes);
console.log(`package: ${(bytes.length / 1024 / 1024).toFixed(1)} MiB, ${batches.length} batches`);

// The anchor: the same rows straight into SQLite, same pragmas, one transaction.
const raw = new Database(path.join(dir, 'raw.sqlite'));
raw.pragma('journal_mode = WAL');
raw.pragma('synchronous = FULL');
raw.exec(
  'CREATE TABLE events (device TEXT NOT NULL, seq INTEGER NOT NULL, hash TEXT NOT NULL, hlc TEXT NOT NULL, type TEXT NOT NULL, event TEXT NOT NULL, flag TEXT, received_at INTEGER NOT NULL, PRIMARY KEY (device, seq)) WITHOUT ROWID',
);
const insert = raw.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, NULL, ?)');
const rows = chain.events.map(
  (event, i) => [event.device, event.seq, chain.hashes[i], event.hlc, event.type, canonicalize(event)] as const,
);
let started = performance.now();
raw.transaction(() => {
  for (const row of rows) insert.run(...row, Date.now());
})();
const rawMs = performance.now() - started;
raw.close();

started = performance.now();
const result = await acceptPackage(service, new Uint8Array(await readFile(file)));
const importMs = performance.now() - started;
const accepted = result.batches.filter((b) => b.status === 'accepted').length;
if (accepted !== batches.length) throw new Error(`only ${accepted} of ${batches.length} batches accepted`);
await store.close();

const rate = (ms: number) => Math.round(count / (ms / 1000));
const table = [
  '| figure | events/s | anchor | events/s | ratio | target |',
  '|---|---:|---|---:|---:|---|',
  `| authority import of a ${count.toLocaleString()}-event package | ${rate(importMs).toLocaleString()} | raw SQLite insert of the same rows | ${rate(rawMs).toLocaleString()} | ${(importMs / rawMs).toFixed(2)}× the time | ≥ 50,000 events/s |`,
].join('\n');
console.log(`\n${table}\n`);
await writeReportSection('authority', runStamp('npm run bench:authority', quick, `Node ${process.version}`), table);
