import { zipSync, strToU8 } from 'fflate';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeVerify } from '../../authority/nodeCrypto';
import { batchesOf, makeWorld, testAuthorityId, testSite, testTime, type TestWorld } from '../../test/support/world';
import { canonicalBytes } from '../ledger/canonical';
import { WireError } from '../ledger/errors';
import { sha256Hex } from '../ledger/hash';
import { signDocument } from '../ledger/signing';
import { makeBatch } from './batch';
import { openPackage, verifyPackage, writePackage, type PackageContent } from './package';
import { makeReceipt } from './receipt';
import { bytesSource, packageLimits, readCentralDirectory, readZipEntry } from './zipReader';

let world: TestWorld;
let content: PackageContent;
let valid: Uint8Array;
const header = { id: '5f0c8a2e-3b1d-4c6e-9a7f-2d4e6f8a0b1c', createdAt: testTime, site: testSite };
const photo = new Uint8Array(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256));

beforeAll(async () => {
  world = await makeWorld(2, 12);
  const [a, b] = world.devices;
  content = {
    batches: [...(await batchesOf(a!, 5)), ...(await batchesOf(b!, 12))],
    attachments: [photo],
    receipts: [],
    plans: [],
    certs: [a!.cert, b!.cert],
  };
  valid = await writePackage({ ...header, by: a!.chain.device }, content, a!.signer);
});

const options = () => ({ authorityPublicKey: world.authority.publicKey, verify: nodeVerify });

async function codeOf(bytes: Uint8Array, limits = packageLimits): Promise<string> {
  try {
    const result = await verifyPackage(bytesSource(bytes), { ...options(), limits });
    const rejected = result.batches.find((b) => b.status === 'rejected');
    return rejected ? `batch:${rejected.error}` : 'ok';
  } catch (error) {
    return error instanceof WireError ? error.code : `crash: ${String(error)}`;
  }
}

/** Rebuilds a package from raw entries (manifest included as given), for attacks. */
function rawZip(entries: Record<string, Uint8Array>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, [v, { level: 6 }]])));
}

async function entriesOf(bytes: Uint8Array): Promise<Record<string, Uint8Array>> {
  const source = bytesSource(bytes);
  const out: Record<string, Uint8Array> = {};
  for (const entry of await readCentralDirectory(source)) out[entry.name] = await readZipEntry(source, entry);
  return out;
}

async function resign(manifest: Record<string, unknown>): Promise<Uint8Array> {
  return canonicalBytes(await signDocument(manifest, world.devices[0]!.signer));
}

