/** A small signed world for tests: an authority, enrolled devices, their chains and certs. */
import { formatTime } from '../../shared/ledger/ids';
import { encodePublicKey } from '../../shared/ledger/signing';
import { makeBatch } from '../../shared/sync/batch';
import { makeEnrollReply } from '../../shared/sync/enrollment';
import { resolverFromKeys, keyFromCert } from '../../shared/sync/keys';
import type { Batch, EnrollReply } from '../../shared/sync/schemas';
import { generateSigner, type NodeSigner } from '../../authority/nodeCrypto';
import { extendChain, newChain, noteDrafts, type TestChain } from './chains';

export const testAuthorityId = 'authority-test';
export const testSite = 'WH-0301';
export const testTime = formatTime(Date.UTC(2026, 10, 26, 2), 480);
/** A seal key for a test that enrols a device but never seals to it: X25519's base point (u = 9), a valid key. */
export const unusedSealPub = encodePublicKey(Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 9 : 0)));

export interface TestDevice {
  signer: NodeSigner;
  chain: TestChain;
  cert: EnrollReply;
}

export interface TestWorld {
  authority: NodeSigner;
  devices: TestDevice[];
}

export async function makeWorld(deviceCount = 2, eventsPerDevice = 12): Promise<TestWorld> {
  const authority = generateSigner();
  const devices: TestDevice[] = [];
  for (let i = 0; i < deviceCount; i += 1) {
    const signer = generateSigner();
    const chain = newChain();
    extendChain(chain, noteDrafts(eventsPerDevice));
    const cert = await makeEnrollReply(
      {
        device: chain.device,
        site: testSite,
        kid: signer.kid,
        pub: encodePublicKey(signer.publicKey),
        sealPub: unusedSealPub,
      },
      { id: testAuthorityId, signer: authority, sealPub: unusedSealPub },
      testTime,
    );
    devices.push({ signer, chain, cert });
  }
  return { authority, devices };
}

export function worldKeys(world: TestWorld) {
  return resolverFromKeys(world.devices.map((d) => keyFromCert(d.cert)));
}

export async function batchesOf(device: TestDevice, size = 5): Promise<Batch[]> {
  const batches: Batch[] = [];
  for (let i = 0; i < device.chain.events.length; i += size)
    batches.push(await makeBatch(device.chain.events.slice(i, i + size), device.signer));
  return batches;
}
