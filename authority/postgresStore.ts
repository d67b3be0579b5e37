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
  type KeyRow,
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

/** Each of a group's values, column by column (unnest's arrays). */
const columnsOf = (rows: readonly (readonly unknown[])[], width: number) =>
  Array.from({ length: width }, (_, c) => rows.map((row) => row[c]));

/**
 * The set-wise steps of accepting a group (authority/intake.ts), each one statement (one round
 * trip) for the whole group: arrays in, unnest on the server.
 */
function groupSteps(client: pg.PoolClient): Omit<Transaction, keyof Statements> {
  const query = async <R extends pg.QueryResultRow>(name: string, text: string, values: unknown[]) =>
    (await client.query<R>({ name, text, values })).rows;
  return {
    lockDevices: async (devices) => {
      if (!devices.length) return;
      // In one order for everyone, so two processes locking overlapping groups cannot deadlock.
      await query(
        'lockDevices',
        'SELECT pg_advisory_xact_lock(k) FROM (SELECT hashtextextended(d, 0) AS k FROM unnest($1::text[]) d ORDER BY 1) keys',
        [[...new Set(devices)]],
      );
    },
    heads: async (devices) => {
      const rows = await query<{ device: string; seq: number; hash: string }>(
        'heads',
        'SELECT DISTINCT ON (device) device, seq, hash FROM events WHERE device = ANY($1::text[]) ORDER BY device, seq DESC',
        [[...devices]],
      );
      return new Map(rows.map(({ device, seq, hash }) => [device, { seq, hash }]));
    },
    heldRanges: async (ranges) =>
      ranges.length
        ? query(
            'heldRanges',
            'SELECT e.device, e.seq, e.hash, e.hlc FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS r(device, first, last) JOIN events e ON e.device = r.device AND e.seq BETWEEN r.first AND r.last ORDER BY e.device, e.seq',
            [ranges.map((r) => r.device), ranges.map((r) => r.from), ranges.map((r) => r.to)],
          )
        : [],
    insertEvents: async (rows) => {
      if (!rows.length) return;
      await query(
        'insertEvents',
        'INSERT INTO events (device, seq, hash, hlc, type, event, flag, received_at) SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[])',
        columnsOf(rows, 8),
      );
    },
    insertAttachmentRefs: async (hashes) => {
      if (!hashes.length) return;
      await query(
        'insertAttachmentRefs',
        'INSERT INTO attachment_refs (hash) SELECT DISTINCT unnest($1::text[]) ON CONFLICT DO NOTHING',
        [[...hashes]],
      );
    },
    touchDevices: async (devices, at) => {
      if (!devices.length) return;
      await query('touchDevices', 'UPDATE devices SET last_seen = $2 WHERE device = ANY($1::text[])', [
        [...devices],
        at,
      ]);
    },
    receiptsAt: async (keys) => {
      if (!keys.length) return new Map();
      const rows = await query<{ device: string; through: number; receipt: string }>(
        'receiptsAt',
        'SELECT r.device, r.through, r.receipt FROM unnest($1::text[], $2::bigint[]) AS k(device, through) JOIN receipts r ON r.device = k.device AND r.through = k.through',
        [keys.map((k) => k.device), keys.map((k) => k.through)],
      );
      return new Map(rows.map((r) => [`${r.device}/${r.through}`, r.receipt]));
    },
    putReceipts: async (rows) => {
      if (!rows.length) return;
      await query(
        'putReceipts',
        'INSERT INTO receipts (device, through, receipt) SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[]) ON CONFLICT DO NOTHING',
        columnsOf(rows, 3),
      );
    },
  };
}

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

  const transaction = async <T>(fn: (tx: Transaction) => Promise<T>, lock?: number): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      if (lock !== undefined) await client.query('SELECT pg_advisory_xact_lock($1)', [lock]);
      const tx: Transaction = { ...statementsOn(client), ...groupSteps(client) };
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
    // Two groups in flight per process: more made the groups smaller and the round trips more
    // (500 devices, three processes: nine in flight 840 batches/s, p99 1.7 s; two 1,055/s, 1.3 s).
    // The other connections stay free for reads (status, receipts, exports).
    writers: Math.min(2, Math.max(1, poolSize - 1)),
    keysOf: async (kids) =>
      kids.length
        ? (
            await pool.query<KeyRow>({
              name: 'keysOf',
              text: 'SELECT kid, device, pub, cert, revoked_at FROM keys WHERE kid = ANY($1::text[])',
              values: [[...kids]],
            })
          ).rows
        : [],
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
