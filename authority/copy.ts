/**
 * `authority copy --from <dir> --to postgres://…`: moves a district's SQLite authority into
 * PostgreSQL so it can grow past one machine without its sites syncing again. Every table is
 * copied in one PostgreSQL transaction (all or nothing, into an empty database only); then the
 * copy is read back and verified: every device's chain re-hashed from seq 1 against the hashes
 * held, event counts equal, and every receipt identical, byte for byte.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { verifyChainWithText } from '../shared/ledger/chain';
import { parseEvent } from '../shared/ledger/event';
import { zeroHash } from '../shared/ledger/hash';
import { nodeSha256 } from './nodeCrypto';
import { migrate } from './migrations';
import { migratePostgres } from './postgresMigrations';

/** The tables, parents first (keys name devices). */
const tables = [
  'codes',
  'devices',
  'keys',
  'events',
  'attachment_refs',
  'attachments',
  'receipts',
  'quarantine',
  'settings',
  'certificate_serials',
  'certificates',
  'archives',
  'operators',
  'audit',
  'quarantine_reviews',
  'plans',
  // operator_sessions is not copied: the console's logins start afresh on the new store.
] as const;

/** Identity columns on PostgreSQL whose ids are kept (reviews and the audit trail cite them). */
const keptIds = ['quarantine', 'audit', 'quarantine_reviews'];

export type CopyReport =
  | { ok: true; devices: number; events: number; receipts: number; rows: Record<string, number> }
  | { ok: false; problem: string };

const rowsPerInsert = 500;

export async function copyStore(
  fromDir: string,
  toUrl: string,
  print: (line: string) => void = () => undefined,
): Promise<CopyReport> {
  const source = new Database(path.join(fromDir, 'authority.sqlite'), { fileMustExist: true });
  // The source is brought to the latest schema first (additive), so both sides have the same columns.
  migrate(source);
  const pool = new pg.Pool({ connectionString: toUrl, max: 2 });
  try {
    await migratePostgres(pool);
    const held = await pool.query<{ n: string }>(
      'SELECT (SELECT COUNT(*) FROM events) + (SELECT COUNT(*) FROM devices) AS n',
    );
    if (Number(held.rows[0]!.n) > 0)
      return {
        ok: false,
        problem: 'the PostgreSQL database already holds devices or events: copy only into an empty one',
      };

    const rows: Record<string, number> = {};
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      for (const table of tables) {
        const columns = (source.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
        const list = columns.join(', ');
        const overriding = keptIds.includes(table) ? ' OVERRIDING SYSTEM VALUE' : '';
        let count = 0;
        let chunk: unknown[][] = [];
        const insert = async () => {
          if (!chunk.length) return;
          const values = chunk
            .map((_, r) => `(${columns.map((_c, c) => `$${r * columns.length + c + 1}`).join(', ')})`)
            .join(', ');
          await client.query(`INSERT INTO ${table} (${list})${overriding} VALUES ${values}`, chunk.flat());
          count += chunk.length;
          chunk = [];
        };
        for (const row of source.prepare(`SELECT ${list} FROM ${table}`).raw().iterate() as Iterable<unknown[]>) {
          chunk.push(row);
          if (chunk.length === rowsPerInsert) await insert();
        }
        await insert();
        rows[table] = count;
        print(`  ${table}: ${count}`);
      }
      for (const table of keptIds)
        await client.query(
          `SELECT setval(pg_get_serial_sequence('${table}', 'id'), GREATEST((SELECT MAX(id) FROM ${table}), 1))`,
        );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }

    // Verified from what PostgreSQL now holds, not from what was sent.
    const devices = (
      source.prepare('SELECT DISTINCT device FROM events ORDER BY device').all() as { device: string }[]
    ).map((r) => r.device);
    let events = 0;
    for (const device of devices) {
      const copied = await pool.query<{ seq: string; hash: string; event: string }>(
        'SELECT seq, hash, event FROM events WHERE device = $1 ORDER BY seq',
        [device],
      );
      const expected = source.prepare('SELECT COUNT(*) AS n FROM events WHERE device = ?').get(device) as { n: number };
      if (copied.rows.length !== expected.n)
        return { ok: false, problem: `device ${device}: ${copied.rows.length} events copied of ${expected.n}` };
      let hashes: string[];
      try {
        hashes = verifyChainWithText(
          copied.rows.map((r) => parseEvent(JSON.parse(r.event))),
          { device, from: 1, prev: zeroHash },
          undefined,
          nodeSha256,
        ).hashes;
      } catch (error) {
        return {
          ok: false,
          problem: `device ${device}: the copied chain does not verify (${(error as Error).message})`,
        };
      }
      const differs = copied.rows.findIndex((r, i) => r.hash !== hashes[i]);
      if (differs >= 0)
        return { ok: false, problem: `device ${device}: seq ${copied.rows[differs]!.seq} hashes otherwise` };
      events += copied.rows.length;
    }
    const sourceReceipts = source
      .prepare('SELECT device, through, receipt FROM receipts ORDER BY device, through')
      .all() as {
      device: string;
      through: number;
      receipt: string;
    }[];
    const copiedReceipts = await pool.query<{ device: string; through: string; receipt: string }>(
      'SELECT device, through, receipt FROM receipts ORDER BY device, through',
    );
    // Compared by key: the two engines may sort text differently.
    const copiedByKey = new Map(copiedReceipts.rows.map((c) => [`${c.device}/${Number(c.through)}`, c.receipt]));
    const same =
      sourceReceipts.length === copiedReceipts.rows.length &&
      sourceReceipts.every((r) => copiedByKey.get(`${r.device}/${r.through}`) === r.receipt);
    if (!same) return { ok: false, problem: 'the receipts copied differ from those held' };
    return { ok: true, devices: devices.length, events, receipts: sourceReceipts.length, rows };
  } finally {
    source.close();
    await pool.end();
  }
}
