/** SHA-256 as FORMATS.md §1 writes it: 64 lowercase hex characters. */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { canonicalize } from './canonical';

export const zeroHash = '0'.repeat(64);
export const hashPattern = /^[0-9a-f]{64}$/;

export interface Sha256Implementation {
  digest(bytes: Uint8Array): Uint8Array;
  /** SHA-256 of a well-formed text's UTF-8 bytes, as hex. */
  textHex(text: string): string;
}

const encoder = new TextEncoder();
/** One buffer the texts are encoded into (grown when a text needs more): no array per event. */
let scratch = new Uint8Array(16 * 1024);

/** A text's UTF-8 bytes, in the shared scratch buffer: valid until the next call. */
function utf8Scratch(text: string): Uint8Array {
  // A UTF-16 code unit takes at most 3 UTF-8 bytes.
  if (text.length * 3 > scratch.length) scratch = new Uint8Array(text.length * 3);
  return scratch.subarray(0, encoder.encodeInto(text, scratch).written);
}

/**
 * The pure-JS SHA-256 the renderer uses (synchronous, unlike WebCrypto's). Where hashing is the
 * hot path — the authority's intake — callers pass node:crypto's native one instead
 * (authority/nodeCrypto.ts), several times faster; both give the same bytes (tested).
 */
export const pureSha256: Sha256Implementation = {
  digest: sha256,
  // Encoded into one reused buffer: a new array per event cost more than a third of the hashing
  // of an import in Chromium (issue 20's profile); the bytes are the same.
  textHex: (text) => bytesToHex(sha256(utf8Scratch(text))),
};

/**
 * SHA-256 of a whole file's bytes, as hex, where it may be asynchronous: the platform's native
 * one (WebCrypto in the renderer) for the large entries of a package, hashed once each.
 */
export type EntrySha256 = (bytes: Uint8Array) => Promise<string>;

/** The pure-JS one as an EntrySha256 (the default where no native one is given). */
export const pureEntrySha256: EntrySha256 = async (bytes) => sha256Hex(bytes);

export function sha256Hex(bytes: Uint8Array, hash: Sha256Implementation = pureSha256): string {
  return bytesToHex(hash.digest(bytes));
}

export function sha256Bytes(bytes: Uint8Array, hash: Sha256Implementation = pureSha256): Uint8Array {
  return hash.digest(bytes);
}

/** SHA-256 of a canonical text's UTF-8 bytes: an event's hash from the text its hash covers. */
export function sha256TextHex(text: string, hash: Sha256Implementation = pureSha256): string {
  return hash.textHex(text);
}

/** hash(x) = SHA-256(bytes(x)). */
export function hashCanonical(value: unknown): string {
  return sha256TextHex(canonicalize(value));
}

export { bytesToHex };
