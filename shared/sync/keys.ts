/** Which public key may sign for which device: what a verifier knows, from certs, plans or its own store. */
import { decodePublicKey } from '../ledger/signing';
import type { EnrollReply } from './schemas';

export interface KnownKey {
  kid: string;
  /** The device the key is enrolled for, or the authority id for the authority's own key. */
  owner: string;
  publicKey: Uint8Array;
  revoked?: boolean;
}

export type KeyResolver = (kid: string) => KnownKey | undefined;

export function keyFromCert(cert: EnrollReply): KnownKey {
  return { kid: cert.deviceKid, owner: cert.device, publicKey: decodePublicKey(cert.devicePub)! };
}

/** The first resolver that knows a kid wins; a revoked answer stays revoked. */
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
