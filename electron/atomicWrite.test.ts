import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomicWrite';

describe('writeFileAtomic', () => {
  it('writes the bytes and leaves no temporary file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kaodian-atomic-'));
    const target = path.join(dir, 'package.kdpkg');
    await writeFile(target, 'old');
    await writeFileAtomic(target, new TextEncoder().encode('新内容'));
    expect(await readFile(target, 'utf8')).toBe('新内容');
    expect(await readdir(dir)).toEqual(['package.kdpkg']);
  });

  it('fails cleanly when the folder does not exist', async () => {
    await expect(
      writeFileAtomic(path.join(os.tmpdir(), 'no-such-dir-kaodian', 'x'), new Uint8Array([1])),
    ).rejects.toThrow();
  });
});
