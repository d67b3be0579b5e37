/**
 * The authority's schema on PostgreSQL: the same numbered migrations as SQLite's
 * (authority/migrations.ts), in PostgreSQL's types (BIGINT milliseconds, BYTEA, identity ids),
 * recorded in `schema_migrations` and applied at start in one transaction under an advisory lock,
 * so several intake processes starting together apply each once. Additive only, like SQLite's.
 */
import type pg from 'pg';
import { attachmentHashes } from '../shared/domain/events';
import type { LedgerEvent } from '../shared/ledger/event';
import { latestVersion, migrations as sqliteMigrations, type MigrationReport } from './migrations';

export interface PostgresMigration {
  version: number;
  apply(client: pg.PoolClient): Promise<void>;
}

/** The advisory lock key the migrations take (any constant: "kaod" in ASCII). */
const migrationLock = 0x6b616f64;

export const postgresMigrations: readonly PostgresMigration[] = [
  {
    version: 1,
    apply: async (client) => {
      await client.query(`
        CREATE TABLE codes (code TEXT PRIMARY KEY, site TEXT NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, used_at BIGINT, used_by TEXT);
        CREATE TABLE devices (device TEXT PRIMARY KEY, site TEXT NOT NULL, name TEXT NOT NULL, enrolled_at BIGINT NOT NULL, last_seen BIGINT);
        CREATE TABLE keys (kid TEXT PRIMARY KEY, device TEXT NOT NULL REFERENCES devices(device), pub TEXT NOT NULL, cert TEXT NOT NULL, revoked_at BIGINT);
        CREATE TABLE events (
          device TEXT NOT NULL, seq BIGINT NOT NULL, hash TEXT NOT NULL, hlc TEXT NOT NULL, type TEXT NOT NULL,
          event TEXT NOT NULL, flag TEXT, received_at BIGINT NOT NULL, PRIMARY KEY (device, seq));
        CREATE TABLE quarantine (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, received_at BIGINT NOT NULL, device TEXT, reason TEXT NOT NULL, detail TEXT NOT NULL, body BYTEA);
        CREATE TABLE attachments (hash TEXT PRIMARY KEY, bytes BYTEA NOT NULL, received_at BIGINT NOT NULL);
        CREATE TABLE receipts (device TEXT NOT NULL, through BIGINT NOT NULL, receipt TEXT NOT NULL, PRIMARY KEY (device, through));
      `);
    },
  },
  {
    version: 2,
    apply: async (client) => {
      await client.query(`
        ALTER TABLE codes ADD COLUMN device TEXT, ADD COLUMN cancelled_at BIGINT;
        ALTER TABLE quarantine ADD COLUMN body_sha256 TEXT, ADD COLUMN body_size BIGINT, ADD COLUMN body_purged_at BIGINT;
      `);
    },
  },
  {
    version: 3,
    apply: async (client) => {
      await client.query('CREATE TABLE attachment_refs (hash TEXT PRIMARY KEY)');
      // Filled from the events already held, so a photo sent later is still taken.
      const { rows } = await client.query<{ event: string }>('SELECT event FROM events');
      for (const row of rows)
        for (const hash of attachmentHashes([JSON.parse(row.event) as LedgerEvent]))
          await client.query('INSERT INTO attachment_refs (hash) VALUES ($1) ON CONFLICT DO NOTHING', [hash]);
    },
  },
  {
    version: 4,
    apply: async (client) => {
      await client.query(`
        CREATE TABLE certificates (number TEXT PRIMARY KEY, session TEXT NOT NULL, candidate TEXT NOT NULL, site TEXT NOT NULL, assigned_at BIGINT NOT NULL, UNIQUE (session, candidate));
        CREATE TABLE certificate_serials (prefix TEXT PRIMARY KEY, last BIGINT NOT NULL);
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      `);
    },
  },
  {
    version: 5,
    apply: async (client) => {
      await client.query(
        'CREATE TABLE archives (id TEXT PRIMARY KEY, session TEXT NOT NULL, site TEXT NOT NULL, device TEXT NOT NULL, created_at TEXT NOT NULL, retain_until TEXT NOT NULL, sha256 TEXT NOT NULL, file TEXT NOT NULL, received_at BIGINT NOT NULL)',
      );
    },
  },
  {
    version: 6,
    apply: async (client) => {
      await client.query(`
        CREATE TABLE operators (login TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT NOT NULL, must_change INTEGER NOT NULL, failed INTEGER NOT NULL DEFAULT 0, locked_until BIGINT, lockouts INTEGER NOT NULL DEFAULT 0, disabled_at BIGINT, created_at BIGINT NOT NULL);
        CREATE TABLE audit (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at BIGINT NOT NULL, login TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL, address TEXT);
      `);
    },
  },
  {
    version: 7,
    apply: async (client) => {
      await client.query(`
        CREATE TABLE operator_sessions (token_hash TEXT PRIMARY KEY, login TEXT NOT NULL, created_at BIGINT NOT NULL, last_seen BIGINT NOT NULL, address TEXT);
        CREATE INDEX operator_sessions_login ON operator_sessions (login);
        CREATE TABLE quarantine_reviews (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, quarantine_id BIGINT NOT NULL, at BIGINT NOT NULL, login TEXT NOT NULL, note TEXT NOT NULL);
        CREATE TABLE plans (id TEXT PRIMARY KEY, site TEXT NOT NULL, published_at BIGINT NOT NULL, login TEXT NOT NULL, plan TEXT NOT NULL);
      `);
    },
  },
];

const nameOf = (version: number) => sqliteMigrations.find((m) => m.version === version)?.name ?? '';

/**
 * Applies what `schema_migrations` does not list, in one transaction (all or none) under the
 * migrations' advisory lock. A dry run lists what would run and changes nothing. A database
 * newer than this program is refused.
 */
export async function migratePostgres(pool: pg.Pool, { dryRun = false } = {}): Promise<MigrationReport> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [migrationLock]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
    );
    const { rows } = await client.query<{ version: number | null }>(
      'SELECT MAX(version) AS version FROM schema_migrations',
    );
    const from = rows[0]?.version ?? 0;
    if (from > latestVersion)
      throw new Error(
        `the database is at schema version ${from}, newer than this program knows (${latestVersion}): update the program`,
      );
    const pending = postgresMigrations.filter((m) => m.version > from);
    if (!dryRun)
      for (const m of pending) {
        await m.apply(client);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
          m.version,
          nameOf(m.version),
        ]);
      }
    await client.query(dryRun ? 'ROLLBACK' : 'COMMIT');
    return {
      from,
      to: dryRun ? from : Math.max(from, latestVersion),
      pending: pending.map(({ version }) => ({ version, name: nameOf(version) })),
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** The schema as text, one line per column and constraint in a stable order (migrations.test.ts compares it). */
export async function postgresSchemaText(pool: pg.Pool): Promise<string> {
  const columns = await pool.query<{ line: string }>(`
    SELECT table_name || '.' || column_name || ' ' || data_type || CASE WHEN is_nullable = 'NO' THEN ' NOT NULL' ELSE '' END AS line
    FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> 'schema_migrations'
    ORDER BY table_name, column_name`);
  const constraints = await pool.query<{ line: string }>(`
    SELECT conrelid::regclass::text || ' ' || pg_get_constraintdef(oid) AS line
    FROM pg_constraint WHERE connamespace = current_schema()::regnamespace AND conrelid::regclass::text <> 'schema_migrations'
    ORDER BY 1`);
  return `${[...columns.rows, ...constraints.rows].map((r) => r.line).join('\n')}\n`;
}
