/**
 * The store on SQLite (better-sqlite3, WAL, synchronous=FULL): the embedded default, one file
 * under the data folder. better-sqlite3 runs each statement at once, on one connection; the store
 * is asynchronous only so that PostgreSQL can share its interface. One transaction is open at a
 * time: statements outside it wait until it ends, so nothing slips into another's transaction.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations';
import { bindStatements, type Statement, type Store, type StoreOptions, type Transaction } from './store';

/** Runs `fn` after `ms`, or (0) once the event loop has taken in what has already arrived. */
function later(fn: () => void, ms: number): { cancel(): void } {
  if (ms > 0) {
    const handle = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(handle) };
  }
  const handle = setImmediate(fn);
  return { cancel: () => clearImmediate(handle) };
}

interface Waiting {
  work: (tx: Transaction) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export function openSqliteStore(dataDir: string, { commitWindowMs = 0, maxGroup = 256 }: StoreOptions = {}): Store {
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

  // The transaction running now (its end), if any.
  let running: Promise<void> | undefined;
  /** Runs `fn` as soon as no transaction is open (the check and the call in one turn). */
  const whenIdle = async <T>(fn: () => T): Promise<T> => {
    while (running) await running;
    return fn();
  };
  /** Runs `fn` as the one open transaction, begun with `begin`. */
  const exclusive = async <T>(begin: string, fn: () => Promise<T>): Promise<T> => {
    while (running) await running;
    let end!: () => void;
    running = new Promise<void>((resolve) => (end = resolve));
    try {
      db.exec(begin);
      try {
        const value = await fn();
        db.exec('COMMIT');
        return value;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    } finally {
      running = undefined;
      end();
    }
  };

  // Inside the open transaction: at once. Outside: once it has ended.
  const inside = bindStatements(<P extends unknown[], R>(_name: string, { sql }: { sql: string }) => {
    const bound: Statement<P, R> = {
      run: (...params) => Promise.resolve(run(sql, params)),
      get: (...params) => Promise.resolve(get(sql, params) as R | undefined),
      all: (...params) => Promise.resolve(all(sql, params) as R[]),
    };
    return bound;
  });
  const tx: Transaction = { ...inside, lockDevice: () => Promise.resolve() };
  const outside = bindStatements(<P extends unknown[], R>(_name: string, { sql }: { sql: string }) => {
    const bound: Statement<P, R> = {
      run: (...params) => whenIdle(() => run(sql, params)),
      get: (...params) => whenIdle(() => get(sql, params) as R | undefined),
      all: (...params) => whenIdle(() => all(sql, params) as R[]),
    };
    return bound;
  });

  // Group commit (issue 18): every batch paying its own fsync capped intake at ~440 batches/s, and
  // 500 devices saw a p99 of 33 s. Acceptances arriving together now run one after the other in
  // one transaction (each in its own savepoint, so one that throws undoes only itself) and share
  // one commit; nobody is answered before it, and if it fails every one of them gets the error.
  const waiting: Waiting[] = [];
  let timer: { cancel(): void } | undefined;
  let commits = 0;
  const flush = async () => {
    timer?.cancel();
    timer = undefined;
    const group = waiting.splice(0);
    if (group.length === 0) return;
    const results: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      await exclusive('BEGIN IMMEDIATE', async () => {
        for (const item of group) {
          db.exec('SAVEPOINT acceptance');
          try {
            results.push({ ok: true, value: await item.work(tx) });
            db.exec('RELEASE acceptance');
          } catch (error) {
            db.exec('ROLLBACK TO acceptance');
            db.exec('RELEASE acceptance');
            results.push({ ok: false, error });
          }
        }
      });
      commits += 1;
    } catch (error) {
      for (const item of group) item.reject(error);
      return;
    }
    group.forEach((item, i) => {
      const result = results[i]!;
      if (result.ok) item.resolve(result.value);
      else item.reject(result.error);
    });
  };
  const groupCommit = <T>(work: (tx: Transaction) => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (waiting.length >= maxGroup) void flush();
      else timer ??= later(() => void flush(), commitWindowMs);
    });

  return {
    ...outside,
    engine: 'sqlite',
    where: dataDir,
    transaction: (fn) => exclusive('BEGIN', () => fn(tx)),
    writeTransaction: (fn) => exclusive('BEGIN IMMEDIATE', () => fn(tx)),
    groupCommit,
    groupCommits: () => commits,
    ping: () => whenIdle(() => get('SELECT 1 AS one', []) !== undefined),
    close: async () => {
      timer?.cancel();
      await flush();
      while (running) await running;
      db.close();
    },
  };
}
