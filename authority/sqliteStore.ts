/**
 * The store on SQLite (better-sqlite3, WAL, synchronous=FULL): the embedded default, one file
 * under the data folder. better-sqlite3 runs each statement at once, on one connection; the store
 * is asynchronous only so that PostgreSQL can share its interface. One transaction is open at a
 * time: statements outside it wait until it ends, so nothing slips into another's transaction.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations';
import { bindStatements, queries, type KeyRow, type Statement, type Store, type Transaction } from './store';

export function openSqliteStore(dataDir: string): Store {
  const db: Database.Database = new Database(path.join(dataDir, 'authority.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // The schema, as numbered migrations applied at start under the write lock (authority/migrations.ts).
  migrate(db);

  const prepared = new Map<string, Database.Statement>();
  const statement = (sql: string): Database.Statement => {
    let held = prepared.get(sql);
    if (!held) prepared.set(sql, (held = db.prepare(sql)));
    return held;
  };
  const run = (sql: string, params: unknown[]) => ({ changes: statement(sql).run(...params).changes });
  const get = (sql: string, params: unknown[]) => statement(sql).get(...params);
  const all = (sql: string, params: unknown[]) => statement(sql).all(...params);

  // Each statement outside a transaction, and each transaction, takes its turn in the order they
  // came: nothing slips into another's transaction, and a stream of transactions cannot starve a
  // read (waking waiters to re-check a flag did: with a commit per batch, the load test saw
  // requests wait 15 s for their key while transactions kept starting ahead of them).
  let tail: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(fn: () => T | Promise<T>): Promise<T> => {
    const result = tail.then(fn);
    tail = result.catch(() => undefined);
    return result;
  };
  /** Runs `fn` as the one open transaction, begun with `begin`. */
  const exclusive = <T>(begin: string, fn: () => Promise<T>): Promise<T> =>
    inTurn(async () => {
      db.exec(begin);
      try {
        const value = await fn();
        db.exec('COMMIT');
        return value;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    });

  // Inside the open transaction: at once. Outside: once it has ended.
  const inside = bindStatements(<P extends unknown[], R>(_name: string, { sql }: { sql: string }) => {
    const bound: Statement<P, R> = {
      run: (...params) => Promise.resolve(run(sql, params)),
      get: (...params) => Promise.resolve(get(sql, params) as R | undefined),
      all: (...params) => Promise.resolve(all(sql, params) as R[]),
    };
    return bound;
  });
  // The set-wise steps as loops: each statement here is a function call, not a round trip.
  const tx: Transaction = {
    ...inside,
    // The write lock (BEGIN IMMEDIATE) already holds every device.
    lockDevices: async () => undefined,
    heads: async (devices) => {
      const heads = new Map<string, { seq: number; hash: string }>();
      for (const device of devices) {
        const head = get(queries.head.sql, [device]) as { seq: number; hash: string } | undefined;
        if (head) heads.set(device, head);
      }
      return heads;
    },
    heldRanges: async (ranges) =>
      ranges.flatMap(({ device, from, to }) =>
        (all(queries.heldBetween.sql, [device, from, to]) as { seq: number; hash: string; hlc: string }[]).map(
          (row) => ({ device, ...row }),
        ),
      ),
    insertEvents: async (rows) => {
      for (const row of rows) run(queries.insertEvent.sql, row);
    },
    insertAttachmentRefs: async (hashes) => {
      for (const hash of hashes) run(queries.insertAttachmentRef.sql, [hash]);
    },
    touchDevices: async (devices, at) => {
      for (const device of devices) run(queries.touchDevice.sql, [at, device]);
    },
    receiptsAt: async (keys) => {
      const held = new Map<string, string>();
      for (const { device, through } of keys) {
        const row = get(queries.getReceipt.sql, [device, through]) as { receipt: string } | undefined;
        if (row) held.set(`${device}/${through}`, row.receipt);
      }
      return held;
    },
    putReceipts: async (rows) => {
      for (const row of rows) run(queries.putReceipt.sql, [...row]);
    },
  };
  const outside = bindStatements(<P extends unknown[], R>(_name: string, { sql }: { sql: string }) => {
    const bound: Statement<P, R> = {
      run: (...params) => inTurn(() => run(sql, params)),
      get: (...params) => inTurn(() => get(sql, params) as R | undefined),
      all: (...params) => inTurn(() => all(sql, params) as R[]),
    };
    return bound;
  });

  return {
    ...outside,
    engine: 'sqlite',
    where: dataDir,
    transaction: (fn) => exclusive('BEGIN', () => fn(tx)),
    writeTransaction: (fn) => exclusive('BEGIN IMMEDIATE', () => fn(tx)),
    writers: 1,
    keysOf: (kids) => inTurn(() => kids.flatMap((kid) => (get(queries.getKey.sql, [kid]) as KeyRow | undefined) ?? [])),
    ping: () => inTurn(() => get('SELECT 1 AS one', []) !== undefined).catch(() => false),
    close: () => inTurn(() => void db.close()),
  };
}
