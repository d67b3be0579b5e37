/**
 * A device this authority certified, with a signed package of `count` note events (20 batches of
 * 5,000 for 100,000): what the import benchmark and the drain test send.
 */
import type { AuthorityIdentity } from '../../authority/identity';
import { generateSigner } from '../../authority/nodeCrypto';
import { formatTime, uuidV4 } from '../../shared/ledger/ids';
import { encodePublicKey } from '../../shared/ledger/signing';
import { chunkEvents, makeBatch } from '../../shared/sync/batch';
import { makeEnrollReply } from '../../shared/sync/enrollment';
import { writePackage } from '../../shared/sync/package';
import { extendChain, newChain, noteDrafts } from './chains';

export async function notePackage(identity: AuthorityIdentity, count: number) {
  const device = generateSigner();
  const chain = newChain();
  extendChain(chain, noteDrafts(count));
  const sealPub = encodePublicKey(identity.seal.publicKey);
  const cert = await makeEnrollReply(
    { device: chain.device, site: 'WH-0301', kid: device.kid, pub: encodePublicKey(device.publicKey), sealPub },
    { id: identity.id, signer: identity.signer, sealPub },
    formatTime(Date.now(), 480),
  );
  const batches = await Promise.all(chunkEvents(chain.events).map((events) => makeBatch(events, device)));
  const bytes = await writePackage(
    { id: uuidV4(), createdAt: formatTime(Date.now(), 480), by: chain.device, site: 'WH-0301' },
    { batches, certs: [cert] },
    device,
  );
  return { chain, cert, batches, bytes };
}
