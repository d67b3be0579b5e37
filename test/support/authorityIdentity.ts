/** An authority identity for a test that builds its service in process (no data folder, no key files). */
import { sha256 } from '@noble/hashes/sha2.js';
import type { AuthorityIdentity } from '../../authority/identity';
import { nodeSealCrypto, seedOf, type NodeSigner } from '../../authority/nodeCrypto';
import { sealIdentityFromSeed } from '../../shared/sync/seal';

/** `sealSeed`: the seal key's 32 bytes; by default derived from the signing seed, so a test stays deterministic. */
export async function testAuthorityIdentity(
  id: string,
  signer: NodeSigner,
  sealSeed: Uint8Array = sha256(seedOf(signer)),
): Promise<AuthorityIdentity> {
  return { id, signer, seal: await sealIdentityFromSeed(nodeSealCrypto, sealSeed), created: false };
}
