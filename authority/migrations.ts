/**
 * The authority's schema as numbered migrations, applied at start under the write lock
 * (BEGIN IMMEDIATE, so two processes starting together apply each once), the version kept in
 * SQLite's `user_version`. Additive only: a migration creates tables, adds columns or indexes,
 * or fills what it added — never drops, renames or rewrites (migrations.test.ts holds to it,
 * and diffs the schema they make against schema.sqlite.sql).
 *
 * Migrations 1–3 are written so that they also run over a database made before versions
 * existed (user_version 0, built with CREATE TABLE IF NOT EXISTS and added columns): nothing
 * there is lost or made twice.
 */
import type Database from 'better-sqlite3';
import { attachmentHashes } from '../shared/domain/events';
import type { LedgerEvent } from '../shared/ledger/event';

export interface Migration {
  version: number;
  name: string;
  apply(db: Database.Database): void;
}

function addColumn(db: Database.Database, table: string, column: string, type: string): void {
  const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
  if (!columns.some((c) => c.name === column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'intake: codes, devices, keys, events, quarantine, attachments, receipts',
    apply: (db) =>
      db.exec(`
        CREATE TABLE IF NOT EXISTS codes (code TEXT PRIMARY KEY, site TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, used_at INTEGER, used_by TEXT);
        CREATE TABLE IF NOT EXISTS devices (device TEXT PRIMARY KEY, site TEXT NOT NULL, name TEXT NOT NULL, enrolled_at INTEGER NOT NULL, last_seen INTEGER);
        CREATE TABLE IF NOT EXISTS keys (kid TEXT PRIMARY KEY, device TEXT NOT NULL REFERENCES devices(device), pub TEXT NOT NULL, cert TEXT NOT NULL, revoked_at INTEGER);
        CREATE TABLE IF NOT EXISTS events (
          device TEXT NOT NULL, seq INTEGER NOT NULL, hash TEXT NOT NULL, hlc TEXT NOT NULL, type TEXT NOT NULL,
          event TEXT NOT NULL, flag TEXT, received_at INTEGER NOT NULL, PRIMARY KEY (device, seq)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS quarantine (id INTEGER PRIMARY KEY AUTOINCREMENT, received_at INTEGER NOT NULL, device TEXT, reason TEXT NOT NULL, detail TEXT NOT NULL, body BLOB);
        CREATE TABLE IF NOT EXISTS attachments (hash TEXT PRIMARY KEY, bytes BLOB NOT NULL, received_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS receipts (device TEXT NOT NULL, through INTEGER NOT NULL, receipt TEXT NOT NULL, PRIMARY KEY (device, through)) WITHOUT ROWID;
      `),
  },
  {
    version: 2,
    name: 're-key codes, cancelled codes, quarantined bodies by hash (issue 15)',
    apply: (db) => {
      addColumn(db, 'codes', 'device', 'TEXT');
      addColumn(db, 'codes', 'cancelled_at', 'INTEGER');
      addColumn(db, 'quarantine', 'body_sha256', 'TEXT');
      addColumn(db, 'quarantine', 'body_size', 'INTEGER');
      addColumn(db, 'quarantine', 'body_purged_at', 'INTEGER');
    },
  },
  {
    version: 3,
    name: 'attachment references: the hashes held events name (FORMATS.md §8)',
    apply: (db) => {
      const isNew = !db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attachment_refs'").get();
      db.exec('CREATE TABLE IF NOT EXISTS attachment_refs (hash TEXT PRIMARY KEY) WITHOUT ROWID');
      if (!isNew) return;
      // Filled from the events already held, so a photo sent later is still taken.
      const insert = db.prepare('INSERT OR IGNORE INTO attachment_refs (hash) VALUES (?)');
      for (const row of db.prepare('SELECT event FROM events').iterate() as Iterable<{ event: string }>)
        for (const hash of attachmentHashes([JSON.parse(row.event) as LedgerEvent])) insert.run(hash);
    },
  },
  {
    version: 4,
    name: 'certificate numbers, their serials and the coding rule (issue 19)',
    apply: (db) =>
      db.exec(`
        CREATE TABLE IF NOT EXISTS certificates (number TEXT PRIMARY KEY, session TEXT NOT NULL, candidate TEXT NOT NULL, site TEXT NOT NULL, assigned_at INTEGER NOT NULL, UNIQUE (session, candidate));
        CREATE TABLE IF NOT EXISTS certificate_serials (prefix TEXT PRIMARY KEY, last INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      `),
  },
  {
    version: 5,
    name: 'archive bundles kept (issue 19)',
    apply: (db) =>
      db.exec(
        'CREATE TABLE IF NOT EXISTS archives (id TEXT PRIMARY KEY, session TEXT NOT NULL, site TEXT NOT NULL, device TEXT NOT NULL, created_at TEXT NOT NULL, retain_until TEXT NOT NULL, sha256 TEXT NOT NULL, file TEXT NOT NULL, received_at INTEGER NOT NULL)',
      ),
  },
  {
    version: 6,
    name: 'operators and the audit trail (issue 17)',
    apply: (db) =>
      db.exec(`
        CREATE TABLE IF NOT EXISTS operators (login TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT NOT NULL, must_change INTEGER NOT NULL, failed INTEGER NOT NULL DEFAULT 0, locked_until INTEGER, lockouts INTEGER NOT NULL DEFAULT 0, disabled_at INTEGER, created_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, login TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL, address TEXT);
      `),
  },
  {
    version: 7,
    name: "the console's sessions, quarantine reviews and published plans (issue 17)",
    apply: (db) =>
      db.exec(`
        CREATE TABLE IF NOT EXISTS operator_sessions (token_hash TEXT PRIMARY KEY, login TEXT NOT NULL, created_at INTEGER NOT NULL, last_seen INTEGER NOT NULL, address TEXT) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS operator_sessions_login ON operator_sessions (login);
        CREATE TABLE IF NOT EXISTS quarantine_reviews (id INTEGER PRIMARY KEY AUTOINCREMENT, quarantine_id INTEGER NOT NULL, at INTEGER NOT NULL, login TEXT NOT NULL, note TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS plans (id TEXT PRIMARY KEY, site TEXT NOT NULL, published_at INTEGER NOT NULL, login TEXT NOT NULL, plan TEXT NOT NULL);
      `),
  },
];

export const latestVersion = migrations.at(-1)!.version;

export interface MigrationReport {
  from: number;
  to: number;
  /** The migrations applied (or, for a dry run, that would be). */
  pending: { version: number; name: string }[];
}

/**
 * Applies the migrations the database has not had, in one write transaction (all or none), and
 * records the version. A dry run reads the version and lists what would run, changing nothing.
 * A database newer than this program is refused: running old code on it could lose what it holds.
 */
export function migrate(db: Database.Database, { dryRun = false } = {}): MigrationReport {
  const run = () => {
    const from = db.pragma('user_version', { simple: true }) as number;
    if (from > latestVersion)
      throw new Error(
        `the database is at schema version ${from}, newer than this program knows (${latestVersion}): update the program`,
      );
    const pending = migrations.filter((m) => m.version > from);
    if (!dryRun) {
      for (const m of pending) m.apply(db);
      if (pending.length) db.pragma(`user_version = ${latestVersion}`);
    }
    return {
      from,
      to: dryRun ? from : Math.max(from, latestVersion),
      pending: pending.map(({ version, name }) => ({ version, name })),
    };
  };
  return dryRun ? run() : db.transaction(run).immediate();
}

/** The schema as text, one statement per line in a stable order: what migrations.test.ts compares. */
export function schemaText(db: Database.Database): string {
  const rows = db
    .prepare(
      "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )
    .all() as { type: string; name: string; sql: string }[];
  return `${rows.map((r) => `${r.sql.replace(/\s+/g, ' ').trim()};`).join('\n')}\n`;
}
