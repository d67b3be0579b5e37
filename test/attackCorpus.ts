/**
 * The attack corpus: named hostile inputs for the authority, each with the answer FORMATS.md
 * prescribes, kept in test/attack-corpus/ (`npx tsx test/attackCorpus.ts` writes it;
 * test/attackCorpus.test.ts checks the files are exactly what this makes and runs each against
 * a fresh authority). Everything is deterministic: fixed ids and times, the published RFC 8032
 * seeds (not secrets) as keys, Ed25519's deterministic signatures, a deterministic zip writer.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { deflateSync, zipSync, type Zippable } from 'fflate';
import { canonicalBytes } from '../shared/ledger/canonical';
import { hashEvent, parseEvent, type LedgerEvent } from '../shared/ledger/event';
import { sha256Hex, zeroHash } from '../shared/ledger/hash';
import { formatHlc } from '../shared/ledger/hlc';
import { formatTime } from '../shared/ledger/ids';
import { encodePublicKey, signDocument } from '../shared/ledger/signing';
import { makeBatch } from '../shared/sync/batch';
import { makeEnrollReply, makeEnrollRequest } from '../shared/sync/enrollment';
import type { Batch, EnrollReply } from '../shared/sync/schemas';
import { nodeSealCrypto, signerFromSeed, type NodeSigner } from '../authority/nodeCrypto';
import { sealIdentityFromSeed, sealPackage } from '../shared/sync/seal';
import { unusedSealPub } from './support/world';
import { rawZip } from './support/rawZip';
import {
  authoritySealSeedHex,
  authoritySeedHex,
  deviceSealSeedHex,
  deviceSeedHex,
  sealEphemeralSeeds,
  sealPayloadKey,
} from '../tools/testVectors';
import { flipByte, joinSealed, resignedHeader, sealedParts } from './support/sealedFiles';

export const corpusDir = 'test/attack-corpus';
/** RFC 8032 §7.1 test 3: the key of a second device, whose key the authority has revoked. */
export const revokedDeviceSeedHex = 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7';
export const corpusAuthorityId = 'attack-corpus-authority';
export const corpusSite = 'AC-0001';
export const corpusDevice = '7d1e7a0c-2b3f-4c5d-8e9f-0a1b2c3d4e5f';
export const corpusRevokedDevice = '7d1e7a0c-2b3f-4c5d-8e9f-0a1b2c3d4e60';
const at = formatTime(Date.parse('2026-11-26T10:00:00.000+08:00'), 480);
const hex = (text: string) => Uint8Array.from(text.match(/../g)!, (b) => parseInt(b, 16));

/** When the corpus authority revoked the second device's key: before the corpus's events (09:00) were made. */
export const corpusRevokedAt = Date.parse('2026-11-26T08:00:00.000+08:00');
/** A second site, and the one-time codes the corpus authority holds (ordinary codes, one per site). */
export const corpusOtherSite = 'AC-0002';
export const corpusCodes = [
  { code: 'ACAA-0001', site: corpusSite },
  { code: 'ACBB-0002', site: corpusOtherSite },
];

export interface CorpusCase {
  name: string;
  /** What the case is, in words. */
  attack: string;
  file: string;
  /** `attachments`: PUT to /v1/attachments/<the file's SHA-256>. */
  route: 'batches' | 'packages' | 'enroll' | 'attachments';
  /** Sent with this content type instead of the route's own. */
  contentType?: string;
  /** Files posted (to /v1/batches) before this one, each accepted. */
  before?: string[];
  /** Kept in the quarantine for review (a refused batch or package); `head`: only its hash, size and first 64 KiB. */
  quarantined?: 'whole' | 'head';
  expect: { status: number; error?: string; accepted?: number; duplicate?: number };
}

export interface CorpusKeys {
  authority: NodeSigner;
  device: NodeSigner;
  revoked: NodeSigner;
  /** A key nobody enrolled, that tries to take devices over. */
  intruder: NodeSigner;
  certs: { device: EnrollReply; revoked: EnrollReply };
}

/** The intruder's seed: derived from a fixed text (test data, not a secret). */
const intruderSeed = sha256(new TextEncoder().encode('kaodian attack corpus: the intruder key'));
/** The corpus device's key id (RFC 8032 test 1's public key), named before the keys are made. */
const corpusDeviceKid = signerFromSeed(hex(deviceSeedHex)).kid;

