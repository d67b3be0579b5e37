/**
 * Writing a package to a drive the way a courier can trust: refused before writing when the
 * drive has too little room; written to a temporary file, flushed and renamed, the folder
 * flushed (atomicWrite.ts); then read back from the drive and compared by SHA-256.
 */
import { createHash } from 'node:crypto';
import { readFile, statfs } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomicWrite';

export class DriveWriteError extends Error {
  constructor(
    readonly code: 'insufficient_space' | 'verify_failed',
    message: string,
  ) {
    super(message);
  }
}

/** Room kept free beyond the file itself: the temporary copy's metadata and the file system's own needs. */
export const spareBytes = 4 * 1024 * 1024;

export interface VerifiedWriteDeps {
  freeBytes(dir: string): Promise<number>;
  write(target: string, bytes: Uint8Array): Promise<void>;
  readBack(target: string): Promise<Uint8Array>;
}

const systemDeps: VerifiedWriteDeps = {
  freeBytes: async (dir) => {
    const stats = await statfs(dir);
    return stats.bavail * stats.bsize;
  },
  write: writeFileAtomic,
  readBack: async (target) => new Uint8Array(await readFile(target)),
};

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export async function writeVerified(
  target: string,
  bytes: Uint8Array,
  deps: VerifiedWriteDeps = systemDeps,
): Promise<{ sha256: string }> {
  const free = await deps.freeBytes(path.dirname(target));
  if (free < bytes.byteLength + spareBytes) {
    throw new DriveWriteError(
      'insufficient_space',
      `${path.dirname(target)} has ${free} bytes free; ${bytes.byteLength + spareBytes} are needed`,
    );
  }
  const expected = sha256(bytes);
  await deps.write(target, bytes);
  const actual = sha256(await deps.readBack(target));
  if (actual !== expected)
    throw new DriveWriteError('verify_failed', `${target} read back as ${actual}, written as ${expected}`);
  return { sha256: expected };
}
