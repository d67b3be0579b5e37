/** SHA-256 as FORMATS.md §1 writes it: 64 lowercase hex characters. */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { canonicalBytes } from './canonical';

export const zeroHash = '0'.repeat(64);
export const hashPattern = /^[0-9a-f]{64}$/;

export function sha256Hex(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}

export function sha256Bytes(bytes: Uint8Array): Uint8Array {
  return sha256(bytes);
}

/** hash(x) = SHA-256(bytes(x)). */
export function hashCanonical(value: unknown): string {
  return sha256Hex(canonicalBytes(value));
}

export { bytesToHex };
