/**
 * The authority's store: one interface, two engines (issue 18). `openStore(<dir>)` is the
 * embedded default, SQLite (authority/sqliteStore.ts: WAL, synchronous=FULL, group commit);
 * `openStore('postgres://…')` is PostgreSQL (authority/postgresStore.ts) for a city or province
 * that runs several intake processes on one database. The service, the CLI and the tests run
 * unchanged on either: they see only the named statements below and three kinds of transaction.
 *
 * The SQL is written once, in the dialect both engines share (`?` placeholders, `ON CONFLICT`,
 * `RETURNING`); the engines differ only in their schemas (authority/migrations.ts and
 * authority/postgresMigrations.ts) and in how a transaction holds its connection.
 */
import { openPostgresStore } from './postgresStore';
import { openSqliteStore } from './sqliteStore';

/** A query with its parameter and row types. */
export interface Query<P extends unknown[], R> {
  sql: string;
  /** Types only: never set. */
  readonly types?: (params: P) => R;
}

const query = <P extends unknown[] = unknown[], R = unknown>(sql: string): Query<P, R> => ({ sql });

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

export interface DeviceRow {
  device: string;
  site: string;
  name: string;
  enrolled_at: number;
  last_seen: number | null;
}

export interface KeyRow {
  kid: string;
  device: string;
  pub: string;
  cert: string;
  revoked_at: number | null;
}

const codeColumns = 'code, site, device, created_at, expires_at, used_at, used_by, cancelled_at';

export interface OperatorRow {
  login: string;
  /** admin | operator | auditor */
  role: string;
  password_hash: string;
  /** 1 until the initial password has been changed. */
  must_change: number;
  failed: number;
  locked_until: number | null;
  lockouts: number;
  disabled_at: number | null;
  created_at: number;
}

export interface AuditRow {
  id: number;
  at: number;
  login: string;
  action: string;
  detail: string;
  address: string | null;
}

const operatorColumns =
  'login, role, password_hash, must_change, failed, locked_until, lockouts, disabled_at, created_at';