export async function corpusKeys(): Promise<CorpusKeys> {
  const authority = signerFromSeed(hex(authoritySeedHex));
  const device = signerFromSeed(hex(deviceSeedHex));
  const revoked = signerFromSeed(hex(revokedDeviceSeedHex));
  const intruder = signerFromSeed(intruderSeed);
  const authoritySealPub = encodePublicKey(
    (await sealIdentityFromSeed(nodeSealCrypto, hex(authoritySealSeedHex))).publicKey,
  );
  const cert = (d: string, key: NodeSigner) =>
    makeEnrollReply(
      { device: d, site: corpusSite, kid: key.kid, pub: encodePublicKey(key.publicKey), sealPub: unusedSealPub },
      { id: corpusAuthorityId, signer: authority, sealPub: authoritySealPub },
      at,
    );
  return {
    authority,
    device,
    revoked,
    intruder,
    certs: { device: await cert(corpusDevice, device), revoked: await cert(corpusRevokedDevice, revoked) },
  };
}

function chain(
  device: string,
  count: number,
  text: (i: number) => string,
  { firstSeq = 1, prev: firstPrev = zeroHash } = {},
): LedgerEvent[] {
  const base = Date.parse('2026-11-26T09:00:00.000+08:00') + (firstSeq - 1) * 1000;
  const events: LedgerEvent[] = [];
  let prev = firstPrev;
  for (let i = firstSeq - 1; i < firstSeq - 1 + count; i++) {
    const event = parseEvent({
      v: 1,
      device,
      seq: i + 1,
      prev,
      id: `01937a3c-8000-7000-8000-${String(i + 1).padStart(12, '0')}`,
      at: formatTime(base + i * 1000, 480),
      hlc: formatHlc({ wall: base + i * 1000, counter: 0 }),
      actor: 'device',
      type: 'note.logged',
      body: {
        session: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
        category: 'discipline',
        severity: 'info',
        text: text(i + 1),
      },
    });
    events.push(event);
    prev = hashEvent(event);
  }
  return events;
}

