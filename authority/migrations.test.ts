/**
 * The store's schema as numbered migrations: a fresh store gets the schema in schema.sqlite.sql,
 * every migration only adds (the Actual Budget guard), a store made before versions existed is
 * upgraded in place with nothing lost, `migrate --dry-run` changes nothing, and a store newer
 * than the program is refused.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { latestVersion, migrate, migrations, schemaText } from './migrations';
import pg from 'pg';
import { openStore } from './store';
import { main } from './cli';
import { migratePostgres, postgresMigrations, postgresSchemaText } from './postgresMigrations';
import { storeLocation } from '../test/support/engines';

const snapshot = path.join(import.meta.dirname, 'schema.sqlite.sql');
const postgresSnapshot = path.join(import.meta.dirname, 'schema.postgres.sql');

async function run(args: string[]) {
  const lines: string[] = [];
  const code = await main(args, (line) => lines.push(line));
  return { code, lines };
}

/** Tables → their columns and types, and the indexes: what an additive migration must keep. */
function shape(db: Database.Database) {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as {
    name: string;
  }[];
  const columns = tables.flatMap(({ name }) =>
    (db.prepare(`PRAGMA table_info(${name})`).all() as { name: string; type: string }[]).map(
      (c) => `${name}.${c.name} ${c.type}`,
    ),
  );
  const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as { name: string }[]).map(
    (i) => i.name,
  );
  return { columns, indexes };
}

/** The store as it was made before schema versions (user_version 0), after issue 15's columns. */
const unversionedSchema = `
  CREATE TABLE codes (code TEXT PRIMARY KEY, site TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, used_at INTEGER, used_by TEXT, device TEXT, cancelled_at INTEGER);
  CREATE TABLE devices (device TEXT PRIMARY KEY, site TEXT NOT NULL, name TEXT NOT NULL, enrolled_at INTEGER NOT NULL, last_seen INTEGER);
  CREATE TABLE keys (kid TEXT PRIMARY KEY, device TEXT NOT NULL REFERENCES devices(device), pub TEXT NOT NULL, cert TEXT NOT NULL, revoked_at INTEGER);
  CREATE TABLE events (device TEXT NOT NULL, seq INTEGER NOT NULL, hash TEXT NOT NULL, hlc TEXT NOT NULL, type TEXT NOT NULL, event TEXT NOT NULL, flag TEXT, received_at INTEGER NOT NULL, PRIMARY KEY (device, seq)) WITHOUT ROWID;
  CREATE TABLE quarantine (id INTEGER PRIMARY KEY AUTOINCREMENT, received_at INTEGER NOT NULL, device TEXT, reason TEXT NOT NULL, detail TEXT NOT NULL, body BLOB, body_sha256 TEXT, body_size INTEGER, body_purged_at INTEGER);
  CREATE TABLE attachments (hash TEXT PRIMARY KEY, bytes BLOB NOT NULL, received_at INTEGER NOT NULL);
  CREATE TABLE receipts (device TEXT NOT NULL, through INTEGER NOT NULL, receipt TEXT NOT NULL, PRIMARY KEY (device, through)) WITHOUT ROWID;
  CREATE TABLE attachment_refs (hash TEXT PRIMARY KEY) WITHOUT ROWID;
`;

describe('schema migrations', () => {
  it('make the schema in schema.sqlite.sql (set KAODIAN_UPDATE_SCHEMA=1 after adding a migration)', async () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toMatchObject({ from: 0, to: latestVersion });
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion);
    const text = schemaText(db);
    if (process.env.KAODIAN_UPDATE_SCHEMA) await writeFile(snapshot, text);
    expect(text).toBe(await readFile(snapshot, 'utf8'));
    // Applied again, nothing happens.
    expect(migrate(db).pending).toEqual([]);
  });

  it('only ever add: every table, column and index before a migration is there after it', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    for (let k = 1; k < migrations.length; k += 1) {
      const db = new Database(':memory:');
      for (const m of migrations.slice(0, k)) m.apply(db);
      const before = shape(db);
      for (const m of migrations.slice(k)) m.apply(db);
      const after = shape(db);
      for (const column of before.columns) expect(after.columns, `migration ${k + 1} kept ${column}`).toContain(column);
      for (const index of before.indexes) expect(after.indexes, `migration ${k + 1} kept ${index}`).toContain(index);
    }
  });

  it('upgrade a store made before versions in place, with nothing lost; --dry-run changes nothing', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'authority-migrate-'));
    const file = path.join(dir, 'authority.sqlite');
    const legacy = new Database(file);
    legacy.exec(unversionedSchema);
    legacy.prepare("INSERT INTO devices VALUES ('d1', 'WH-0301', '考务机', 1, NULL)").run();
    legacy
      .prepare("INSERT INTO codes (code, site, created_at, expires_at) VALUES ('ABCD-EFGH', 'WH-0301', 1, 2)")
      .run();
    legacy
      .prepare(
        "INSERT INTO events VALUES ('d1', 1, 'h1', '001764120600000-00000', 'note.logged', '{\"body\":{}}', NULL, 5)",
      )
      .run();
    legacy.close();

    const dry = await run(['migrate', '--dry-run', '--data', dir]);
    expect(dry.lines[0]).toBe(`the store is at schema version 0; would apply ${latestVersion}:`);
    expect(dry.lines).toContain('  4  certificate numbers, their serials and the coding rule (issue 19)');
    const unchanged = new Database(file);
    expect(unchanged.pragma('user_version', { simple: true })).toBe(0);
    expect(unchanged.prepare("SELECT 1 FROM sqlite_master WHERE name = 'certificates'").get()).toBeUndefined();
    unchanged.close();

    const applied = await run(['migrate', '--data', dir]);
    expect(applied.lines[0]).toBe(`applied ${latestVersion} migration(s): 0 → ${latestVersion}`);
    const store = await openStore(dir);
    expect((await store.devices.all()).map((d) => d.device)).toEqual(['d1']);
    expect(await store.getCode.get('ABCD-EFGH')).toMatchObject({ site: 'WH-0301', device: null });
    expect((await store.eventCount.get())!.count).toBe(1);
    expect(await store.certificates.all()).toEqual([]);
    await store.close();
    // The same tables, columns and indexes as a store made fresh (the DDL text differs in spacing).
    const upgraded = new Database(file);
    const fresh = new Database(':memory:');
    migrate(fresh);
    const sorted = (s: ReturnType<typeof shape>) => ({
      columns: [...s.columns].sort(),
      indexes: [...s.indexes].sort(),
    });
    expect(sorted(shape(upgraded))).toEqual(sorted(shape(fresh)));
    upgraded.close();
    expect((await run(['migrate', '--data', dir])).lines[0]).toBe(
      `the store is at schema version ${latestVersion}: nothing to apply`,
    );
  });

  it('refuse a store newer than the program', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'authority-migrate-'));
    const db = new Database(path.join(dir, 'authority.sqlite'));
    db.pragma(`user_version = ${latestVersion + 1}`);
    db.close();
    await expect(openStore(dir)).rejects.toThrow(/newer than this program knows/);
  });
});

