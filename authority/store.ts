/**
 * The authority's SQLite store (better-sqlite3, WAL, synchronous=FULL): events accepted exactly
 * once per (device, seq), device keys and certs, one-time enrolment codes, quarantine, and
 * attachments. Every acceptance is one transaction, durable before its answer is sent.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { attachmentHashes } from '../shared/domain/events';
import type { LedgerEvent } from '../shared/ledger/event';

export type Store = ReturnType<typeof openStore>;

/** A prepared statement with its parameter and row types (named here so the store's type can be). */
export interface Prepared<P extends unknown[], R> {
  run(...params: P): { changes: number };
  get(...params: P): R | undefined;
  all(...params: P): R[];
}

export interface CodeRow {
  code: string;
  site: string;
  /** Set for a re-key code: the one device it may enrol a new key for. */
  device: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  used_by: string | null;
  cancelled_at: number | null;
}

function addColumn(db: Database.Database, table: string, column: string, type: string): void {
  const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
  if (!columns.some((c) => c.name === column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
}

/** The hashes held events name (FORMATS.md §8), for a database made before attachment_refs. */
function backfillAttachmentRefs(db: Database.Database): void {
  const insert = db.prepare('INSERT OR IGNORE INTO attachment_refs (hash) VALUES (?)');
  db.transaction(() => {
    for (const row of db.prepare('SELECT event FROM events').iterate() as Iterable<{ event: string }>) {
      for (const hash of attachmentHashes([JSON.parse(row.event) as LedgerEvent])) insert.run(hash);
    }
  })();
}

export function openStore(dataDir: string) {
  const db: Database.Database = new Database(path.join(dataDir, 'authority.sqlite'));
  const prepare = <P extends unknown[] = unknown[], R = unknown>(sql: string): Prepared<P, R> =>
    db.prepare(sql) as unknown as Prepared<P, R>;
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
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
  `);
  // Added 2026-12-02 (issue 15). Columns are only ever added; numbered migrations are issue 18's.
  addColumn(db, 'codes', 'device', 'TEXT');
  addColumn(db, 'codes', 'cancelled_at', 'INTEGER');
  addColumn(db, 'quarantine', 'body_sha256', 'TEXT');
  addColumn(db, 'quarantine', 'body_size', 'INTEGER');
  addColumn(db, 'quarantine', 'body_purged_at', 'INTEGER');
  const refsAreNew = !db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attachment_refs'").get();
  db.exec('CREATE TABLE IF NOT EXISTS attachment_refs (hash TEXT PRIMARY KEY) WITHOUT ROWID');
  if (refsAreNew) backfillAttachmentRefs(db);
  // Certificate numbers (issue 19): each number once (primary key), each passer once; a serial per
  // prefix that only goes up, so a number is never made twice; the coding rule kept in settings.
  db.exec(`
    CREATE TABLE IF NOT EXISTS certificates (number TEXT PRIMARY KEY, session TEXT NOT NULL, candidate TEXT NOT NULL, site TEXT NOT NULL, assigned_at INTEGER NOT NULL, UNIQUE (session, candidate));
    CREATE TABLE IF NOT EXISTS certificate_serials (prefix TEXT PRIMARY KEY, last INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS archives (id TEXT PRIMARY KEY, session TEXT NOT NULL, site TEXT NOT NULL, device TEXT NOT NULL, created_at TEXT NOT NULL, retain_until TEXT NOT NULL, sha256 TEXT NOT NULL, file TEXT NOT NULL, received_at INTEGER NOT NULL);
  `);

  const statements = {
    insertCode: prepare<[string, string, string | null, number, number]>(
      'INSERT INTO codes (code, site, device, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
    ),
    getCode: prepare<[string], CodeRow>(
      'SELECT code, site, device, created_at, expires_at, used_at, used_by, cancelled_at FROM codes WHERE code = ?',
    ),
    codes: prepare<[], CodeRow>(
      'SELECT code, site, device, created_at, expires_at, used_at, used_by, cancelled_at FROM codes ORDER BY created_at DESC, code',
    ),
    useCode: prepare(
      'UPDATE codes SET used_at = ?, used_by = ? WHERE code = ? AND used_at IS NULL AND cancelled_at IS NULL',
    ),
    cancelCode: prepare<[number, string]>(
      'UPDATE codes SET cancelled_at = ? WHERE code = ? AND used_at IS NULL AND cancelled_at IS NULL',
    ),
    upsertDevice: prepare(
      'INSERT INTO devices (device, site, name, enrolled_at) VALUES (?, ?, ?, ?) ON CONFLICT(device) DO UPDATE SET name = excluded.name',
    ),
    insertKey: prepare('INSERT OR REPLACE INTO keys (kid, device, pub, cert, revoked_at) VALUES (?, ?, ?, ?, NULL)'),
    getKey: prepare<[string], { kid: string; device: string; pub: string; cert: string; revoked_at: number | null }>(
      'SELECT kid, device, pub, cert, revoked_at FROM keys WHERE kid = ?',
    ),
    revokeDevice: prepare<[number, string]>('UPDATE keys SET revoked_at = ? WHERE device = ? AND revoked_at IS NULL'),
    revokeKey: prepare<[number, string]>('UPDATE keys SET revoked_at = ? WHERE kid = ? AND revoked_at IS NULL'),
    revokeOtherKeys: prepare<[number, string, string]>(
      'UPDATE keys SET revoked_at = ? WHERE device = ? AND kid <> ? AND revoked_at IS NULL',
    ),
    revokedKeys: prepare<[], { kid: string; device: string; revoked_at: number }>(
      'SELECT kid, device, revoked_at FROM keys WHERE revoked_at IS NOT NULL ORDER BY revoked_at, kid',
    ),
    /** The certs of a site's keys in use (not revoked), for the devices a plan lists. */
    siteCerts: prepare<[string], { cert: string }>(
      'SELECT k.cert FROM keys k JOIN devices d ON d.device = k.device WHERE d.site = ? AND k.revoked_at IS NULL ORDER BY k.device, k.kid',
    ),
    getDevice: prepare<
      [string],
      { device: string; site: string; name: string; enrolled_at: number; last_seen: number | null }
    >('SELECT * FROM devices WHERE device = ?'),
    touchDevice: prepare('UPDATE devices SET last_seen = ? WHERE device = ?'),
    head: prepare<[string], { seq: number; hash: string } | undefined>(
      'SELECT seq, hash FROM events WHERE device = ? ORDER BY seq DESC LIMIT 1',
    ),
    heldBetween: prepare<[string, number, number], { seq: number; hash: string; hlc: string }>(
      'SELECT seq, hash, hlc FROM events WHERE device = ? AND seq BETWEEN ? AND ? ORDER BY seq',
    ),
    insertEvent: prepare(
      'INSERT INTO events (device, seq, hash, hlc, type, event, flag, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    insertAttachmentRef: prepare<[string]>('INSERT OR IGNORE INTO attachment_refs (hash) VALUES (?)'),
    isAttachmentReferenced: prepare<[string], { hash: string } | undefined>(
      'SELECT hash FROM attachment_refs WHERE hash = ?',
    ),
    quarantine: prepare<[number, string | null, string, string, Buffer | null, string | null, number | null]>(
      'INSERT INTO quarantine (received_at, device, reason, detail, body, body_sha256, body_size) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    purgeQuarantine: prepare<[number, number]>(
      'UPDATE quarantine SET body = NULL, body_purged_at = ? WHERE received_at < ? AND body IS NOT NULL',
    ),
    putAttachment: prepare('INSERT OR IGNORE INTO attachments (hash, bytes, received_at) VALUES (?, ?, ?)'),
    hasAttachment: prepare<[string], { hash: string } | undefined>('SELECT hash FROM attachments WHERE hash = ?'),
    devices: prepare<
      [],
      {
        device: string;
        site: string;
        name: string;
        enrolled_at: number;
        last_seen: number | null;
        through: number | null;
        head: string | null;
        revoked: number;
      }
    >(`
      SELECT d.device, d.site, d.name, d.enrolled_at, d.last_seen,
        (SELECT MAX(seq) FROM events e WHERE e.device = d.device) AS through,
        (SELECT hash FROM events e WHERE e.device = d.device ORDER BY seq DESC LIMIT 1) AS head,
        (SELECT COUNT(*) FROM keys k WHERE k.device = d.device AND k.revoked_at IS NOT NULL) AS revoked
      FROM devices d ORDER BY d.site, d.device`),
    quarantineBody: prepare<
      [number],
      { body: Buffer | null; body_sha256: string | null; body_size: number | null } | undefined
    >('SELECT body, body_sha256, body_size FROM quarantine WHERE id = ?'),
    quarantineList: prepare<
      [],
      { id: number; received_at: number; device: string | null; reason: string; detail: string }
    >('SELECT id, received_at, device, reason, detail FROM quarantine ORDER BY id DESC'),
    allEvents: prepare<[], { event: string }>('SELECT event FROM events ORDER BY device, seq'),
    eventCount: prepare<[], { count: number }>('SELECT COUNT(*) AS count FROM events'),
    flagged: prepare<[], { count: number }>('SELECT COUNT(*) AS count FROM events WHERE flag IS NOT NULL'),
    getReceipt: prepare<[string, number], { receipt: string } | undefined>(
      'SELECT receipt FROM receipts WHERE device = ? AND through = ?',
    ),
    putReceipt: prepare('INSERT OR IGNORE INTO receipts (device, through, receipt) VALUES (?, ?, ?)'),
    getSetting: prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
    putSetting: prepare<[string, string]>('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)'),
    certificateOf: prepare<[string, string], { number: string }>(
      'SELECT number FROM certificates WHERE session = ? AND candidate = ?',
    ),
    nextSerial: prepare<[string], { last: number }>(
      'INSERT INTO certificate_serials (prefix, last) VALUES (?, 1) ON CONFLICT (prefix) DO UPDATE SET last = last + 1 RETURNING last',
    ),
    insertCertificate: prepare<[string, string, string, string, number]>(
      'INSERT INTO certificates (number, session, candidate, site, assigned_at) VALUES (?, ?, ?, ?, ?)',
    ),
    certificates: prepare<
      [],
      { number: string; session: string; candidate: string; site: string; assigned_at: number }
    >('SELECT number, session, candidate, site, assigned_at FROM certificates ORDER BY number'),
    siteOfDevice: prepare<[string], { site: string }>('SELECT site FROM devices WHERE device = ?'),
    insertArchive: prepare<[string, string, string, string, string, string, string, string, number]>(
      'INSERT OR IGNORE INTO archives (id, session, site, device, created_at, retain_until, sha256, file, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    archives: prepare<
      [],
      { id: string; session: string; site: string; created_at: string; retain_until: string; file: string }
    >('SELECT id, session, site, created_at, retain_until, file FROM archives ORDER BY created_at'),
  };

  /** Runs `fn` as one transaction (committed durably: synchronous=FULL). */
  const transaction = <T>(fn: () => T): T => db.transaction(fn)();
  /** A transaction that takes the write lock at its start (BEGIN IMMEDIATE): read-then-write safe across processes. */
  const writeTransaction = <T>(fn: () => T): T => db.transaction(fn).immediate();
  const close = (): void => {
    db.close();
  };
  return { transaction, writeTransaction, ...statements, close };
}
