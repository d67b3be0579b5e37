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

let dir: string;
let file: string;
let pub: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kdpkg-'));
  file = path.join(dir, 'demo.kdpkg');
  expect(await main(['demo', file], () => {})).toBe(0);
  pub = (JSON.parse(await readFile(`${file}.authority.json`, 'utf8')) as { pub: string }).pub;
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

  it('answers usage errors with exit code 2', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['verify', file])).code).toBe(2);
    expect((await run(['verify', path.join(dir, 'missing.kdpkg'), '--authority-pub', pub])).code).toBe(2);
  });
});