describe('packages', () => {
  it('verify: every batch valid, attachments listed, certs trusted', async () => {
    const result = await verifyPackage(bytesSource(valid), options());
    expect(result.batches.map((b) => [b.from, b.to, b.status])).toEqual(
      expect.arrayContaining([
        [1, 5, 'valid'],
        [6, 10, 'valid'],
        [11, 12, 'valid'],
        [1, 12, 'valid'],
      ]),
    );
    expect(result.batches).toHaveLength(4);
    expect(result.attachments).toEqual([sha256Hex(photo)]);
    expect(result.certs).toHaveLength(2);
  });

  it('are written byte for byte the same from the same content, and re-pack to the same bytes', async () => {
    const again = await writePackage(
      { ...header, by: world.devices[0]!.chain.device },
      content,
      world.devices[0]!.signer,
    );
    expect(sha256Hex(again)).toBe(sha256Hex(valid));
    const opened = await verifyPackage(bytesSource(valid), options());
    const repacked = await writePackage(
      { ...header, by: world.devices[0]!.chain.device },
      {
        batches: opened.batches.map((b) => b.verified!.batch),
        attachments: [photo],
        certs: opened.certs,
        receipts: [],
        plans: [],
      },
      world.devices[0]!.signer,
    );
    expect(sha256Hex(repacked)).toBe(sha256Hex(valid));
  });

  it('carry receipts and plans packed by the authority without a cert of its own', async () => {
    const [a] = world.devices;
    const receipt = await makeReceipt(
      { authority: testAuthorityId, device: a!.chain.device, through: 12, head: a!.chain.hashes[11]!, at: testTime },
      world.authority,
    );
    const bytes = await writePackage({ ...header, by: testAuthorityId }, { receipts: [receipt] }, world.authority);
    const result = await verifyPackage(bytesSource(bytes), options());
    expect(result.receipts).toEqual([{ path: `receipts/${a!.chain.device}.json`, status: 'valid', value: receipt }]);
  });

  it('judge each batch on its own', async () => {
    const [a, b] = world.devices;
    const good = await makeBatch(a!.chain.events, a!.signer);
    const forged = await makeBatch(b!.chain.events, a!.signer); // signed by the wrong device's key
    const bytes = await writePackage(
      { ...header, by: a!.chain.device },
      { batches: [good, forged], certs: [a!.cert, b!.cert] },
      a!.signer,
    );
    const result = await verifyPackage(bytesSource(bytes), options());
    expect(result.batches.map((r) => [r.device, r.status, r.error])).toEqual(
      expect.arrayContaining([
        [a!.chain.device, 'valid', undefined],
        [b!.chain.device, 'rejected', 'unknown_key'],
      ]),
    );
  });

  describe('the attack corpus: each rejected with its code', () => {
    it('zip-slip and unknown paths → unsafe_path', async () => {
      const entries = await entriesOf(valid);
      for (const evil of [
        '../../etc/passwd',
        '/etc/passwd',
        'batches/../../x.json',
        'batches\\..\\x.json',
        'C:/x',
        'attachments/AB',
        'notes.txt',
      ]) {
        expect(await codeOf(rawZip({ ...entries, [evil]: strToU8('x') }))).toBe('unsafe_path');
      }
    });

    it('an unlisted entry → unlisted_entry; a listed one missing → missing_entry', async () => {
      const entries = await entriesOf(valid);
      const hash = sha256Hex(strToU8('extra'));
      expect(await codeOf(rawZip({ ...entries, [`attachments/${hash}`]: strToU8('extra') }))).toBe('unlisted_entry');
      const { [`attachments/${sha256Hex(photo)}`]: _dropped, ...rest } = entries;
      expect(await codeOf(rawZip(rest))).toBe('missing_entry');
      const { 'manifest.json': _m, ...noManifest } = entries;
      expect(await codeOf(rawZip(noManifest))).toBe('missing_entry');
    });

    it('a changed entry → hash_mismatch', async () => {
      const entries = await entriesOf(valid);
      const path = `attachments/${sha256Hex(photo)}`;
      const changed = entries[path]!.slice();
      changed[10] ^= 1;
      expect(await codeOf(rawZip({ ...entries, [path]: changed }))).toBe('hash_mismatch');
    });

    it('a changed manifest → bad_signature; a manifest by an unknown key → unknown_key', async () => {
      const entries = await entriesOf(valid);
      const manifest = JSON.parse(new TextDecoder().decode(entries['manifest.json'])) as Record<string, unknown>;
      expect(
        await codeOf(rawZip({ ...entries, 'manifest.json': canonicalBytes({ ...manifest, site: 'WH-0302' }) })),
      ).toBe('bad_signature');
      expect(
        await codeOf(rawZip({ ...entries, 'manifest.json': canonicalBytes({ ...manifest, kid: '0'.repeat(32) }) })),
      ).toBe('unknown_key');
    });

    it('__proto__, duplicate keys and deep nesting in the manifest', async () => {
      const entries = await entriesOf(valid);
      const text = new TextDecoder().decode(entries['manifest.json']);
      expect(
        await codeOf(rawZip({ ...entries, 'manifest.json': strToU8(text.replace('{', '{"__proto__":{"x":1},')) })),
      ).toBe('forbidden_key');
      expect(await codeOf(rawZip({ ...entries, 'manifest.json': strToU8(text.replace('{', '{"v":1,')) }))).toBe(
        'duplicate_key',
      );
      expect(
        await codeOf(
          rawZip({
            ...entries,
            'manifest.json': strToU8(text.replace('{', `{"deep":${'['.repeat(40)}${']'.repeat(40)},`)),
          }),
        ),
      ).toBe('bad_json');
    });

    it('a truncated zip, and bytes that are no zip → bad_zip', async () => {
      expect(await codeOf(valid.subarray(0, valid.length - 30))).toBe('bad_zip');
      expect(await codeOf(valid.subarray(0, 100))).toBe('bad_zip');
      expect(await codeOf(strToU8('PK not really a zip at all, just text'))).toBe('bad_zip');
    });

    it('a small zip that inflates past the limits → too_large, before inflating', async () => {
      const bomb = new Uint8Array(80 * 1024 * 1024); // 80 MiB of zeros, ~80 KiB deflated
      const entries = await entriesOf(valid);
      const path = `attachments/${sha256Hex(bomb)}`;
      const zipped = zipSync({
        ...Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, [v, {}]])),
        [path]: [bomb, { level: 9 }],
      });
      expect(zipped.length).toBeLessThan(1024 * 1024);
      expect(await codeOf(zipped)).toBe('too_large');
      // 2 MiB of zeros is under the entry limit but over the 200:1 ratio.
      const dense = new Uint8Array(2 * 1024 * 1024);
      expect(await codeOf(zipSync({ [`attachments/${sha256Hex(dense)}`]: [dense, { level: 9 }] }))).toBe('too_large');
    });

    it('over the entry count, file size and total limits → too_large', async () => {
      expect(await codeOf(valid, { ...packageLimits, maxEntries: 3 })).toBe('too_large');
      expect(await codeOf(valid, { ...packageLimits, maxFileBytes: 1000 })).toBe('too_large');
      expect(await codeOf(valid, { ...packageLimits, maxTotalBytes: 2000 })).toBe('too_large');
      expect(await codeOf(valid, { ...packageLimits, maxEntryBytes: 1000 })).toBe('too_large');
    });

    it('a header that lies about its size is stopped while inflating', async () => {
      const big = new Uint8Array(4096).fill(65);
      const zipped = zipSync({ [`attachments/${sha256Hex(big)}`]: [big, { level: 6 }] });
      // Patch the central directory's uncompressed size down to 100 bytes.
      const cd = zipped.length - 22 - (46 + 'attachments/'.length + 64);
      new DataView(zipped.buffer, zipped.byteOffset).setUint32(cd + 24, 100, true);
      const [entry] = await readCentralDirectory(bytesSource(zipped));
      await expect(readZipEntry(bytesSource(zipped), entry!)).rejects.toMatchObject({ code: 'bad_zip' });
    });

    it('a replayed, tampered or re-signed batch inside a valid manifest is rejected on its own', async () => {
      const entries = await entriesOf(valid);
      const manifest = JSON.parse(new TextDecoder().decode(entries['manifest.json'])) as {
        entries: { path: string; sha256: string; size: number }[];
      };
      const path = manifest.entries.find((e) => e.path.startsWith('batches/'))!.path;
      const batch = JSON.parse(new TextDecoder().decode(entries[path]));
      batch.events[1].body.text = '篡改';
      const changed = canonicalBytes(batch);
      const patched = {
        ...manifest,
        entries: manifest.entries.map((e) =>
          e.path === path ? { ...e, sha256: sha256Hex(changed), size: changed.length } : e,
        ),
      };
      const { sig: _s, ...unsigned } = patched as Record<string, unknown>;
      const bytes = rawZip({ ...entries, [path]: changed, 'manifest.json': await resign(unsigned) });
      expect(await codeOf(bytes)).toBe('batch:broken_chain');
    });
  });

  it('any flipped byte is rejected with a specific code or leaves an identical package (property)', async () => {
    const original = await verifyPackage(bytesSource(valid), options());
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: valid.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        async (at, flip) => {
          const bytes = valid.slice();
          bytes[at] ^= flip;
          try {
            const result = await verifyPackage(bytesSource(bytes), options());
            // Some bytes (zip timestamps, version fields) carry no meaning; then the content must be identical.
            expect(result.manifest).toEqual(original.manifest);
            expect(result.batches.map((b) => [b.path, b.status, b.error])).toEqual(
              original.batches.map((b) => [b.path, b.status, b.error]),
            );
          } catch (error) {
            expect(error).toBeInstanceOf(WireError);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('any truncation is rejected, and so is any dropped or duplicated batch entry (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: valid.length - 1 }), async (length) => {
        expect(await codeOf(valid.subarray(0, length))).toMatch(/^(bad_zip|too_large)$/);
      }),
      { numRuns: 200 },
    );
    const entries = await entriesOf(valid);
    const batchPaths = Object.keys(entries).filter((p) => p.startsWith('batches/'));
    for (const path of batchPaths) {
      const { [path]: _gone, ...rest } = entries;
      expect(await codeOf(rawZip(rest))).toBe('missing_entry');
    }
  });

  it('open reads the manifest without inflating anything else first', async () => {
    const opened = await openPackage(bytesSource(valid), options());
    expect(opened.manifest.entries.length).toBe(7);
  });
});
