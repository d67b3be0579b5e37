/** A fresh authority holding the attack corpus's keys, for the hostile-input tests: in process, or a data folder for a real one. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { buildServer } from '../../authority/http';
import { createService, holdCerts, quarantineHeadBytes, quarantineWholeBytes } from '../../authority/service';
import { openStore } from '../../authority/store';
import { bytesToHex, sha256Hex } from '../../shared/ledger/hash';
import {
  corpusAuthorityId,
  corpusCodes,
  corpusKeys,
  corpusRevokedAt,
  corpusRevokedDevice,
  type CorpusCase,
} from '../attackCorpus';
import { seedOf } from '../../authority/nodeCrypto';
import { authoritySealSeedHex } from '../../tools/testVectors';
import { testAuthorityIdentity } from './authorityIdentity';

const hex = (text: string) => Uint8Array.from(text.match(/../g)!, (b) => parseInt(b, 16));

/** The corpus authority as the corpus data folder holds it: the test-vector signing and seal keys. */
async function corpusIdentity() {
  return testAuthorityIdentity(corpusAuthorityId, (await corpusKeys()).authority, hex(authoritySealSeedHex));
}

/**
 * Prepares a data folder as the corpus authority's: its key and id, its device enrolled, the
 * second device's key revoked (before the corpus's events were made) and its one-time codes.
 * `authority serve --data <dir>` then runs as that authority (test/corpusProcess.test.ts).
 */
export async function corpusDataDir(): Promise<string> {
  const keys = await corpusKeys();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kaodian-corpus-'));
  await writeFile(path.join(dir, 'authority.key'), `${bytesToHex(seedOf(keys.authority))}\n`, { mode: 0o600 });
  await writeFile(path.join(dir, 'authority.seal.key'), `${authoritySealSeedHex}\n`, { mode: 0o600 });
  await writeFile(path.join(dir, 'authority.id'), `${corpusAuthorityId}\n`);
  const store = openStore(dir);
  const service = createService(await corpusIdentity(), store);
  holdCerts(service, [keys.certs.device, keys.certs.revoked], 'corpus');
  store.revokeDevice.run(corpusRevokedAt, corpusRevokedDevice);
  for (const { code, site } of corpusCodes)
    store.insertCode.run(code, site, null, corpusRevokedAt, Date.UTC(2100, 0, 1));
  store.close();
  return dir;
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

/** An authority (HTTP API, SQLite in a temporary folder) as `corpusDataDir` prepares it. */
/** `rateLimit`: requests per minute from one address; the mutation test lifts it so that every mutant is judged. */
export async function corpusAuthority({ rateLimit }: { rateLimit?: number } = {}) {
  const dir = await corpusDataDir();
  const store = openStore(dir);
  const service = createService(await corpusIdentity(), store);
  const app = buildServer(service, rateLimit === undefined ? {} : { rateLimit });
  const { close: closeInspector, ...inspection } = dataDirInspector(dir);
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
    closeInspector();
    await app.close();
    store.close();
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
 * Reads an authority's data folder while it runs (read-only): `fingerprint()` is everything an
 * acceptance may change (without its clock times), except the quarantine, which is counted apart.
 */
export function dataDirInspector(dir: string) {
  const raw = new Database(path.join(dir, 'authority.sqlite'), { readonly: true });
  const all = (sql: string) => raw.prepare(sql).all();
  return {
    fingerprint: () =>
      JSON.stringify([
        all('SELECT device, seq, hash, flag FROM events ORDER BY device, seq'),
        all('SELECT device, site, name FROM devices ORDER BY device'),
        all('SELECT kid, device, pub, revoked_at IS NOT NULL AS revoked FROM keys ORDER BY kid'),
        all('SELECT device, through FROM receipts ORDER BY device, through'),
        all('SELECT hash FROM attachments ORDER BY hash'),
        all('SELECT code, used_at IS NOT NULL AS used FROM codes ORDER BY code'),
      ]),
    quarantined: () => (raw.prepare('SELECT COUNT(*) AS n FROM quarantine').get() as { n: number }).n,
    lastQuarantined: () =>
      raw.prepare('SELECT body, body_sha256, body_size FROM quarantine ORDER BY id DESC LIMIT 1').get() as
        QuarantinedBody | undefined,
    close: (): void => {
      raw.close();
    },
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
