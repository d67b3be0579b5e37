/**
 * Ed25519 signing as FORMATS.md §1 uses it. The interface is implemented twice: WebCrypto in
 * the renderer (renderer/crypto/webCrypto.ts, non-extractable keys) and node:crypto for
 * the authority and the command-line tools (authority/nodeCrypto.ts).
 */
import { fromBase64url, toBase64url } from './base64url';
import { canonicalBytes } from './canonical';
import { sha256Hex } from './hash';

export interface Signer {
  /** The raw 32-byte public key. */
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Promise<Uint8Array>;
}

/** Checks an Ed25519 signature; never throws for a bad key or signature, answers false. */
export type VerifySignature = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => Promise<boolean>;

export const signaturePattern = /^[A-Za-z0-9_-]{86}$/;
export const publicKeyPattern = /^[A-Za-z0-9_-]{43}$/;
export const kidPattern = /^[0-9a-f]{32}$/;

/** kid: the first 32 hex characters of SHA-256(raw public key). */
export function kidOf(publicKey: Uint8Array): string {
  return sha256Hex(publicKey).slice(0, 32);
}

export function encodePublicKey(publicKey: Uint8Array): string {
  return toBase64url(publicKey);
}

export function decodePublicKey(text: string): Uint8Array | undefined {
  if (!publicKeyPattern.test(text)) return undefined;
  const bytes = fromBase64url(text);
  return bytes?.length === 32 ? bytes : undefined;
}

/** A fingerprint people can read aloud and compare: the kid in groups of four. */
export function fingerprint(publicKey: Uint8Array): string {
  return kidOf(publicKey).match(/.{4}/g)!.join(' ');
}

/** The bytes a signature covers: bytes(x with its member `sig` removed). */
export function signingBytes(document: object): Uint8Array {
  const { sig: _sig, ...rest } = document as { sig?: unknown };
  return canonicalBytes(rest);
}

/** Returns the document with `sig` added: sign(x). */
export async function signDocument<T extends object>(document: T, signer: Signer): Promise<T & { sig: string }> {
  const signature = await signer.sign(signingBytes(document));
  return { ...document, sig: toBase64url(signature) };
}

export async function verifyDocument(
  document: { sig: string },
  publicKey: Uint8Array,
  verify: VerifySignature,
): Promise<boolean> {
  return verifySignedBytes(document.sig, publicKey, signingBytes(document), verify);
}

/** verifyDocument for a caller that already holds the signed bytes (a batch's, built from its events' texts). */
export async function verifySignedBytes(
  sig: string,
  publicKey: Uint8Array,
  bytes: Uint8Array,
  verify: VerifySignature,
): Promise<boolean> {
  if (!signaturePattern.test(sig)) return false;
  const signature = fromBase64url(sig);
  if (signature?.length !== 64) return false;
  return verify(publicKey, bytes, signature);
}
