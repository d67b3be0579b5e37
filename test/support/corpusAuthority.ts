/** A fresh authority holding the attack corpus's keys, for the hostile-input tests: in process, or a data folder for a real one. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { expect } from 'vitest';
import { buildServer } from '../../authority/http';
import { createService, holdCerts, quarantineHeadBytes, quarantineWholeBytes } from '../../authority/service';
import { isPostgresUrl, openStore, type Engine } from '../../authority/store';
import { storeLocation } from './engines';
import { bytesToHex, sha256Hex } from '../../shared/ledger/hash';
import {
  corpusAuthorityId,
  corpusCodes,
  corpusKeys,
  corpusRevokedAt,
  corpusRevokedDevice,
  type CorpusCase,
} from '../attackCorpus';
import { seedOf, type NodeSigner } from '../../authority/nodeCrypto';
import { authoritySealSeedHex } from '../../tools/testVectors';
import { testAuthorityIdentity } from './authorityIdentity';

/**
 * A data folder holding a given authority's keys and id (what `authority serve --data` loads),
 * for tests that run real processes as an authority whose key they made themselves.
 */
export async function authorityDataDir(id: string, signer: NodeSigner, sealSeed: Uint8Array): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kaodian-authority-'));
  await writeFile(path.join(dir, 'authority.key'), `${bytesToHex(seedOf(signer))}\n`, { mode: 0o600 });
  await writeFile(path.join(dir, 'authority.seal.key'), `${bytesToHex(sealSeed)}\n`, { mode: 0o600 });
  await writeFile(path.join(dir, 'authority.id'), `${id}\n`);
  return dir;
}

const hex = (text: string) => Uint8Array.from(text.match(/../g)!, (b) => parseInt(b, 16));

/** The corpus authority as the corpus data folder holds it: the test-vector signing and seal keys. */
async function corpusIdentity() {
  return testAuthorityIdentity(corpusAuthorityId, (await corpusKeys()).authority, hex(authoritySealSeedHex));
}

/**
 * Prepares a data folder as the corpus authority's: its key and id, its device enrolled, the
 * second device's key revoked (before the corpus's events were made) and its one-time codes, in
 * a store of `engine` (`location`: the folder, or a fresh PostgreSQL database).
 * `authority serve --data <dir> [--db <location>]` then runs as that authority (test/corpusProcess.test.ts).
 */
export async function corpusDataDir(engine: Engine = 'sqlite'): Promise<{ dir: string; location: string }> {
  const keys = await corpusKeys();
  const dir = await authorityDataDir(corpusAuthorityId, keys.authority, hex(authoritySealSeedHex));
  const location = await storeLocation(engine, dir);
  const store = await openStore(location);
  const service = createService(await corpusIdentity(), store);
  await holdCerts(service, [keys.certs.device, keys.certs.revoked], 'corpus');
  await store.revokeDevice.run(corpusRevokedAt, corpusRevokedDevice);
  for (const { code, site } of corpusCodes)
    await store.insertCode.run(code, site, null, corpusRevokedAt, Date.UTC(2100, 0, 1));
  await store.close();
  return { dir, location };
}

/** The request a corpus case makes: its route's URL and content type. */
export function corpusRequest(
  c: Pick<CorpusCase, 'route' | 'contentType'>,
  bytes: Uint8Array,
): { method: 'POST' | 'PUT'; url: string; contentType: string } {
  if (c.route === 'attachments')
    return {
      method: 'PUT',
      url: `/v1/attachments/${sha256Hex(bytes)}`,
      contentType: c.contentType ?? 'application/octet-stream',
    };
  return {
    method: 'POST',
    url: `/v1/${c.route}`,
    contentType: c.contentType ?? (c.route === 'packages' ? 'application/octet-stream' : 'application/json'),
  };
}

/**
 * An authority (HTTP API in process, its store of `engine`) as `corpusDataDir` prepares it.
 * `rateLimit`: requests per minute from one address; the mutation test lifts it so that every mutant is judged.
 */
