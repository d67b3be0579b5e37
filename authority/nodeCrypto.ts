/** The node:crypto implementation of the signing interface, for the authority and command-line tools. */
import crypto, {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  webcrypto,
  type KeyObject,
} from 'node:crypto';
import type { Sha256Implementation } from '../shared/ledger/hash';
import { kidOf, type Signer, type VerifySignature } from '../shared/ledger/signing';
import type { SealCrypto } from '../shared/sync/seal';

/** node:crypto's WebCrypto, for sealing and opening packages (FORMATS.md §5a), as the renderer does with Chromium's. */
export const nodeSealCrypto: SealCrypto = webcrypto;

// DER prefixes of PKCS#8 (private) and SPKI (public) Ed25519 keys; the raw key follows.
const pkcs8Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');
const spkiPrefix = Buffer.from('302a300506032b6570032100', 'hex');

export interface NodeSigner extends Signer {
  readonly kid: string;
  readonly privateKey: KeyObject;
}

function rawPublicKey(key: KeyObject): Uint8Array {
  const der = createPublicKey(key).export({ format: 'der', type: 'spki' });
  return new Uint8Array(der.subarray(spkiPrefix.length));
}

function signerFor(privateKey: KeyObject): NodeSigner {
  const publicKey = rawPublicKey(privateKey);
  return {
    publicKey,
    kid: kidOf(publicKey),
    privateKey,
    sign: async (message) => new Uint8Array(sign(null, message, privateKey)),
  };
}

/** A signer from a 32-byte Ed25519 seed (RFC 8032 private key). */
export function signerFromSeed(seed: Uint8Array): NodeSigner {
  if (seed.length !== 32) throw new Error('an Ed25519 seed is 32 bytes');
  return signerFor(createPrivateKey({ key: Buffer.concat([pkcs8Prefix, seed]), format: 'der', type: 'pkcs8' }));
}

export function generateSigner(): NodeSigner {
  return signerFor(generateKeyPairSync('ed25519').privateKey);
}

/** The 32-byte seed of a signer's private key (for storing the authority key in a 0600 file). */
export function seedOf(signer: NodeSigner): Uint8Array {
  const der = signer.privateKey.export({ format: 'der', type: 'pkcs8' });
  return new Uint8Array(der.subarray(pkcs8Prefix.length));
}

// Making a KeyObject from the raw key cost as much as the verification itself (a profile of the
// load test: 15 % of the intake's time); the devices' keys are few and verified again and again.
const publicKeys = new Map<string, KeyObject>();
const publicKeyCacheSize = 10_000;

function publicKeyObject(publicKey: Uint8Array): KeyObject {
  const id = Buffer.from(publicKey).toString('hex');
  let key = publicKeys.get(id);
  if (!key) {
    key = createPublicKey({ key: Buffer.concat([spkiPrefix, publicKey]), format: 'der', type: 'spki' });
    if (publicKeys.size >= publicKeyCacheSize) publicKeys.delete(publicKeys.keys().next().value!);
    publicKeys.set(id, key);
  }
  return key;
}

export const nodeVerify: VerifySignature = async (publicKey, message, signature) => {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  try {
    return verify(null, message, publicKeyObject(publicKey), signature);
  } catch {
    return false;
  }
};

// crypto.hash (Node ≥ 20.12) is the one-shot form, faster for the many small texts of events.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

/** node:crypto's SHA-256, passed to the verifying functions where hashing is the hot path. */
export const nodeSha256: Sha256Implementation = {
  digest: (bytes) => new Uint8Array(createHash('sha256').update(bytes).digest()),
  textHex: oneShot
    ? (text) => oneShot('sha256', text, 'hex')
    : (text) => createHash('sha256').update(text, 'utf8').digest('hex'),
};
