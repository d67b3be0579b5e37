/**
 * `npm run bench:load` (or `-- --quick`): 500 simulated devices posting batches back to back for
 * 60 s (quick: 15 s) against real authority processes, in three setups measured in one run —
 * SQLite with group commit; SQLite with a commit per batch (`--max-group 1`, the anchor: how the
 * authority took batches before group commit); and three intake processes on one PostgreSQL (a
 * throw-away cluster, fsync and synchronous_commit on). `npm run soak` runs the same.
 */
import { runStamp, writeReportSection } from './report';
import { runLoad, type LoadResult } from '../test/loadTest';
import { createDatabase, startPostgresCluster } from '../test/support/postgresCluster';

/** The bench's PostgreSQL settings (docs/operations.md recommends the same for a district's server). */
export const postgresServerSettings = ['shared_buffers=512MB', 'max_wal_size=4GB', 'checkpoint_timeout=30min'];

export async function measureLoad(seconds: number, devices = 500): Promise<LoadResult[]> {
  const results = [await runLoad({ devices, seconds }), await runLoad({ devices, seconds, maxGroup: 1 })];
  // Sized as a production server would be (the defaults are for a laptop): with them, a checkpoint
  // in the middle of the run (128 MB of shared buffers, 1 GB of WAL) took the p99 from 0.9 s to 1.15 s.
  const cluster = await startPostgresCluster(postgresServerSettings);
  try {
    results.push(
      await runLoad({ devices, seconds, postgresUrl: await createDatabase(cluster.url('postgres')), processes: 3 }),
    );
  } finally {
    await cluster.stop();
  }
  return results;
}

/** One table row per setup: passed when nothing failed and every accepted event is held. */
export function loadRow(load: LoadResult): string {
  const ok = load.errors === 0 && load.held === load.events;
  return `| ${load.setup} | ${ok ? 'passed' : 'FAILED'} | ${load.requests.toLocaleString()} | ${load.errors} | ${load.p50Ms.toFixed(0)} ms | ${load.p99Ms.toFixed(0)} ms | ${Math.round(load.requestsPerSecond).toLocaleString()} | ${load.held.toLocaleString()} = ${load.events.toLocaleString()} |`;
}

export const loadHeader = [
  '| setup (500 devices) | result | requests | errors | p50 | p99 | batches/s | events held = accepted |',
  '|---|---|---:|---:|---:|---:|---:|---|',
];

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  const seconds = quick ? 15 : 60;
  const results = await measureLoad(seconds);
  const [group, perBatch] = results as [LoadResult, LoadResult, LoadResult];
  const table = [
    ...loadHeader,
    ...results.map(loadRow),
    '',
    `Group commit against a commit per batch, same run: ${(group.requestsPerSecond / perBatch.requestsPerSecond).toFixed(2)}× the batches a second, p99 ${(group.p99Ms / perBatch.p99Ms).toFixed(2)}× (target p99 ≤ 1 s).`,
  ].join('\n');
  console.log(`\n${table}\n`);
  await writeReportSection(
    'load',
    runStamp('npm run bench:load', quick, `${seconds} s each, Node ${process.version}`),
    table,
  );
}