/** A pool on a fresh database of the run's cluster. */
async function freshDatabase() {
  const url = await storeLocation('postgres', '');
  return { url, pool: new pg.Pool({ connectionString: url, max: 2 }) };
}

describe('schema migrations on PostgreSQL', () => {
  it("are numbered as SQLite's and make the schema in schema.postgres.sql", async () => {
    expect(postgresMigrations.map((m) => m.version)).toEqual(migrations.map((m) => m.version));
    const { pool } = await freshDatabase();
    try {
      expect(await migratePostgres(pool)).toMatchObject({ from: 0, to: latestVersion });
      const text = await postgresSchemaText(pool);
      if (process.env.KAODIAN_UPDATE_SCHEMA) await writeFile(postgresSnapshot, text);
      expect(text).toBe(await readFile(postgresSnapshot, 'utf8'));
      expect((await migratePostgres(pool)).pending).toEqual([]);
    } finally {
      await pool.end();
    }
  });

  it('only ever add, and upgrade a database of an earlier version in place with nothing lost', async () => {
    const full = await freshDatabase();
    await migratePostgres(full.pool);
    const fullShape = (await postgresSchemaText(full.pool)).split('\n');
    await full.pool.end();
    for (let k = 1; k < postgresMigrations.length; k += 1) {
      const { url, pool } = await freshDatabase();
      try {
        // A database as version k left it, holding a device and an event.
        const client = await pool.connect();
        await client.query(
          'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
        );
        for (const m of postgresMigrations.slice(0, k)) {
          await m.apply(client);
          await client.query("INSERT INTO schema_migrations (version, name) VALUES ($1, '')", [m.version]);
        }
        await client.query("INSERT INTO devices VALUES ('d1', 'WH-0301', '考务机', 1, NULL)");
        await client.query(
          "INSERT INTO events VALUES ('d1', 1, 'h1', '001764120600000-00000', 'note.logged', '{\"body\":{}}', NULL, 5)",
        );
        client.release();
        const before = (await postgresSchemaText(pool)).split('\n');

        const dry = await run(['migrate', '--dry-run', '--db', url]);
        expect(dry.lines[0]).toBe(`the store is at schema version ${k}; would apply ${latestVersion - k}:`);
        expect((await migratePostgres(pool, { dryRun: true })).from).toBe(k);

        const applied = await run(['migrate', '--db', url]);
        expect(applied.lines[0]).toBe(`applied ${latestVersion - k} migration(s): ${k} → ${latestVersion}`);
        const after = (await postgresSchemaText(pool)).split('\n');
        for (const line of before) expect(after, `migrations after ${k} kept ${line}`).toContain(line);
        expect([...after].sort()).toEqual([...fullShape].sort());
        const store = await openStore(url);
        expect((await store.devices.all()).map((d) => d.device)).toEqual(['d1']);
        expect((await store.eventCount.get())!.count).toBe(1);
        await store.close();
      } finally {
        await pool.end();
      }
    }
  });

  it('refuse a database newer than the program', async () => {
    const { url, pool } = await freshDatabase();
    await migratePostgres(pool);
    await pool.query("INSERT INTO schema_migrations (version, name) VALUES ($1, 'later')", [latestVersion + 1]);
    await pool.end();
    await expect(openStore(url)).rejects.toThrow(/newer than this program knows/);
  });
});
