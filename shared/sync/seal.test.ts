import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSigner, nodeSealCrypto, nodeVerify } from '../../authority/nodeCrypto';
import { batchesOf, makeWorld, testSite, testTime, type TestWorld } from '../../test/support/world';
import { flipByte, joinSealed, resignedHeader, sealedParts } from '../../test/support/sealedFiles';
import { canonicalBytes } from '../ledger/canonical';
import { WireError } from '../ledger/errors';
import type { Signer } from '../ledger/signing';
import { sha256Hex } from '../ledger/hash';
import { verifyPackage, writePackage, type OpenOptions } from './package';
import {
  chunkCount,
  readSealedFile,
  sealIdentityFromSeed,
  sealMagic,
  sealPackage,
  sealedBodyLength,
  type SealIdentity,
} from './seal';
import { sealChunkBytes } from './schemas';
import { bytesSource } from './zipReader';

let world: TestWorld;
let plain: Uint8Array;
let sealed: Uint8Array;
let authoritySeal: SealIdentity;
let deviceSeal: SealIdentity;
let strangerSeal: SealIdentity;
/** 2.5 MiB of incompressible bytes, so the package spans three chunks. */
const photo = new Uint8Array(randomBytes(2.5 * 1024 * 1024));
const info = () => ({
  id: '7a1c2e3f-4b5d-4e6f-8a9b-0c1d2e3f4a5b',
  createdAt: testTime,
  by: world.devices[0]!.chain.device,
  site: testSite,
});

beforeAll(async () => {
  world = await makeWorld(1, 6);
  const [a] = world.devices;
  [authoritySeal, deviceSeal, strangerSeal] = await Promise.all(
    [1, 2, 3].map((n) => sealIdentityFromSeed(nodeSealCrypto, new Uint8Array(32).fill(n))),
  );
  plain = await writePackage(
    info(),
    { batches: await batchesOf(a!, 6), attachments: [photo], certs: [a!.cert] },
    a!.signer,
  );
  sealed = await sealPackage(plain, info(), {
    signer: a!.signer,
    cert: a!.cert,
    recipients: [authoritySeal.publicKey, deviceSeal.publicKey, authoritySeal.publicKey],
    crypto: nodeSealCrypto,
  });
});

const options = (identities: SealIdentity[] = [authoritySeal]): OpenOptions => ({
  authorityPublicKey: world.authority.publicKey,
  verify: nodeVerify,
  seal: { identities, crypto: nodeSealCrypto },
});

async function codeOf(bytes: Uint8Array, identities?: SealIdentity[]): Promise<string> {
  try {
    const result = await verifyPackage(bytesSource(bytes), options(identities));
    return result.batches.every((b) => b.status === 'valid') ? 'ok' : 'batch rejected';
  } catch (error) {
    return error instanceof WireError ? error.code : `crash: ${String(error)}`;
  }
}

const parts = sealedParts;
const join = joinSealed;
const resigned = (header: Record<string, unknown>, signer: Signer = world.devices[0]!.signer) =>
  resignedHeader(header, signer);

