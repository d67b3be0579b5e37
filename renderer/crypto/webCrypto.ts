/**
 * The WebCrypto implementation of the signing interface (shared/ledger/signing.ts), used in the
 * renderer in both shells. The device's private key is generated non-extractable: it can sign,
 * and be stored in IndexedDB as a CryptoKey, but its bytes can never be read out.
 */
import type { SealCrypto } from '../../shared/sync/seal';
import { kidOf, type Signer, type VerifySignature } from '../../shared/ledger/signing';
import { bytesToHex } from '../../shared/ledger/hash';

const ed25519 = { name: 'Ed25519' } as const;

export class Ed25519UnsupportedError extends Error {
  constructor() {
    super('This runtime has no WebCrypto Ed25519 (Chromium ≥ 137 / Electron ≥ 37 is required).');
    this.name = 'Ed25519UnsupportedError';
  }
}

export async function supportsEd25519(): Promise<boolean> {
  try {
    const pair = (await crypto.subtle.generateKey(ed25519, false, ['sign', 'verify'])) as CryptoKeyPair;
    const probe = new Uint8Array([1, 2, 3]);
    const signature = await crypto.subtle.sign(ed25519, pair.privateKey, probe);
    return await crypto.subtle.verify(ed25519, pair.publicKey, signature, probe);
  } catch {
    return false;
  }
}

/** A new device key pair; the private half is not extractable. */
export async function generateDeviceKeyPair(): Promise<CryptoKeyPair> {
  try {
    return (await crypto.subtle.generateKey(ed25519, false, ['sign', 'verify'])) as CryptoKeyPair;
  } catch {
    throw new Ed25519UnsupportedError();
  }
}

/** A new X25519 seal key pair (FORMATS.md §5a); the private half is not extractable. */
export async function generateSealKeyPair(): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey({ name: 'X25519' }, false, ['deriveBits'])) as CryptoKeyPair;
}

/** Chromium's WebCrypto, for sealing and opening packages. */
export const webSealCrypto: SealCrypto = crypto;

export async function exportRawPublicKey(publicKey: CryptoKey): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.exportKey('raw', publicKey));
}

export async function webCryptoSigner(pair: CryptoKeyPair): Promise<Signer & { kid: string }> {
  const publicKey = await exportRawPublicKey(pair.publicKey);
  return {
    publicKey,
    kid: kidOf(publicKey),
    sign: async (message) =>
      new Uint8Array(await crypto.subtle.sign(ed25519, pair.privateKey, message as Uint8Array<ArrayBuffer>)),
  };
}

export const webCryptoVerify: VerifySignature = async (publicKey, message, signature) => {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  try {
    const key = await crypto.subtle.importKey('raw', publicKey as Uint8Array<ArrayBuffer>, ed25519, false, ['verify']);
    return await crypto.subtle.verify(
      ed25519,
      key,
      signature as Uint8Array<ArrayBuffer>,
      message as Uint8Array<ArrayBuffer>,
    );
  } catch {
    return false;
  }
};

/**
 * SHA-256 of a package entry or file by the browser's native WebCrypto (several times the pure-JS
 * one's speed on megabytes of photos): the USB export hashes each entry once with it.
 */
export const webCryptoEntrySha256 = async (bytes: Uint8Array): Promise<string> =>
  bytesToHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)));
