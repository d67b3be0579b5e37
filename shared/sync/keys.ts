/** Which public key may sign for which device: what a verifier knows, from certs, plans or its own store. */
import { decodePublicKey } from '../ledger/signing';
import type { EnrollReply } from './schemas';

export interface KnownKey {
  kid: string;
  /** The device the key is enrolled for, or the authority id for the authority's own key. */
  owner: string;
  publicKey: Uint8Array;
  /**
   * When the authority revoked the key (ms since the epoch): nothing made under it at or after
   * this time is accepted (FORMATS.md §6); what was made before stays valid.
   */
  revokedAt?: number;
}

/** Whether a key is revoked for something made at `madeAtMs`. */
export function revokedFor(key: KnownKey, madeAtMs: number): boolean {
  return key.revokedAt !== undefined && madeAtMs >= key.revokedAt;
}

/** A resolver that also knows revocations (a plan's `revoked`): the earliest time a kid was revoked wins. */
export function withRevocations(
  resolver: KeyResolver,
  revocations: Iterable<{ kid: string; at: string }>,
): KeyResolver {
  const revokedAt = new Map<string, number>();
  for (const { kid, at } of revocations) {
    const ms = Date.parse(at);
    if (!Number.isNaN(ms)) revokedAt.set(kid, Math.min(ms, revokedAt.get(kid) ?? Infinity));
  }
  return (kid) => {
    const key = resolver(kid);
    const at = revokedAt.get(kid);
    return key && at !== undefined ? { ...key, revokedAt: Math.min(at, key.revokedAt ?? Infinity) } : key;
  };
}

export type KeyResolver = (kid: string) => KnownKey | undefined;

export function keyFromCert(cert: EnrollReply): KnownKey {
  return { kid: cert.deviceKid, owner: cert.device, publicKey: decodePublicKey(cert.devicePub)! };
}

/** The first resolver that knows a kid wins (so what the verifier holds itself, revocations included, comes first). */
export function combineResolvers(...resolvers: KeyResolver[]): KeyResolver {
  return (kid) => {
    for (const resolve of resolvers) {
      const key = resolve(kid);
      if (key) return key;
    }
    return undefined;
  };
}

export function resolverFromKeys(keys: Iterable<KnownKey>): KeyResolver {
  const map = new Map<string, KnownKey>();
  for (const key of keys) map.set(key.kid, key);
  return (kid) => map.get(kid);
}
