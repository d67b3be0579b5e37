import { chmod, mkdir, mkdtemp, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateAuthority, UnsafeDataFolderError } from './identity';

describe('the authority data folder', () => {
  it('is made 0700 with its signing and seal keys 0600, and the same keys load again', async () => {
    const data = path.join(await mkdtemp(path.join(os.tmpdir(), 'authority-id-')), 'data');
    const first = await loadOrCreateAuthority(data, 'weihai-hrss');
    expect(first.created).toBe(true);
    expect((await stat(data)).mode & 0o777).toBe(0o700);
    for (const file of ['authority.key', 'authority.seal.key'])
      expect((await stat(path.join(data, file))).mode & 0o777).toBe(0o600);
    const again = await loadOrCreateAuthority(data);
    expect(again.signer.kid).toBe(first.signer.kid);
    expect(Buffer.from(again.seal.publicKey).equals(Buffer.from(first.seal.publicKey))).toBe(true);
  });

  it('refuses a folder others may write to, saying how to fix it', async () => {
    const data = path.join(await mkdtemp(path.join(os.tmpdir(), 'authority-id-')), 'open');
    await mkdir(data);
    await chmod(data, 0o777);
    const refused = await loadOrCreateAuthority(data).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UnsafeDataFolderError);
    expect((refused as Error).message).toContain(`chmod 700 ${data}`);
  });
});