export const queries = {
  insertCode: query<[string, string, string | null, number, number]>(
    'INSERT INTO codes (code, site, device, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
  ),
  getCode: query<[string], CodeRow>(`SELECT ${codeColumns} FROM codes WHERE code = ?`),
  codes: query<[], CodeRow>(`SELECT ${codeColumns} FROM codes ORDER BY created_at DESC, code`),
  useCode: query<[number, string, string]>(
    'UPDATE codes SET used_at = ?, used_by = ? WHERE code = ? AND used_at IS NULL AND cancelled_at IS NULL',
  ),
  cancelCode: query<[number, string]>(
    'UPDATE codes SET cancelled_at = ? WHERE code = ? AND used_at IS NULL AND cancelled_at IS NULL',
  ),
  upsertDevice: query<[string, string, string, number]>(
    'INSERT INTO devices (device, site, name, enrolled_at) VALUES (?, ?, ?, ?) ON CONFLICT (device) DO UPDATE SET name = excluded.name',
  ),
  insertKey: query<[string, string, string, string]>(
    'INSERT INTO keys (kid, device, pub, cert, revoked_at) VALUES (?, ?, ?, ?, NULL) ON CONFLICT (kid) DO UPDATE SET device = excluded.device, pub = excluded.pub, cert = excluded.cert, revoked_at = NULL',
  ),
  getKey: query<[string], KeyRow>('SELECT kid, device, pub, cert, revoked_at FROM keys WHERE kid = ?'),
  allKeys: query<[], KeyRow>('SELECT kid, device, pub, cert, revoked_at FROM keys ORDER BY kid'),
  revokeDevice: query<[number, string]>('UPDATE keys SET revoked_at = ? WHERE device = ? AND revoked_at IS NULL'),
  revokeKey: query<[number, string]>('UPDATE keys SET revoked_at = ? WHERE kid = ? AND revoked_at IS NULL'),
  revokeOtherKeys: query<[number, string, string]>(
    'UPDATE keys SET revoked_at = ? WHERE device = ? AND kid <> ? AND revoked_at IS NULL',
  ),
  revokedKeys: query<[], { kid: string; device: string; revoked_at: number }>(
    'SELECT kid, device, revoked_at FROM keys WHERE revoked_at IS NOT NULL ORDER BY revoked_at, kid',
  ),
  /** The certs of a site's keys in use (not revoked), for the devices a plan lists. */
  siteCerts: query<[string], { cert: string }>(
    'SELECT k.cert FROM keys k JOIN devices d ON d.device = k.device WHERE d.site = ? AND k.revoked_at IS NULL ORDER BY k.device, k.kid',
  ),
  getDevice: query<[string], DeviceRow>(
    'SELECT device, site, name, enrolled_at, last_seen FROM devices WHERE device = ?',
  ),
  touchDevice: query<[number, string]>('UPDATE devices SET last_seen = ? WHERE device = ?'),
  head: query<[string], { seq: number; hash: string }>(
    'SELECT seq, hash FROM events WHERE device = ? ORDER BY seq DESC LIMIT 1',
  ),
  heldBetween: query<[string, number, number], { seq: number; hash: string; hlc: string }>(
    'SELECT seq, hash, hlc FROM events WHERE device = ? AND seq BETWEEN ? AND ? ORDER BY seq',
  ),
  insertEvent: query<[string, number, string, string, string, string, string | null, number]>(
    'INSERT INTO events (device, seq, hash, hlc, type, event, flag, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ),
  insertAttachmentRef: query<[string]>('INSERT INTO attachment_refs (hash) VALUES (?) ON CONFLICT DO NOTHING'),
  isAttachmentReferenced: query<[string], { hash: string }>('SELECT hash FROM attachment_refs WHERE hash = ?'),
  quarantine: query<[number, string | null, string, string, Buffer | null, string | null, number | null]>(
    'INSERT INTO quarantine (received_at, device, reason, detail, body, body_sha256, body_size) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ),
  purgeQuarantine: query<[number, number]>(
    'UPDATE quarantine SET body = NULL, body_purged_at = ? WHERE received_at < ? AND body IS NOT NULL',
  ),
  putAttachment: query<[string, Buffer, number]>(
    'INSERT INTO attachments (hash, bytes, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  ),
  hasAttachment: query<[string], { hash: string }>('SELECT hash FROM attachments WHERE hash = ?'),
  devices: query<[], DeviceRow & { through: number | null; head: string | null; revoked: number }>(`
      SELECT d.device, d.site, d.name, d.enrolled_at, d.last_seen,
        (SELECT MAX(seq) FROM events e WHERE e.device = d.device) AS through,
        (SELECT hash FROM events e WHERE e.device = d.device ORDER BY seq DESC LIMIT 1) AS head,
        (SELECT COUNT(*) FROM keys k WHERE k.device = d.device AND k.revoked_at IS NOT NULL) AS revoked
      FROM devices d ORDER BY d.site, d.device`),
  quarantineBody: query<[number], { body: Buffer | null; body_sha256: string | null; body_size: number | null }>(
    'SELECT body, body_sha256, body_size FROM quarantine WHERE id = ?',
  ),
  quarantineList: query<[], { id: number; received_at: number; device: string | null; reason: string; detail: string }>(
    'SELECT id, received_at, device, reason, detail FROM quarantine ORDER BY id DESC',
  ),
  allEvents: query<[], { event: string }>('SELECT event FROM events ORDER BY device, seq'),
  eventsWithFlags: query<[], { device: string; event: string; flag: string | null }>(
    'SELECT device, event, flag FROM events ORDER BY device, seq',
  ),
  eventCount: query<[], { count: number }>('SELECT COUNT(*) AS count FROM events'),
  flagged: query<[], { count: number }>('SELECT COUNT(*) AS count FROM events WHERE flag IS NOT NULL'),
  getReceipt: query<[string, number], { receipt: string }>(
    'SELECT receipt FROM receipts WHERE device = ? AND through = ?',
  ),
  putReceipt: query<[string, number, string]>(
    'INSERT INTO receipts (device, through, receipt) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  ),
  getSetting: query<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
  putSetting: query<[string, string]>(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ),
  certificateOf: query<[string, string], { number: string }>(
    'SELECT number FROM certificates WHERE session = ? AND candidate = ?',
  ),
  nextSerial: query<[string], { last: number }>(
    'INSERT INTO certificate_serials (prefix, last) VALUES (?, 1) ON CONFLICT (prefix) DO UPDATE SET last = certificate_serials.last + 1 RETURNING last',
  ),
  insertCertificate: query<[string, string, string, string, number]>(
    'INSERT INTO certificates (number, session, candidate, site, assigned_at) VALUES (?, ?, ?, ?, ?)',
  ),
  certificates: query<[], { number: string; session: string; candidate: string; site: string; assigned_at: number }>(
    'SELECT number, session, candidate, site, assigned_at FROM certificates ORDER BY number',
  ),
  siteOfDevice: query<[string], { site: string }>('SELECT site FROM devices WHERE device = ?'),
  insertArchive: query<[string, string, string, string, string, string, string, string, number]>(
    'INSERT INTO archives (id, session, site, device, created_at, retain_until, sha256, file, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
  ),
  insertOperator: query<[string, string, string, number]>(
    'INSERT INTO operators (login, role, password_hash, must_change, created_at) VALUES (?, ?, ?, 1, ?)',
  ),
  getOperator: query<[string], OperatorRow>(`SELECT ${operatorColumns} FROM operators WHERE login = ?`),
  operators: query<[], OperatorRow>(`SELECT ${operatorColumns} FROM operators ORDER BY login`),
  setOperatorLock: query<[number, number | null, number, string]>(
    'UPDATE operators SET failed = ?, locked_until = ?, lockouts = ? WHERE login = ?',
  ),
  setOperatorPassword: query<[string, string]>(
    'UPDATE operators SET password_hash = ?, must_change = 0, failed = 0 WHERE login = ?',
  ),
  disableOperator: query<[number, string]>(
    'UPDATE operators SET disabled_at = ? WHERE login = ? AND disabled_at IS NULL',
  ),
  insertAudit: query<[number, string, string, string, string | null]>(
    'INSERT INTO audit (at, login, action, detail, address) VALUES (?, ?, ?, ?, ?)',
  ),
  auditTrail: query<[], AuditRow>('SELECT id, at, login, action, detail, address FROM audit ORDER BY id'),
  insertSession: query<[string, string, number, number, string | null]>(
    'INSERT INTO operator_sessions (token_hash, login, created_at, last_seen, address) VALUES (?, ?, ?, ?, ?)',
  ),
  getSession: query<[string], { login: string; created_at: number; last_seen: number }>(
    'SELECT login, created_at, last_seen FROM operator_sessions WHERE token_hash = ?',
  ),
  touchSession: query<[number, string]>('UPDATE operator_sessions SET last_seen = ? WHERE token_hash = ?'),
  deleteSession: query<[string]>('DELETE FROM operator_sessions WHERE token_hash = ?'),
  deleteSessionsOf: query<[string]>('DELETE FROM operator_sessions WHERE login = ?'),
  deleteSessionsIdleSince: query<[number]>('DELETE FROM operator_sessions WHERE last_seen < ?'),
  insertQuarantineReview: query<[number, number, string, string]>(
    'INSERT INTO quarantine_reviews (quarantine_id, at, login, note) VALUES (?, ?, ?, ?)',
  ),
  quarantineReviews: query<[], { id: number; quarantine_id: number; at: number; login: string; note: string }>(
    'SELECT id, quarantine_id, at, login, note FROM quarantine_reviews ORDER BY id',
  ),
  quarantineExists: query<[number], { id: number }>('SELECT id FROM quarantine WHERE id = ?'),
  insertPlan: query<[string, string, number, string, string]>(
    'INSERT INTO plans (id, site, published_at, login, plan) VALUES (?, ?, ?, ?, ?)',
  ),
  plans: query<[], { id: string; site: string; published_at: number; login: string }>(
    'SELECT id, site, published_at, login FROM plans ORDER BY published_at DESC',
  ),
  getPlan: query<[string], { plan: string }>('SELECT plan FROM plans WHERE id = ?'),
  receiptList: query<[], { device: string; through: number; receipt: string }>(
    'SELECT device, through, receipt FROM receipts ORDER BY device, through',
  ),
  /** What arrived when: the events one acceptance stored share its time (a batch, or a package's batches). */
  intakes: query<[number], { device: string; received_at: number; first: number; last: number; events: number }>(
    'SELECT device, received_at, MIN(seq) AS first, MAX(seq) AS last, COUNT(*) AS events FROM events GROUP BY device, received_at ORDER BY received_at DESC LIMIT ?',
  ),
  eventsPerDay: query<[number], { day: number; events: number }>(
    'SELECT (received_at + 28800000) / 86400000 AS day, COUNT(*) AS events FROM events WHERE received_at >= ? GROUP BY 1 ORDER BY 1',
  ),
  archives: query<
    [],
    { id: string; session: string; site: string; created_at: string; retain_until: string; file: string }
  >('SELECT id, session, site, created_at, retain_until, file FROM archives ORDER BY created_at'),
};

/** A query bound to a connection. */
export interface Statement<P extends unknown[], R> {
  run(...params: P): Promise<{ changes: number }>;
  get(...params: P): Promise<R | undefined>;
  all(...params: P): Promise<R[]>;
}

type Queries = typeof queries;
export type Statements = {
  [K in keyof Queries]: Queries[K] extends Query<infer P, infer R> ? Statement<P, R> : never;
};

/** One event row as an acceptance stores it (the columns of `insertEvent`, in order). */
export type EventInsert = Parameters<Statements['insertEvent']['run']>;

export interface HeldEventRef {
  device: string;
  seq: number;
  hash: string;
  hlc: string;
}

/**
 * The statements inside one transaction, and the set-wise steps of accepting a group of batches
 * (authority/intake.ts): each is one statement for the whole group on PostgreSQL, where every
 * statement is a round trip; on SQLite, where a statement is a function call, a loop.
 */
export interface Transaction extends Statements {
  /**
   * Holds the devices until the transaction ends: two acceptances for one device never judge the
   * same head, whichever process runs them (PostgreSQL: advisory transaction locks, taken in
   * sorted order; SQLite: the write lock every write transaction already holds).
   */
  lockDevices(devices: readonly string[]): Promise<void>;
  /** Each device's last event held. */
  heads(devices: readonly string[]): Promise<Map<string, { seq: number; hash: string }>>;
  /** The events held in each range (device, from..to). */
  heldRanges(ranges: readonly { device: string; from: number; to: number }[]): Promise<HeldEventRef[]>;
  insertEvents(rows: readonly EventInsert[]): Promise<void>;
  insertAttachmentRefs(hashes: readonly string[]): Promise<void>;
  touchDevices(devices: readonly string[], at: number): Promise<void>;
  /** The receipts held for (device, through), keyed `device/through`. */
  receiptsAt(keys: readonly { device: string; through: number }[]): Promise<Map<string, string>>;
  putReceipts(rows: readonly (readonly [device: string, through: number, receipt: string])[]): Promise<void>;
}

export type Engine = 'sqlite' | 'postgres';

export interface Store extends Statements {
  engine: Engine;
  /** Where it is: the data folder, or the PostgreSQL URL without its password. */
  where: string;
  /** Runs `fn` as one durable transaction. */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /** A transaction that takes the writers' lock at its start: read-then-write safe across processes. */
  writeTransaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /** The keys held of those kids, in one statement (PostgreSQL) or a loop (SQLite). */
  keysOf(kids: readonly string[]): Promise<KeyRow[]>;
  /** How many write transactions may usefully run at once (SQLite: one writer; PostgreSQL: its pool). */
  writers: number;
  /** Whether the database answers (for /v1/health). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** PostgreSQL: the most connections this process opens. */
  poolSize?: number;
}

export const isPostgresUrl = (location: string): boolean => /^postgres(ql)?:\/\//.test(location);

/** Opens (and migrates) the store at a data folder (SQLite) or a `postgres://` URL. */
export async function openStore(location: string, options: StoreOptions = {}): Promise<Store> {
  return isPostgresUrl(location) ? openPostgresStore(location, options) : openSqliteStore(location);
}

/** Builds every named statement over one way of running SQL. */
export function bindStatements(
  bind: <P extends unknown[], R>(name: string, query: Query<P, R>) => Statement<P, R>,
): Statements {
  return Object.fromEntries(
    Object.entries(queries).map(([name, q]) => [name, bind(name, q as Query<unknown[], unknown>)]),
  ) as Statements;
}
