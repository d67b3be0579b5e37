/**
 * FORMATS.md §10: the test vectors under docs/test-vectors/, made by the project's own code
 * from fixed inputs. `npm run test-vectors` writes them; tools/testVectors.test.ts checks that
 * they are exactly what the code makes today and that they verify.
 *
 * The keys are the published seeds of RFC 8032 §7.1 (tests 1 and 2): not secrets.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { canonicalBytes, canonicalize } from '../shared/ledger/canonical';
import { hashEvent, parseEvent, type LedgerEvent } from '../shared/ledger/event';
import { bytesToHex, zeroHash } from '../shared/ledger/hash';
import { formatHlc } from '../shared/ledger/hlc';
import { formatTime } from '../shared/ledger/ids';
import { toBase64url } from '../shared/ledger/base64url';
import { encodePublicKey } from '../shared/ledger/signing';
import { makeBatch } from '../shared/sync/batch';
import { makeEnrollReply } from '../shared/sync/enrollment';
import { writePackage } from '../shared/sync/package';
import { makeReceipt } from '../shared/sync/receipt';
import { nodeSealCrypto, signerFromSeed } from '../authority/nodeCrypto';
import { sealIdentityFromSeed, sealPackage } from '../shared/sync/seal';
import { sha256 } from '@noble/hashes/sha2.js';

export const vectorDir = 'docs/test-vectors';
export const deviceSeedHex = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
export const authoritySeedHex = '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb';
/** Seal keys (X25519): the published private keys of RFC 7748 §6.1, Alice's for the authority and Bob's for the device. */
export const authoritySealSeedHex = '77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a';
export const deviceSealSeedHex = '5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb';
const device = '6f9619ff-8b86-4d01-b42d-00cf4fc964ff';
const authorityId = 'test-vector-authority';
const site = 'TV-0001';
const session = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const base = Date.parse('2026-11-26T09:30:00.000+08:00');

const fixedBytes = (text: string) => sha256(new TextEncoder().encode(text));
export const sealPayloadKey = fixedBytes('kaodian test vector: payload key');
export const sealEphemeralSeeds = [0, 1].map((i) => fixedBytes(`kaodian test vector: ephemeral ${i}`));
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const hex = (text: string) => Uint8Array.from(text.match(/../g)!, (b) => parseInt(b, 16));

export async function makeTestVectors(): Promise<Map<string, Uint8Array | string>> {
  const deviceKey = signerFromSeed(hex(deviceSeedHex));
  const authorityKey = signerFromSeed(hex(authoritySeedHex));

  const drafts = [
    { actor: 'device', type: 'session.opened', body: { session, clockConfirmed: true } },
    {
      actor: 'device',
      type: 'note.logged',
      body: { session, category: 'room_setup', severity: 'info', text: '考场布置符合要求 €😀' },
    },
    {
      actor: 'device',
      type: 'note.logged',
      body: {
        session,
        category: 'safety',
        severity: 'minor',
        text: 'Line one\nline "two"',
        follows: '01937a3c-8000-7000-8000-000000000002',
      },
    },
  ];
  const events: LedgerEvent[] = [];
  const hashes: string[] = [];
  drafts.forEach((draft, i) => {
    const event = parseEvent({
      v: 1,
      device,
      seq: i + 1,
      prev: hashes[i - 1] ?? zeroHash,
      id: `01937a3c-8000-7000-8000-00000000000${i + 1}`,
      at: formatTime(base + i * 60_000, 480),
      hlc: formatHlc({ wall: base + i * 60_000, counter: 0 }),
      ...draft,
    });
    events.push(event);
    hashes.push(hashEvent(event));
  });

  const message = canonicalBytes(events[0]);
  const batch = await makeBatch(events, deviceKey);
  const at = formatTime(base + 3_600_000, 480);
  const receipt = await makeReceipt({ authority: authorityId, device, through: 3, head: hashes[2]!, at }, authorityKey);
  const deviceSeal = await sealIdentityFromSeed(nodeSealCrypto, hex(deviceSealSeedHex));
  const authoritySeal = await sealIdentityFromSeed(nodeSealCrypto, hex(authoritySealSeedHex));
  const cert = await makeEnrollReply(
    {
      device,
      site,
      kid: deviceKey.kid,
      pub: encodePublicKey(deviceKey.publicKey),
      sealPub: encodePublicKey(deviceSeal.publicKey),
    },
    { id: authorityId, signer: authorityKey, sealPub: encodePublicKey(authoritySeal.publicKey) },
    at,
  );
  const attachment = new TextEncoder().encode('attachment bytes: 考点 Kaodian test vector\n');
  const packageInfo = { id: '9b2e1f4a-6c3d-4e5f-8a7b-1c2d3e4f5a6b', createdAt: at, by: device, site };
  const kdpkg = await writePackage(
    packageInfo,
    { batches: [batch], attachments: [attachment], certs: [cert] },
    deviceKey,
  );
  // The same package sealed to the authority and the device, every random input fixed.
  const sealed = await sealPackage(kdpkg, packageInfo, {
    signer: deviceKey,
    cert,
    recipients: [authoritySeal.publicKey, deviceSeal.publicKey],
    crypto: nodeSealCrypto,
    fixed: { payloadKey: sealPayloadKey, ephemeralSeeds: sealEphemeralSeeds },
  });

  return new Map<string, Uint8Array | string>([
    [
      'keys.json',
      json({
        note: 'RFC 8032 §7.1 test 1 (device) and test 2 (authority) seeds. signature = Ed25519(seed, base64url-decoded message); message = bytes(events[0]).',
        seed: deviceSeedHex,
        publicKey: encodePublicKey(deviceKey.publicKey),
        kid: deviceKey.kid,
        message: toBase64url(message),
        signature: toBase64url(await deviceKey.sign(message)),
        authoritySeed: authoritySeedHex,
        authorityPublicKey: encodePublicKey(authorityKey.publicKey),
        authorityKid: authorityKey.kid,
        authorityId,
        sealNote:
          'X25519 seal keys: RFC 7748 §6.1 Alice (authority) and Bob (device). package.sealed.kdpkg seals package.kdpkg to both, with payload key = SHA-256("kaodian test vector: payload key") and ephemeral keys = SHA-256("kaodian test vector: ephemeral <i>") for recipient i = 0, 1.',
        authoritySealSeed: authoritySealSeedHex,
        authoritySealPublicKey: encodePublicKey(authoritySeal.publicKey),
        deviceSealSeed: deviceSealSeedHex,
        deviceSealPublicKey: encodePublicKey(deviceSeal.publicKey),
        sealPayloadKey: bytesToHex(sealPayloadKey),
        sealEphemeralSeeds: sealEphemeralSeeds.map(bytesToHex),
      }),
    ],
    ['events.json', json(events.map((event, i) => ({ event, canonical: canonicalize(event), hash: hashes[i] })))],
    ['batch.json', json(batch)],
    ['receipt.json', json(receipt)],
    ['cert.json', json(cert)],
    ['package.kdpkg', kdpkg],
    ['package.sealed.kdpkg', sealed],
    [
      'package.authority.json',
      json({ authority: authorityId, kid: authorityKey.kid, pub: encodePublicKey(authorityKey.publicKey) }),
    ],
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await mkdir(vectorDir, { recursive: true });
  for (const [name, content] of await makeTestVectors()) await writeFile(path.join(vectorDir, name), content);
  console.log(`wrote ${vectorDir}/`);
}
