/**
 * Vitest's global setup: one throw-away PostgreSQL cluster for the whole unit run, so the
 * authority's tests run on both engines (test/support/engines.ts). Stopped and removed after.
 */
import type { TestProject } from 'vitest/node';
import { startPostgresCluster, type PostgresCluster } from './support/postgresCluster';

let cluster: PostgresCluster | undefined;

export async function setup(project: TestProject): Promise<void> {
  cluster = await startPostgresCluster();
  project.provide('postgresUrl', cluster.url('postgres'));
}

export async function teardown(): Promise<void> {
  await cluster?.stop();
}
