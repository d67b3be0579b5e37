/**
 * PIN verifiers: PBKDF2-SHA-256 with 600,000 iterations (OWASP 2023) and a random 16-byte salt,
 * through WebCrypto. A PIN is never stored, only what this derives from it.
 */
export const pinIterations = 600_000;

export async function derivePinHash(
  pin: string,
  salt: Uint8Array,
  iterations: number = pinIterations,
): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as Uint8Array<ArrayBuffer>, iterations },
    key,
    256,
  );
  return new Uint8Array(bits);
}

export function newSalt(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(16));
}

/** Compares without stopping at the first difference. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