const json = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value)}\n`);

/** A package with exactly these entries and this manifest list (which may differ from them). */
async function craftPackage(
  entries: Record<string, Uint8Array>,
  listed: { path: string; bytes: Uint8Array; sha256?: string }[],
  signer: NodeSigner,
  by = corpusDevice,
): Promise<Uint8Array> {
  const manifest = await signDocument(
    {
      v: 1 as const,
      kind: 'kaodian.package' as const,
      id: '5a1c2e3f-4b5d-4e6f-8a7b-9c0d1e2f3a4b',
      createdAt: at,
      by,
      kid: signer.kid,
      site: corpusSite,
      entries: listed.map((e) => ({ path: e.path, sha256: e.sha256 ?? sha256Hex(e.bytes), size: e.bytes.length })),
    },
    signer,
  );
  const zippable: Zippable = {
    'manifest.json': [canonicalBytes(manifest), { level: 6, mtime: new Date('2026-01-01T00:00:00Z') }],
  };
  for (const [name, bytes] of Object.entries(entries))
    zippable[name] = [bytes, { level: 6, mtime: new Date('2026-01-01T00:00:00Z') }];
  return zipSync(zippable);
}

/** Sets the uncompressed size of every entry named `name` in a zip's local and central headers. */
function forgeUncompressedSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const nameBytes = new TextEncoder().encode(name);
  const matches = (at: number) => nameBytes.every((b, i) => out[at + i] === b);
  for (let i = 0; i + 46 < out.length; i++) {
    const signature = view.getUint32(i, true);
    if (signature === 0x04034b50 && view.getUint16(i + 26, true) === nameBytes.length && matches(i + 30))
      view.setUint32(i + 22, size, true);
    if (signature === 0x02014b50 && view.getUint16(i + 28, true) === nameBytes.length && matches(i + 46))
      view.setUint32(i + 24, size, true);
  }
  return out;
}

export async function makeCorpus(): Promise<{ cases: CorpusCase[]; files: Map<string, Uint8Array> }> {
  const keys = await corpusKeys();
  const events = chain(corpusDevice, 10, (i) => `第 ${i} 条督导记录`);
  const batch = async (from: number, to: number, list = events, signer = keys.device): Promise<Batch> =>
    makeBatch(list.slice(from - 1, to), signer);
  const files = new Map<string, Uint8Array>();
  const cases: CorpusCase[] = [];
  // A refused batch or package is kept for review; an answer that refuses no batch (a gap, a body
  // that is not even JSON, an enrolment, an attachment) keeps nothing.
  const add = (c: CorpusCase, bytes: Uint8Array) => {
    files.set(c.file, bytes);
    const refusesInput =
      c.expect.error !== undefined && c.expect.error !== 'gap' && c.expect.status !== 400 && c.expect.status !== 415;
    cases.push(
      c.quarantined || !refusesInput || c.route === 'enroll' || c.route === 'attachments'
        ? c
        : { ...c, quarantined: 'whole' },
    );
  };

  const first = await batch(1, 5);
  files.set('valid-batch-1-5.json', json(first));
  const batchPath = (b: Batch) => `batches/${b.device}_${b.from}-${b.to}.json`;
  const certPath = (cert: EnrollReply) => `certs/${cert.deviceKid}.json`;
  const validEntries = { [batchPath(first)]: json(first), [certPath(keys.certs.device)]: json(keys.certs.device) };
  const listedValid = Object.entries(validEntries).map(([p, bytes]) => ({ path: p, bytes }));
  const validPackage = await craftPackage(validEntries, listedValid, keys.device);
  files.set('valid-package.kdpkg', validPackage);

  add(
    {
      name: 'zip-slip',
      attack: 'an entry named ../../etc/passwd, listed in the manifest',
      file: 'zip-slip.kdpkg',
      route: 'packages',
      expect: { status: 422, error: 'unsafe_path' },
    },
    await craftPackage(
      { ...validEntries, '../../etc/passwd': json('root') },
      [...listedValid, { path: '../../etc/passwd', bytes: json('root') }],
      keys.device,
    ),
  );

  const zeros = new Uint8Array(60 * 1024 * 1024);
  add(
    {
      name: 'zip-bomb',
      attack: '60 MiB of zeros deflated to about 60 KiB (ratio over 200:1)',
      file: 'zip-bomb.kdpkg',
      route: 'packages',
      expect: { status: 413, error: 'too_large' },
    },
    await craftPackage(
      { ...validEntries, [`attachments/${sha256Hex(zeros)}`]: zeros },
      [...listedValid, { path: `attachments/${sha256Hex(zeros)}`, bytes: zeros }],
      keys.device,
    ),
  );

  const small = json(first);
  const oversizedPath = batchPath({ ...first, from: 6, to: 10 });
  add(
    {
      name: 'oversized-entry',
      attack: 'an entry whose headers declare 100 MiB uncompressed (over the 64 MiB limit)',
      file: 'oversized-entry.kdpkg',
      route: 'packages',
      expect: { status: 413, error: 'too_large' },
    },
    forgeUncompressedSize(
      await craftPackage(
        { ...validEntries, [oversizedPath]: small },
        [...listedValid, { path: oversizedPath, bytes: small }],
        keys.device,
      ),
      oversizedPath,
      100 * 1024 * 1024,
    ),
  );

  add(
    {
      name: 'truncated-zip',
      attack: 'a valid package cut off halfway',
      file: 'truncated.kdpkg',
      route: 'packages',
      expect: { status: 422, error: 'bad_zip' },
    },
    validPackage.slice(0, Math.floor(validPackage.length / 2)),
  );

  add(
    {
      name: 'unlisted-entry',
      attack: 'an entry in the zip that the manifest does not list',
      file: 'unlisted-entry.kdpkg',
      route: 'packages',
      expect: { status: 422, error: 'unlisted_entry' },
    },
    await craftPackage({ ...validEntries, [`attachments/${'a'.repeat(64)}`]: json('extra') }, listedValid, keys.device),
  );

  add(
    {
      name: 'wrong-hash',
      attack: 'the manifest lists another SHA-256 for the batch',
      file: 'wrong-hash.kdpkg',
      route: 'packages',
      expect: { status: 422, error: 'hash_mismatch' },
    },
    await craftPackage(
      validEntries,
      listedValid.map((e) => (e.path.startsWith('batches/') ? { ...e, sha256: 'f'.repeat(64) } : e)),
      keys.device,
    ),
  );

  const forgedManifest = await craftPackage(validEntries, listedValid, keys.revoked);
  add(
    {
      name: 'package-signed-by-stranger',
      attack: 'a manifest signed by a key whose cert is not in the package',
      file: 'package-unknown-signer.kdpkg',
      route: 'packages',
      expect: { status: 403, error: 'unknown_key' },
    },
    forgedManifest,
  );

  const badSig = { ...first, sig: first.sig.slice(0, -4) + (first.sig.endsWith('AAAA') ? 'BBBB' : 'AAAA') };
  add(
    {
      name: 'bad-signature',
      attack: 'a batch whose signature was altered',
      file: 'bad-signature.json',
      route: 'batches',
      expect: { status: 422, error: 'bad_signature' },
    },
    json(badSig),
  );

  const firstText = new TextDecoder().decode(json(first));
  add(
    {
      name: 'proto-key',
      attack: 'a "__proto__" member inside an event body',
      file: 'proto-key.json',
      route: 'batches',
      expect: { status: 400, error: 'forbidden_key' },
    },
    new TextEncoder().encode(firstText.replace('"category":', '"__proto__":{"polluted":true},"category":')),
  );
  add(
    {
      name: 'duplicate-key',
      attack: 'the member "from" twice',
      file: 'duplicate-key.json',
      route: 'batches',
      expect: { status: 400, error: 'duplicate_key' },
    },
    new TextEncoder().encode(firstText.replace('"from":1,', '"from":1,"from":6,')),
  );
  add(
    {
      name: 'deep-nesting',
      attack: '40 nested arrays in an event body (the limit is 32)',
      file: 'deep-nesting.json',
      route: 'batches',
      expect: { status: 400, error: 'bad_json' },
    },
    new TextEncoder().encode(firstText.replace('"category":', `"x":${'['.repeat(40)}${']'.repeat(40)},"category":`)),
  );

  add(
    {
      name: 'replayed-batch',
      attack: 'a batch already accepted, sent again',
      file: 'valid-batch-1-5.json',
      route: 'batches',
      before: ['valid-batch-1-5.json'],
      expect: { status: 200, accepted: 0, duplicate: 5 },
    },
    json(first),
  );

  const later = await batch(8, 10);
  add(
    {
      name: 'gap',
      attack: 'seq 8–10 while the authority holds 1–5',
      file: 'gap-8-10.json',
      route: 'batches',
      before: ['valid-batch-1-5.json'],
      expect: { status: 409, error: 'gap' },
    },
    json(later),
  );

  const other = chain(corpusDevice, 3, (i) => `另一段历史 ${i}`);
  add(
    {
      name: 'fork',
      attack: 'another history for seq 1–3 of the same device, properly signed',
      file: 'fork-1-3.json',
      route: 'batches',
      before: ['valid-batch-1-5.json'],
      expect: { status: 409, error: 'fork' },
    },
    json(await makeBatch(other, keys.device)),
  );

  const revokedEvents = chain(corpusRevokedDevice, 2, (i) => `吊销后的记录 ${i}`);
  add(
    {
      name: 'revoked-key',
      attack: 'a batch signed by a key the authority has revoked',
      file: 'revoked-key.json',
      route: 'batches',
      expect: { status: 403, error: 'revoked_key' },
    },
    json(await makeBatch(revokedEvents, keys.revoked)),
  );

  const brokenEvents = events.slice(0, 3).map((e, i) => (i === 2 ? { ...e, prev: zeroHash } : e));
  add(
    {
      name: 'broken-chain',
      attack: 'an event naming the wrong predecessor, re-signed by the device key',
      file: 'broken-chain.json',
      route: 'batches',
      expect: { status: 422, error: 'broken_chain' },
    },
    json(await makeBatch(brokenEvents, keys.device)),
  );

  // The seams (issue 15): the chain across batches, enrolment, revocation, packages checked before opening.
  const stranger = sha256Hex(new TextEncoder().encode('a hash no event of this device has'));
  const restarted = chain(corpusDevice, 3, (i) => `重起的记录 ${i}`, { prev: stranger });
  add(
    {
      name: 'restart-at-seq-1',
      attack: 'a first batch (seq 1–3) whose prev is not 64 zeros, properly signed',
      file: 'restart-1-3.json',
      route: 'batches',
      quarantined: 'whole',
      expect: { status: 422, error: 'broken_chain' },
    },
    json(await makeBatch(restarted, keys.device)),
  );
  const spliced = chain(corpusDevice, 3, (i) => `拼接的记录 ${i}`, { firstSeq: 6, prev: stranger });
  add(
    {
      name: 'splice-at-boundary',
      attack: 'seq 6–8 continuing the held 1–5, but naming another predecessor than the hash of event 5',
      file: 'splice-6-8.json',
      route: 'batches',
      before: ['valid-batch-1-5.json'],
      quarantined: 'whole',
      expect: { status: 422, error: 'broken_chain' },
    },
    json(await makeBatch(spliced, keys.device)),
  );

  const intruder = keys.intruder;
  const enrolAs = (device: string, site: string, code: string) =>
    makeEnrollRequest({ code, device, site, name: '冒名设备', at, sealPub: unusedSealPub }, intruder).then((request) =>
      json(request),
    );
  add(
    {
      name: 'takeover-by-other-site-code',
      attack: "site AC-0002's ordinary code enrolling a new key for a device held at AC-0001",
      file: 'takeover-enroll.json',
      route: 'enroll',
      expect: { status: 409, error: 'device_enrolled' },
    },
    await enrolAs(corpusDevice, corpusOtherSite, corpusCodes[1]!.code),
  );
  add(
    {
      name: 'revoked-device-returns',
      attack: 'the revoked device enrolling a new key with an ordinary code of its own site',
      file: 'revoked-returns-enroll.json',
      route: 'enroll',
      expect: { status: 409, error: 'device_enrolled' },
    },
    await enrolAs(corpusRevokedDevice, corpusSite, corpusCodes[0]!.code),
  );

  const revokedPackerEntries = {
    [batchPath(first)]: json(first),
    [certPath(keys.certs.device)]: json(keys.certs.device),
    [certPath(keys.certs.revoked)]: json(keys.certs.revoked),
  };
  add(
    {
      name: 'revoked-packer-cert',
      attack:
        "a package packed after its revocation by the revoked device, carrying that device's own (authority-signed) cert",
      file: 'revoked-packer.kdpkg',
      route: 'packages',
      quarantined: 'whole',
      expect: { status: 403, error: 'revoked_key' },
    },
    await craftPackage(
      revokedPackerEntries,
      Object.entries(revokedPackerEntries).map(([p, bytes]) => ({ path: p, bytes })),
      keys.revoked,
      corpusRevokedDevice,
    ),
  );

  add(
    {
      name: 'unsigned-512mib',
      attack:
        'an unsigned package of about 3 MB whose eight entries declare 64 MiB each (512 MiB), below the 200:1 ratio',
      file: 'unsigned-512mib.kdpkg',
      route: 'packages',
      quarantined: 'head',
      expect: { status: 422, error: 'bad_signature' },
    },
    unsignedHugePackage(),
  );

  const unreferenced = new TextEncoder().encode('照片字节：没有任何记录引用它');
  add(
    {
      name: 'unreferenced-attachment',
      attack: 'bytes sent as an attachment that no held event names',
      file: 'unreferenced-attachment.bin',
      route: 'attachments',
      expect: { status: 409, error: 'unreferenced' },
    },
    unreferenced,
  );

  const padded = chain(corpusDevice, 5, (i) => `${'很长的督导记录'.repeat(11_000)} ${i}`);
  const paddedBatch = await makeBatch(padded, keys.device);
  add(
    {
      name: 'oversized-refused-body',
      attack: 'a 2 MB batch whose signature was altered: refused, and kept only as hash, size and first 64 KiB',
      file: 'oversized-refused.json',
      route: 'batches',
      quarantined: 'head',
      expect: { status: 422, error: 'bad_signature' },
    },
    json({ ...paddedBatch, sig: paddedBatch.sig.slice(0, -4) + (paddedBatch.sig.endsWith('AAAA') ? 'BBBB' : 'AAAA') }),
  );

  add(
    {
      name: 'non-json-content-type',
      attack: 'a valid batch sent as text/plain to a JSON route',
      file: 'valid-batch-1-5.json',
      route: 'batches',
      contentType: 'text/plain',
      expect: { status: 415, error: 'bad_json' },
    },
    json(first),
  );

  // Sealed packages (FORMATS.md §5a): the valid package sealed to the corpus authority, then
  // tampered with in each way the format names. Every random input is fixed, so the files are too.
  const sealInfo = { id: '5a1c2e3f-4b5d-4e6f-8a7b-9c0d1e2f3a4b', createdAt: at, by: corpusDevice, site: corpusSite };
  const sealTo = async (recipients: Uint8Array[]) =>
    sealPackage(validPackage, sealInfo, {
      signer: keys.device,
      cert: keys.certs.device,
      recipients,
      crypto: nodeSealCrypto,
      fixed: { payloadKey: sealPayloadKey, ephemeralSeeds: sealEphemeralSeeds },
    });
  const authoritySealKey = (await sealIdentityFromSeed(nodeSealCrypto, hex(authoritySealSeedHex))).publicKey;
  const validSealed = await sealTo([authoritySealKey]);
  files.set('valid-sealed.kdpkg', validSealed);
  const sealed = sealedParts(validSealed);
  const sealedCase = (name: string, attack: string, bytes: Uint8Array, error: 'bad_seal' | 'not_recipient') =>
    add({ name, attack, file: `${name}.kdpkg`, route: 'packages', expect: { status: 422, error } }, bytes);
  sealedCase(
    'sealed-flipped-chunk',
    'a sealed package with one bit of its (only) chunk flipped',
    joinSealed(sealed.headerBytes, flipByte(sealed.body, 40)),
    'bad_seal',
  );
  sealedCase(
    'sealed-truncated',
    'a sealed package cut one byte short of its last chunk',
    joinSealed(sealed.headerBytes, sealed.body.subarray(0, sealed.body.length - 1)),
    'bad_seal',
  );
  sealedCase(
    'sealed-trailing-byte',
    'a sealed package with a byte after its last chunk',
    joinSealed(sealed.headerBytes, Uint8Array.from([...sealed.body, 0])),
    'bad_seal',
  );
  sealedCase(
    'sealed-header-tampered',
    "a sealed header whose site code was changed, the packer's signature kept",
    joinSealed(
      new TextEncoder().encode(new TextDecoder().decode(sealed.headerBytes).replace(corpusSite, 'AC-0009')),
      sealed.body,
    ),
    'bad_seal',
  );
  const recipients = sealed.header.recipients as { kid: string; epk: string; key: string }[];
  sealedCase(
    'sealed-wrapped-key',
    'a sealed header, signed again by the packer, whose wrapped payload key was changed',
    joinSealed(
      await resignedHeader(
        { ...sealed.header, recipients: recipients.map((r) => ({ ...r, key: `B${r.key.slice(1)}` })) },
        keys.device,
      ),
      sealed.body,
    ),
    'bad_seal',
  );
  sealedCase(
    'sealed-other-package',
    'a sealed header, signed again by the packer, naming another package id than the one inside',
    joinSealed(
      await resignedHeader({ ...sealed.header, id: '00000000-0000-4000-8000-000000000000' }, keys.device),
      sealed.body,
    ),
    'bad_seal',
  );
  sealedCase(
    'sealed-foreign-recipient',
    'a package sealed only to a key the authority does not hold',
    await sealTo([(await sealIdentityFromSeed(nodeSealCrypto, hex(deviceSealSeedHex))).publicKey]),
    'not_recipient',
  );

  return { cases, files };
}

/**
 * Eight entries that each inflate to 64 MiB (zeros with a pseudo-random byte every 900: about
 * 190:1, under the ratio limit), listed in a manifest with a signature of zeros. Checked before
 * opening, it costs nothing; opened first, it kept the service busy for about 25 s.
 */
function unsignedHugePackage(): Uint8Array {
  const size = 64 * 1024 * 1024;
  const data = new Uint8Array(size);
  let x = 2463534242;
  for (let i = 0; i < size; i += 900) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    data[i] = x & 255;
  }
  const deflated = deflateSync(data, { level: 6 });
  if (size / deflated.length >= 200) throw new Error('the huge entry must stay under the 200:1 ratio limit');
  const sha256 = sha256Hex(data);
  const paths = Array.from({ length: 8 }, (_, i) => `batches/${corpusDevice}_${i * 10 + 1}-${i * 10 + 10}.json`);
  const manifest = {
    v: 1,
    kind: 'kaodian.package',
    id: '5a1c2e3f-4b5d-4e6f-8a7b-9c0d1e2f3a4c',
    createdAt: at,
    by: corpusDevice,
    kid: corpusDeviceKid,
    site: corpusSite,
    entries: paths.map((path) => ({ path, sha256, size })),
    sig: 'A'.repeat(86),
  };
  return rawZip([
    { name: 'manifest.json', data: canonicalBytes(manifest), compressed: deflateSync(canonicalBytes(manifest)) },
    ...paths.map((name) => ({ name, data, compressed: deflated })),
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { cases, files } = await makeCorpus();
  await mkdir(corpusDir, { recursive: true });
  for (const [name, bytes] of files) await writeFile(path.join(corpusDir, name), bytes);
  await writeFile(path.join(corpusDir, 'index.json'), `${JSON.stringify(cases, null, 2)}\n`);
  console.log(`wrote ${files.size} files and index.json (${cases.length} cases) to ${corpusDir}`);
}
