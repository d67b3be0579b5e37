/**
 * The authority's identity: an id, an Ed25519 signing key whose 32-byte seed lives in
 * `<data>/authority.key`, and an X25519 seal key (FORMATS.md §5a) in `<data>/authority.seal.key`,
 * both mode 0600 and created on first start. The data folder is the district's personal data:
 * it is made 0700, and a folder others may write to is refused.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bytesToHex } from '../shared/ledger/hash';
import { fingerprint } from '../shared/ledger/signing';
import { sealIdentityFromSeed, type SealIdentity } from '../shared/sync/seal';
import { generateSigner, nodeSealCrypto, seedOf, signerFromSeed, type NodeSigner } from './nodeCrypto';

export interface AuthorityIdentity {
  id: string;
  signer: NodeSigner;
  /** Opens the packages sites seal to the authority. */
  seal: SealIdentity;
  created: boolean;
}

export class UnsafeDataFolderError extends Error {
  constructor(
    readonly folder: string,
    readonly mode: number,
  ) {
    super(
      `the data folder ${folder} can be written by other users (mode ${mode.toString(8)}); ` +
        `it holds personal data and keys — run: chmod 700 ${folder}`,
    );
    this.name = 'UnsafeDataFolderError';
  }
}

/** Creates the data folder 0700, or refuses one that group or others may write to. */
async function secureDataFolder(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const { mode } = await stat(dataDir);
  if (process.platform !== 'win32' && (mode & 0o022) !== 0) throw new UnsafeDataFolderError(dataDir, mode & 0o777);
}

async function readSeed(file: string): Promise<Uint8Array> {
  return Uint8Array.from(Buffer.from((await readFile(file, 'utf8')).trim(), 'hex'));
}

async function writeSecret(file: string, seed: Uint8Array): Promise<void> {
  await writeFile(file, `${bytesToHex(seed)}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
}

/** The seal key, made on first need (a data folder from before seal keys gets one at its next start). */
async function loadOrCreateSealKey(dataDir: string): Promise<SealIdentity> {
  const file = path.join(dataDir, 'authority.seal.key');
  if (!existsSync(file)) await writeSecret(file, randomBytes(32));
  return sealIdentityFromSeed(nodeSealCrypto, await readSeed(file));
}

export async function loadOrCreateAuthority(
  dataDir: string,
  defaultId = 'district-authority',
): Promise<AuthorityIdentity> {
  await secureDataFolder(dataDir);
  const keyFile = path.join(dataDir, 'authority.key');
  const idFile = path.join(dataDir, 'authority.id');
  if (existsSync(keyFile)) {
    const id = existsSync(idFile) ? (await readFile(idFile, 'utf8')).trim() : defaultId;
    return {
      id,
      signer: signerFromSeed(await readSeed(keyFile)),
      seal: await loadOrCreateSealKey(dataDir),
      created: false,
    };
  }
  const signer = generateSigner();
  await writeSecret(keyFile, seedOf(signer));
  await writeFile(idFile, `${defaultId}\n`, { mode: 0o600 });
  return { id: defaultId, signer, seal: await loadOrCreateSealKey(dataDir), created: true };
}

export function describeAuthority(identity: AuthorityIdentity): string {
  return `authority ${identity.id}, key ${identity.signer.kid}, fingerprint ${fingerprint(identity.signer.publicKey)}`;
}
