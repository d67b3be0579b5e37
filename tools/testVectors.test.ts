import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../shared/ledger/canonical';
import { hashEvent, parseEvent } from '../shared/ledger/event';
import { decodePublicKey, kidOf } from '../shared/ledger/signing';
import { fromBase64url } from '../shared/ledger/base64url';
import { verifyBatch } from '../shared/sync/batch';
import { keyFromCert, resolverFromKeys } from '../shared/sync/keys';
import { verifyPackage } from '../shared/sync/package';
import { verifyReceipt } from '../shared/sync/receipt';
import { verifyEnrollReply } from '../shared/sync/enrollment';
import { bytesSource } from '../shared/sync/zipReader';
import { nodeVerify } from '../authority/nodeCrypto';
import { makeTestVectors, vectorDir } from './testVectors';
import { openSealedIndependently } from '../test/support/independentSeal';

const read = (name: string) => readFile(path.join(vectorDir, name));
const readJson = async <T>(name: string) => JSON.parse(await readFile(path.join(vectorDir, name), 'utf8')) as T;

describe('docs/test-vectors', () => {
  it('are exactly what the code makes today (run `npm run test-vectors` after a deliberate change)', async () => {
    for (const [name, content] of await makeTestVectors()) {
      const committed = await read(name);
      expect(Buffer.from(committed).equals(Buffer.from(content)), name).toBe(true);
    }
  });

  it('use the RFC 8032 test 1 key', async () => {
    const keys = await readJson<{ publicKey: string; kid: string; message: string; signature: string }>('keys.json');
    // RFC 8032 §7.1 TEST 1 public key.
    expect(Buffer.from(decodePublicKey(keys.publicKey)!).toString('hex')).toBe(
      'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    );
    expect(kidOf(decodePublicKey(keys.publicKey)!)).toBe(keys.kid);
    expect(
      await nodeVerify(decodePublicKey(keys.publicKey)!, fromBase64url(keys.message)!, fromBase64url(keys.signature)!),
    ).toBe(true);
  });

  it('verify: events, batch, receipt, cert and package', async () => {
    const keys = await readJson<{ authorityPublicKey: string }>('keys.json');
    const authority = decodePublicKey(keys.authorityPublicKey)!;
    for (const { event, canonical, hash } of await readJson<{ event: unknown; canonical: string; hash: string }[]>(
      'events.json',
    )) {
      const parsed = parseEvent(event);
      expect(canonicalize(parsed)).toBe(canonical);
      expect(hashEvent(parsed)).toBe(hash);
    }
    const cert = await verifyEnrollReply(await readJson('cert.json'), nodeVerify, authority);
    await expect(
      verifyBatch(await readJson('batch.json'), resolverFromKeys([keyFromCert(cert)]), nodeVerify),
    ).resolves.toBeTruthy();
    await expect(verifyReceipt(await readJson('receipt.json'), authority, nodeVerify)).resolves.toBeTruthy();
    const result = await verifyPackage(bytesSource(await read('package.kdpkg')), {
      authorityPublicKey: authority,
      verify: nodeVerify,
    });
    expect(result.batches.map((b) => b.status)).toEqual(['valid']);
    expect(result.attachments).toHaveLength(1);
  });

  it('the sealed package opens, by an independent reading of §5a, to exactly package.kdpkg for both recipients', async () => {
    const keys = await readJson<{ authorityPublicKey: string; authoritySealSeed: string; deviceSealSeed: string }>(
      'keys.json',
    );
    const sealed = await read('package.sealed.kdpkg');
    const plain = await read('package.kdpkg');
    for (const seed of [keys.authoritySealSeed, keys.deviceSealSeed]) {
      const opened = openSealedIndependently(sealed, seed, keys.authorityPublicKey);
      expect(opened.plain.equals(plain)).toBe(true);
      expect(opened.header).toMatchObject({ kind: 'kaodian.sealed', site: 'TV-0001', size: plain.length });
    }
    // A key it was not sealed to, and a flipped byte, fail in the independent reading too.
    expect(() => openSealedIndependently(sealed, '11'.repeat(32), keys.authorityPublicKey)).toThrow(/not a recipient/);
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 20]! ^= 1;
    expect(() => openSealedIndependently(flipped, keys.deviceSealSeed, keys.authorityPublicKey)).toThrow();
  });
});
