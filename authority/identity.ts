/**
 * The authority's identity: an id and an Ed25519 key whose 32-byte seed lives in
 * `<data>/authority.key` (mode 0600), created on first start.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bytesToHex } from '../shared/ledger/hash';
import { fingerprint } from '../shared/ledger/signing';
import { generateSigner, seedOf, signerFromSeed, type NodeSigner } from './nodeCrypto';

export interface AuthorityIdentity {
  id: string;
  signer: NodeSigner;
  created: boolean;
}

export async function loadOrCreateAuthority(
  dataDir: string,
  defaultId = 'district-authority',
): Promise<AuthorityIdentity> {
  await mkdir(dataDir, { recursive: true });
  const keyFile = path.join(dataDir, 'authority.key');
  const idFile = path.join(dataDir, 'authority.id');
  if (existsSync(keyFile)) {
    const seed = Uint8Array.from(Buffer.from((await readFile(keyFile, 'utf8')).trim(), 'hex'));
    const id = existsSync(idFile) ? (await readFile(idFile, 'utf8')).trim() : defaultId;
    return { id, signer: signerFromSeed(seed), created: false };
  }
  const signer = generateSigner();
  await writeFile(keyFile, `${bytesToHex(seedOf(signer))}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(keyFile, 0o600);
  await writeFile(idFile, `${defaultId}\n`);
  return { id: defaultId, signer, created: true };
}

export function describeAuthority(identity: AuthorityIdentity): string {
  return `authority ${identity.id}, key ${identity.signer.kid}, fingerprint ${fingerprint(identity.signer.publicKey)}`;
}
