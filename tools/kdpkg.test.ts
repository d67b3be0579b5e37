import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { project } from '../shared/state/project';
import { decodePublicKey } from '../shared/ledger/signing';
import { verifyPackage } from '../shared/sync/package';
import { bytesSource, readCentralDirectory, readZipEntry } from '../shared/sync/zipReader';
import { main } from './kdpkg';
import { nodeVerify } from '../authority/nodeCrypto';
import { openSealedIndependently } from '../test/support/independentSeal';

let dir: string;
/** A plain demo package (--plain), and a sealed one (the default) with its authority's keys. */
let file: string;
let pub: string;
let sealedFile: string;
let sealedKeys: { pub: string; sealPub: string; sealKey: string };
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kdpkg-'));
  file = path.join(dir, 'demo.kdpkg');
  expect(await main(['demo', file, '--plain'], () => {})).toBe(0);
  pub = (JSON.parse(await readFile(`${file}.authority.json`, 'utf8')) as { pub: string }).pub;
  sealedFile = path.join(dir, 'sealed.kdpkg');
  expect(await main(['demo', sealedFile], () => {})).toBe(0);
  sealedKeys = JSON.parse(await readFile(`${sealedFile}.authority.json`, 'utf8')) as typeof sealedKeys;
});

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await main(args, (line) => lines.push(line));
  return { code, out: lines.join('\n') };
}

describe('kdpkg', () => {
  it('demo writes a package that verifies and folds into the demo session', async () => {
    const { code, out } = await run(['verify', file, '--authority-pub', pub]);
    expect(code).toBe(0);
    expect(out).toContain('VALID');
    const result = await verifyPackage(bytesSource(await readFile(file)), {
      authorityPublicKey: decodePublicKey(pub)!,
      verify: nodeVerify,
    });
    const state = project(result.batches.flatMap((b) => b.verified!.batch.events));
    expect(Object.keys(state.candidates)).toHaveLength(30);
    expect(Object.keys(state.sheets)).toHaveLength(28 * 3);
    expect(
      Object.values(state.people)
        .map((p) => p.role)
        .sort(),
    ).toEqual(['examiner', 'examiner', 'examiner', 'manager', 'supervisor']);
    expect(Object.values(state.notes)).toHaveLength(3);
    expect(Object.values(state.notes).some((n) => n.photo)).toBe(true);
    expect(Object.values(state.misconduct)).toHaveLength(1);
    expect(state.conflicts).toEqual({});
    expect(state.flagged).toEqual({});
  });

  it('inspect describes the batches by event type', async () => {
    const { code, out } = await run(['inspect', file]);
    expect(code).toBe(0);
    expect(out).toMatch(/score\.submitted ×84/);
    expect(out).toMatch(/candidate\.registered ×30/);
  });

  it('verify fails with the code of each fault', async () => {
    const source = bytesSource(await readFile(file));
    const entries: Record<string, Uint8Array> = {};
    for (const entry of await readCentralDirectory(source)) entries[entry.name] = await readZipEntry(source, entry);
    const original = '胶东花饽饽制作 2026 年第 4 期';
    const batchPath = Object.keys(entries).find(
      (p) => p.startsWith('batches/') && new TextDecoder().decode(entries[p]).includes(original),
    )!;
    const changed = new TextDecoder().decode(entries[batchPath]).replace(original, '胶东花饽饽制作 2026 年第 5 期');
    const tampered = path.join(dir, 'tampered.kdpkg');
    await writeFile(tampered, zipSync({ ...entries, [batchPath]: new TextEncoder().encode(changed) }));
    const { code, out } = await run(['verify', tampered, '--authority-pub', pub]);
    expect(code).toBe(1);
    expect(out).toContain('hash_mismatch');

    const otherKey = 'A'.repeat(42) + 'A';
    const wrong = await run(['verify', file, '--authority-pub', otherKey]);
    expect(wrong.code).toBe(1);
    expect(wrong.out).toMatch(/unknown_key/);
  });

  it('demo seals by default: verify needs a recipient seal key, inspect shows the recipients without one', async () => {
    const bytes = await readFile(sealedFile);
    expect(bytes.subarray(0, 8).toString()).toBe('KDSEAL1\n');
    const without = await run(['verify', sealedFile, '--authority-pub', sealedKeys.pub]);
    expect(without.code).toBe(1);
    expect(without.out).toContain('not_recipient');
    expect(without.out).toContain('此同步包不是发给本机的');
    const opened = await run([
      'verify',
      sealedFile,
      '--authority-pub',
      sealedKeys.pub,
      '--seal-key',
      sealedKeys.sealKey,
    ]);
    expect(opened.code).toBe(0);
    expect(opened.out).toContain('VALID');
    const wrongKey = await run(['verify', sealedFile, '--authority-pub', sealedKeys.pub, '--seal-key', 'A'.repeat(43)]);
    expect(wrongKey.out).toContain('not_recipient');
    expect((await run(['verify', sealedFile, '--authority-pub', sealedKeys.pub, '--seal-key', 'short'])).code).toBe(2);
    // inspect reads the demo's key beside the file; without it, it still shows the header.
    const inspected = await run(['inspect', sealedFile]);
    expect(inspected.out).toMatch(/sealed package [0-9a-f-]{36}/);
    expect(inspected.out.match(/recipient seal key [0-9a-f]{32}/g)).toHaveLength(3);
    expect(inspected.out).toMatch(/score\.submitted ×84/);
    // The independent reading of §5a opens it to the same package kdpkg verified.
    const plain = openSealedIndependently(
      bytes,
      Buffer.from(sealedKeys.sealKey, 'base64url').toString('hex'),
      sealedKeys.pub,
    );
    expect(plain.plain.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
    // A flipped byte in the last chunk: bad_seal, in words.
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 3]! ^= 1;
    const tampered = path.join(dir, 'sealed-tampered.kdpkg');
    await writeFile(tampered, flipped);
    const bad = await run(['verify', tampered, '--authority-pub', sealedKeys.pub, '--seal-key', sealedKeys.sealKey]);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('bad_seal');
  });

  it('answers usage errors with exit code 2', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['verify', file])).code).toBe(2);
    expect((await run(['verify', path.join(dir, 'missing.kdpkg'), '--authority-pub', pub])).code).toBe(2);
  });
});