describe('sealed packages (FORMATS.md §5a)', () => {
  it('hide the package: none of its bytes, names or photo appear in the sealed file', () => {
    const text = new TextDecoder('latin1').decode(sealed);
    expect(text.startsWith('KDSEAL1\n')).toBe(true);
    expect(text).not.toContain('kaodian.package');
    expect(text).not.toContain('batches/');
    const probe = photo.subarray(1000, 1064);
    expect(Buffer.from(sealed).indexOf(Buffer.from(probe))).toBe(-1);
    const { header } = readSealedFile(sealed);
    expect(header.size).toBe(plain.length);
    expect(chunkCount(plain.length)).toBe(3);
    expect(sealed.length).toBe(sealMagic.length + canonicalBytes(header).length + 1 + sealedBodyLength(plain.length));
    // A recipient named twice is wrapped for once.
    expect(header.recipients).toHaveLength(2);
  });

  it('open for each recipient to exactly the plain package, and verify as it does', async () => {
    for (const identity of [authoritySeal, deviceSeal]) {
      const result = await verifyPackage(bytesSource(sealed), options([strangerSeal, identity]));
      expect(result.batches.map((b) => b.status)).toEqual(['valid']);
      expect(result.attachments).toEqual([sha256Hex(photo)]);
      // (Buffer.equals: vitest's toEqual walks a 2.5 MiB array element by element, for seconds.)
      expect(Buffer.from(await result.read(`attachments/${sha256Hex(photo)}`)).equals(photo)).toBe(true);
    }
    const opened = await verifyPackage(bytesSource(sealed), options([deviceSeal]));
    expect(opened.manifest.id).toBe(info().id);
  });

  it('say not_recipient, naming who sealed it, to a holder it was not sealed for', async () => {
    const error = await verifyPackage(bytesSource(sealed), options([strangerSeal])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WireError);
    expect((error as WireError).code).toBe('not_recipient');
    expect((error as WireError).details).toMatchObject({ by: info().by, site: testSite });
    const noKeys = { authorityPublicKey: world.authority.publicKey, verify: nodeVerify };
    await expect(verifyPackage(bytesSource(sealed), noKeys)).rejects.toMatchObject({ code: 'not_recipient' });
  });

  it('an empty plain package is one empty chunk', async () => {
    const empty = await sealPackage(new Uint8Array(0), info(), {
      signer: world.devices[0]!.signer,
      cert: world.devices[0]!.cert,
      recipients: [authoritySeal.publicKey],
      crypto: nodeSealCrypto,
    });
    expect(readSealedFile(empty).body.length).toBe(16);
  });

  it('refuse every tampering with bad_seal (or the specific key code), writing nothing', async () => {
    const { header, headerBytes, body } = parts(sealed);
    const flip = flipByte;
    const outsider = generateSigner();
    const recipients = header.recipients as { kid: string; epk: string; key: string }[];
    const cases: [string, Uint8Array, string][] = [
      ['a flipped bit in chunk 0', join(headerBytes, flip(body, 10)), 'bad_seal'],
      ['a flipped bit in the last chunk', join(headerBytes, flip(body, body.length - 1)), 'bad_seal'],
      ['the last chunk missing', join(headerBytes, body.subarray(0, 2 * (sealChunkBytes + 16))), 'bad_seal'],
      ['one byte cut', join(headerBytes, body.subarray(0, body.length - 1)), 'bad_seal'],
      ['a byte after the last chunk', join(headerBytes, Uint8Array.from([...body, 0])), 'bad_seal'],
      [
        'chunks 0 and 1 swapped',
        join(
          headerBytes,
          Uint8Array.from([
            ...body.subarray(sealChunkBytes + 16, 2 * (sealChunkBytes + 16)),
            ...body.subarray(0, sealChunkBytes + 16),
            ...body.subarray(2 * (sealChunkBytes + 16)),
          ]),
        ),
        'bad_seal',
      ],
      [
        'a header byte changed, signature kept',
        join(flip(headerBytes, headerBytes.indexOf(0x7d) - 3), body),
        'bad_seal',
      ],
      ['a different size, re-signed', join(await resigned({ ...header, size: plain.length - 1 }), body), 'bad_seal'],
      ['a chunk of 64 KiB, re-signed', join(await resigned({ ...header, chunk: 65536 }), body), 'bad_seal'],
      [
        'a wrapped key changed, re-signed',
        join(
          await resigned({
            ...header,
            recipients: recipients.map((r) => ({ ...r, key: `${r.key[0] === 'A' ? 'B' : 'A'}${r.key.slice(1)}` })),
          }),
          body,
        ),
        'bad_seal',
      ],
      [
        'another id than the package inside, re-signed',
        join(await resigned({ ...header, id: '00000000-0000-4000-8000-000000000000' }), body),
        'bad_seal',
      ],
      [
        'a header that is not canonical',
        join(new TextEncoder().encode(JSON.stringify(header, null, 1).replace(/\n/g, '')), body),
        'bad_seal',
      ],
      ['an extra header member, re-signed', join(await resigned({ ...header, note: 'x' }), body), 'bad_seal'],
      ['no newline after the header', Uint8Array.from([...sealMagic, 0x7b, 0x7b]), 'bad_seal'],
      [
        'sealed under a key nobody enrolled',
        join(await resigned({ ...header, kid: outsider.kid, cert: null }, outsider), body),
        'unknown_key',
      ],
      ['the wrong signature', join(await resigned(header, outsider), body), 'bad_seal'],
    ];
    for (const [name, bytes, code] of cases) expect(`${name}: ${await codeOf(bytes)}`).toBe(`${name}: ${code}`);
  });
});
