/**
 * The authority's two store engines, for tests that run on both (issue 18): SQLite in a data
 * folder, and PostgreSQL in the throw-away cluster test/globalSetup.ts starts for the run (each
 * test gets a database of its own).
 */
import { inject } from 'vitest';
import { openStore, type Engine, type Store, type StoreOptions } from '../../authority/store';
import { createDatabase } from './postgresCluster';

export { dbArgs } from './postgresCluster';

export const engines: readonly Engine[] = ['sqlite', 'postgres'];

declare module 'vitest' {
  export interface ProvidedContext {
    /** A database URL of the run's PostgreSQL cluster. */
    postgresUrl: string;
  }
}

/**
 * Where a store of `engine` lives for a test: the data folder itself (SQLite), or a fresh
 * database (PostgreSQL). Pass it to openStore, or as `--db` to the CLI when it is a URL.
 */
export async function storeLocation(engine: Engine, dataDir: string): Promise<string> {
  return engine === 'sqlite' ? dataDir : createDatabase(inject('postgresUrl'));
}

/** A store of `engine` for a test, over `dataDir` (SQLite) or a fresh database. */
export async function testStore(engine: Engine, dataDir: string, options?: StoreOptions): Promise<Store> {
  return openStore(await storeLocation(engine, dataDir), options);
}

/**
 * For tests that drive the CLI (in process or as child processes, which inherit the
 * environment): before each test, KAODIAN_DB names a fresh PostgreSQL database, or is unset
 * for SQLite in --data.
 */
export async function useEngineForCli(engine: Engine): Promise<void> {
  if (engine === 'sqlite') delete process.env.KAODIAN_DB;
  else process.env.KAODIAN_DB = await storeLocation(engine, '');
}
