/**
 * `npm run bench:authority` (or `-- --quick`): the authority's import of a 100,000-event package
 * (`authority import` / POST /v1/packages: zip checks, hashes, strict JSON, signatures, chains,
 * exactly-once inserts with synchronous=FULL), next to inserting the same rows into SQLite
 * directly with the same settings in one transaction, measured in the same run; then the same
 * import on PostgreSQL (a throw-away cluster) beside the same rows inserted there directly.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { runStamp, writeReportSection } from './report';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { canonicalize } from '../shared/ledger/canonical';
import { notePackage } from '../test/support/notePackage';
import { loadOrCreateAuthority } from '../authority/identity';
import { acceptPackage, createService, holdCerts } from '../authority/service';
import { openStore } from '../authority/store';
import pg from 'pg';
import { createDatabase, startPostgresCluster } from '../test/support/postgresCluster';

const quick = process.argv.includes('--quick');
const count = quick ? 20_000 : 100_000;

const dir = await mkdtemp(path.join(os.tmpdir(), 'kaodian-bench-authority-'));
const identity = await loadOrCreateAuthority(path.join(dir, 'authority'));
const store = await openStore(path.join(dir, 'authority'));
const service = createService(identity, store);

console.log(`making a package of ${count.toLocaleString()} events…`);
const { chain, cert, batches, bytes } = await notePackage(identity, count);
await holdCerts(service, [cert], 'bench');
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

// The same on PostgreSQL (a throw-away cluster, fsync and synchronous_commit on): the import
// through the PostgreSQL store, and its anchor, the same rows inserted in one transaction
// (5,000 a statement, as arrays unnested on the server).
const cluster = await startPostgresCluster();
let pgImportMs: number;
let pgRawMs: number;
try {
  const rawUrl = await createDatabase(cluster.url('postgres'));
  const pool = new pg.Pool({ connectionString: rawUrl, max: 1 });
  await pool.query(
    'CREATE TABLE events (device TEXT NOT NULL, seq BIGINT NOT NULL, hash TEXT NOT NULL, hlc TEXT NOT NULL, type TEXT NOT NULL, event TEXT NOT NULL, flag TEXT, received_at BIGINT NOT NULL, PRIMARY KEY (device, seq))',
  );
  const client = await pool.connect();
  started = performance.now();
  await client.query('BEGIN');
  for (let i = 0; i < rows.length; i += 5_000) {
    const chunk = rows.slice(i, i + 5_000);
    await client.query(
      'INSERT INTO events SELECT d, s, h, c, t, e, NULL, $7 FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[]) AS r(d, s, h, c, t, e)',
      [...Array.from({ length: 6 }, (_, c) => chunk.map((row) => row[c])), Date.now()],
    );
  }
  await client.query('COMMIT');
  pgRawMs = performance.now() - started;
  client.release();
  await pool.end();

  const pgStore = await openStore(await createDatabase(cluster.url('postgres')));
  const pgService = createService(identity, pgStore);
  await holdCerts(pgService, [cert], 'bench');
  started = performance.now();
  const pgResult = await acceptPackage(pgService, new Uint8Array(await readFile(file)));
  pgImportMs = performance.now() - started;
  const pgAccepted = pgResult.batches.filter((b) => b.status === 'accepted').length;
  if (pgAccepted !== batches.length)
    throw new Error(`PostgreSQL: only ${pgAccepted} of ${batches.length} batches accepted`);
  await pgStore.close();
} finally {
  await cluster.stop();
}

const rate = (ms: number) => Math.round(count / (ms / 1000));
const table = [
  '| figure | events/s | anchor | events/s | ratio | target |',
  '|---|---:|---|---:|---:|---|',
  `| authority import of a ${count.toLocaleString()}-event package | ${rate(importMs).toLocaleString()} | raw SQLite insert of the same rows | ${rate(rawMs).toLocaleString()} | ${(importMs / rawMs).toFixed(2)}× the time | ≥ 50,000 events/s |`,
  `| the same import on PostgreSQL | ${rate(pgImportMs).toLocaleString()} | raw PostgreSQL insert of the same rows | ${rate(pgRawMs).toLocaleString()} | ${(pgImportMs / pgRawMs).toFixed(2)}× the time | measured |`,
].join('\n');
console.log(`\n${table}\n`);
await writeReportSection('authority', runStamp('npm run bench:authority', quick, `Node ${process.version}`), table);
