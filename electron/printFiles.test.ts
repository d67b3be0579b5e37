import { mkdtemp, readdir, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { printFileLifetimeMs, removePrintFiles } from './printFiles';

describe('print files in the temp folder', () => {
  it('are removed once older than their lifetime, and all of them at start', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kaodian-print-'));
    const now = Date.now();
    await writeFile(path.join(dir, '成绩汇总表-old.pdf'), 'old');
    await writeFile(path.join(dir, '签到表-new.pdf'), 'new');
    await writeFile(path.join(dir, 'not-ours.txt'), 'kept');
    const old = (now - printFileLifetimeMs - 60_000) / 1000;
    await utimes(path.join(dir, '成绩汇总表-old.pdf'), old, old);
    expect(await removePrintFiles(() => dir, printFileLifetimeMs, now)).toBe(1);
    expect((await readdir(dir)).sort()).toEqual(['not-ours.txt', '签到表-new.pdf']);
    expect(await removePrintFiles(() => dir, 0, now)).toBe(1);
    expect(await readdir(dir)).toEqual(['not-ours.txt']);
    expect(await removePrintFiles(() => path.join(dir, 'missing'), 0)).toBe(0);
  });
});
