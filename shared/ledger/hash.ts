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
let implementation: Sha256Implementation = {
  digest: sha256,
  textHex: (text) => bytesToHex(sha256(encoder.encode(text))),
};

/**
 * Node (the authority, the tools) may plug in node:crypto's native SHA-256, several times faster
 * than the pure-JS one the renderer uses; both give the same bytes (tested).
 */
export function useSha256(native: Sha256Implementation): void {
  implementation = native;
}

export function sha256Hex(bytes: Uint8Array): string {
  return bytesToHex(implementation.digest(bytes));
}

export function sha256Bytes(bytes: Uint8Array): Uint8Array {
  return implementation.digest(bytes);
}

/** SHA-256 of a canonical text's UTF-8 bytes: an event's hash from the text its hash covers. */
export function sha256TextHex(text: string): string {
  return implementation.textHex(text);
}

/** hash(x) = SHA-256(bytes(x)). */
export function hashCanonical(value: unknown): string {
  return sha256TextHex(canonicalize(value));
}

export { bytesToHex };
