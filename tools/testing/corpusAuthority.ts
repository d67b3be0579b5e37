/** A fresh authority (HTTP API, SQLite in a temporary folder) holding the attack corpus's keys, for the hostile-input tests. */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { buildServer } from '../../authority/http';
import { createService, holdCerts, revokeDevice } from '../../authority/service';
import { openStore } from '../../authority/store';
import { corpusAuthorityId, corpusKeys, corpusRevokedDevice } from '../attackCorpus';

/** An authority with the corpus's key, its device enrolled and the second device's key revoked. */
/** `rateLimit`: requests per minute from one address; the mutation test lifts it so that every mutant is judged. */
export async function corpusAuthority({ rateLimit }: { rateLimit?: number } = {}) {
  const keys = await corpusKeys();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kaodian-corpus-'));
  const store = openStore(dir);
  const service = createService({ id: corpusAuthorityId, signer: keys.authority, created: false }, store);
  holdCerts(service, [keys.certs.device, keys.certs.revoked], 'corpus');
  revokeDevice(service, corpusRevokedDevice);
  const app = buildServer(service, rateLimit === undefined ? {} : { rateLimit });
  const raw = new Database(path.join(dir, 'authority.sqlite'), { readonly: true });
  /** Everything an acceptance may change (without its clock times), except the quarantine. */
  const fingerprint = () =>
    JSON.stringify([
      raw.prepare('SELECT device, seq, hash, flag FROM events ORDER BY device, seq').all(),
      raw.prepare('SELECT device, site, name FROM devices ORDER BY device').all(),
      raw.prepare('SELECT kid, device, pub, revoked_at IS NOT NULL AS revoked FROM keys ORDER BY kid').all(),
      raw.prepare('SELECT device, through FROM receipts ORDER BY device, through').all(),
      raw.prepare('SELECT hash FROM attachments ORDER BY hash').all(),
      raw.prepare('SELECT code, used_at IS NOT NULL AS used FROM codes ORDER BY code').all(),
    ]);
  const post = (route: 'batches' | 'packages', bytes: Uint8Array) =>
    app.inject({ method: 'POST', url: `/v1/${route}`, headers: { 'content-type': route === 'batches' ? 'application/json' : 'application/octet-stream' }, payload: Buffer.from(bytes) });
  const close = async () => {
    raw.close();
    await app.close();
    store.close();
  };
  return { service, post, fingerprint, close, quarantined: () => store.quarantineList.all().length };
}

