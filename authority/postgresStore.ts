/**
 * The store on PostgreSQL (node-postgres), for several intake processes on one database. Each
 * transaction holds one pooled connection; acceptances are ordinary concurrent transactions
 * (PostgreSQL shares WAL flushes between commits itself, with `synchronous_commit` left on), and
 * a device's acceptances are serialised in the database by an advisory transaction lock — never
 * in this process's memory, which the other processes cannot see.
 */
import pg from 'pg';
import { migratePostgres } from './postgresMigrations';
import {
  bindStatements,
  type Statement,
  type Statements,
  type Store,
  type StoreOptions,
  type Transaction,
} from './store';

/** BIGINT (milliseconds, counts, serials) as a JavaScript number: every value here is far below 2^53. */
const int8 = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === int8
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/** The advisory lock key every write transaction takes (certificate serials): "kaow" in ASCII. */
const writersLock = 0x6b616f77;

/** `?` placeholders as PostgreSQL's `$1, $2, …` (no statement here has a literal question mark). */
const numbered = (sql: string): string => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${(n += 1)}`);
};

/** The URL without its password, for messages and logs. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}

function statementsOn(runner: pg.Pool | pg.PoolClient): Statements {
  return bindStatements(<P extends unknown[], R>(name: string, { sql }: { sql: string }) => {
    // Named, so each connection parses and plans it once.
    const text = numbered(sql);
    const exec = (values: unknown[]) => runner.query({ name, text, values } satisfies pg.QueryConfig);
    const rows = async (params: P) => (await exec(params)).rows as R[];
    const bound: Statement<P, R> = {
      run: async (...params) => ({ changes: (await exec(params)).rowCount ?? 0 }),
      get: async (...params) => (await rows(params))[0],
      all: (...params) => rows(params),
    };
    return bound;
  });
}

export async function openPostgresStore(url: string, { poolSize = 10 }: StoreOptions = {}): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types });
  // An idle connection the server drops is replaced on next use; the error must not end the process.
  pool.on('error', () => undefined);
  try {
    await migratePostgres(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  let commits = 0;

  const transaction = async <T>(fn: (tx: Transaction) => Promise<T>, lock?: number): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      if (lock !== undefined) await client.query('SELECT pg_advisory_xact_lock($1)', [lock]);
      const tx: Transaction = {
        ...statementsOn(client),
        lockDevice: async (device) => {
          await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [device]);
        },
      };
      const value = await fn(tx);
      await client.query('COMMIT');
      return value;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };

  return {
    ...statementsOn(pool),
    engine: 'postgres',
    where: redactedUrl(url),
    transaction: (fn) => transaction(fn),
    writeTransaction: (fn) => transaction(fn, writersLock),
    groupCommit: async (work) => {
      const value = await transaction(work);
      commits += 1;
      return value;
    },
    groupCommits: () => commits,
    ping: async () => {
      try {
        await pool.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    close: () => pool.end(),
  };
}
