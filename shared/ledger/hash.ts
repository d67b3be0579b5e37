/** SHA-256 as FORMATS.md §1 writes it: 64 lowercase hex characters. */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { canonicalBytes } from './canonical';

export const zeroHash = '0'.repeat(64);
export const hashPattern = /^[0-9a-f]{64}$/;

type Sha256 = (bytes: Uint8Array) => Uint8Array;
let digest: Sha256 = sha256;

/**
 * Node (the authority, the tools) may plug in node:crypto's native SHA-256, several times faster
 * than the pure-JS one the renderer uses; both give the same bytes (tested).
 */
export function useSha256(implementation: Sha256): void {
  digest = implementation;
}

export function sha256Hex(bytes: Uint8Array): string {
  return bytesToHex(digest(bytes));
}

export function sha256Bytes(bytes: Uint8Array): Uint8Array {
  return digest(bytes);
}

/** hash(x) = SHA-256(bytes(x)). */
export function hashCanonical(value: unknown): string {
  return sha256Hex(canonicalBytes(value));
}

export { bytesToHex };