export async function corpusAuthority({ rateLimit, engine = 'sqlite' }: { rateLimit?: number; engine?: Engine } = {}) {
  const { location } = await corpusDataDir(engine);
  const store = await openStore(location);
  const service = createService(await corpusIdentity(), store);
  const app = buildServer(service, rateLimit === undefined ? {} : { rateLimit });
  const { close: closeInspector, ...inspection } = storeInspector(location);
  const post = (route: CorpusCase['route'], bytes: Uint8Array, contentType?: string) => {
    const request = corpusRequest({ route, contentType }, bytes);
    return app.inject({
      method: request.method,
      url: request.url,
      headers: { 'content-type': request.contentType },
      payload: Buffer.from(bytes),
    });
  };
  const close = async () => {
    await closeInspector();
    await app.close();
    await store.close();
  };
  return { service, post, close, ...inspection };
}

/** What was kept of a refused body: its newest quarantine row. */
export interface QuarantinedBody {
  body: Buffer | null;
  body_sha256: string | null;
  body_size: number | null;
}

/**
 * Reads an authority's store while it runs, from outside it (a read-only SQLite connection, or
 * a PostgreSQL one): `fingerprint()` is everything an acceptance may change (without its clock
 * times), except the quarantine, which is counted apart.
 */
export function storeInspector(location: string) {
  let all: (sql: string) => Promise<unknown[]>;
  let close: () => Promise<void>;
  if (isPostgresUrl(location)) {
    const pool = new pg.Pool({ connectionString: location, max: 1 });
    all = async (sql) => (await pool.query(sql)).rows;
    close = () => pool.end();
  } else {
    const raw = new Database(path.join(location, 'authority.sqlite'), { readonly: true });
    all = async (sql) => raw.prepare(sql).all();
    close = async () => void raw.close();
  }
  return {
    fingerprint: async () =>
      JSON.stringify([
        await all('SELECT device, seq, hash, flag FROM events ORDER BY device, seq'),
        await all('SELECT device, site, name FROM devices ORDER BY device'),
        await all('SELECT kid, device, pub, revoked_at IS NOT NULL AS revoked FROM keys ORDER BY kid'),
        await all('SELECT device, through FROM receipts ORDER BY device, through'),
        await all('SELECT hash FROM attachments ORDER BY hash'),
        await all('SELECT code, used_at IS NOT NULL AS used FROM codes ORDER BY code'),
      ]),
    quarantined: async () =>
      Number(((await all('SELECT COUNT(*) AS n FROM quarantine'))[0] as { n: number | string }).n),
    lastQuarantined: async () => {
      const row = (await all('SELECT body, body_sha256, body_size FROM quarantine ORDER BY id DESC LIMIT 1'))[0] as
        (Omit<QuarantinedBody, 'body_size'> & { body_size: number | string | null }) | undefined;
      return row && { ...row, body_size: row.body_size === null ? null : Number(row.body_size) };
    },
    close,
  };
}

/** What the quarantine kept of a case: the whole body (when given), or its hash, size and first 64 KiB; or nothing. */
export function expectQuarantined(
  c: CorpusCase,
  bytes: Uint8Array,
  added: number,
  last: QuarantinedBody | undefined,
): void {
  expect(added, `${c.name}: quarantine rows added`).toBe(c.quarantined ? 1 : 0);
  if (c.quarantined === 'head') {
    expect(last?.body?.length).toBe(quarantineHeadBytes);
    expect(Buffer.from(bytes.subarray(0, quarantineHeadBytes)).equals(last!.body!)).toBe(true);
    expect([last?.body_size, last?.body_sha256]).toEqual([bytes.length, sha256Hex(bytes)]);
  }
  // A package is kept whole as it came; a batch from a package has no bytes of its own to keep.
  if (c.quarantined === 'whole' && last?.body) expect(last.body.length).toBeLessThanOrEqual(quarantineWholeBytes);
}
