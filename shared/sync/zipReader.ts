/**
 * A ZIP reader that trusts nothing: it reads the central directory from the end of the file,
 * enforces the limits of FORMATS.md §5 before inflating anything, and inflates each entry in
 * chunks while counting, so a zip bomb is stopped at the limit rather than after it.
 * Entries are returned as bytes to the caller; nothing is ever written to disk under its name.
 */
import { Inflate } from 'fflate';
import { WireError } from '../ledger/errors';

export interface RandomAccessSource {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
  /** The whole file, when it is in memory (a worker pool can then share it). */
  readonly bytes?: Uint8Array;
}

export function bytesSource(bytes: Uint8Array): RandomAccessSource {
  return { size: bytes.length, bytes, read: async (offset, length) => bytes.subarray(offset, offset + length) };
}

export const packageLimits = {
  maxFileBytes: 2 * 1024 ** 3,
  maxEntries: 20_000,
  maxEntryBytes: 64 * 1024 ** 2,
  maxTotalBytes: 4 * 1024 ** 3,
  /** Entries larger than this must not exceed `maxRatio`. */
  ratioThresholdBytes: 1024 ** 2,
  maxRatio: 200,
};
export type PackageLimits = typeof packageLimits;

export interface ZipEntry {
  name: string;
  method: 0 | 8;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const nameDecoder = new TextDecoder('utf-8', { fatal: true });
const readChunk = 1024 * 1024;

function u16(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}
function u32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

/** Reads and checks the central directory; throws too_large or bad_zip. */
export async function readCentralDirectory(
  source: RandomAccessSource,
  limits: PackageLimits = packageLimits,
): Promise<ZipEntry[]> {
  if (source.size > limits.maxFileBytes)
    throw new WireError('too_large', `package is ${source.size} bytes, over ${limits.maxFileBytes}`);
  if (source.size < 22) throw new WireError('bad_zip', 'too short to be a zip');
  const tailLength = Math.min(source.size, 22 + 0xffff);
  const tail = await source.read(source.size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i -= 1) {
    if (u32(tail, i) === 0x06054b50 && i + 22 + u16(tail, i + 20) === tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new WireError('bad_zip', 'no end of central directory');
  const disk = u16(tail, eocd + 4);
  const cdDisk = u16(tail, eocd + 6);
  const entriesOnDisk = u16(tail, eocd + 8);
  const count = u16(tail, eocd + 10);
  const cdSize = u32(tail, eocd + 12);
  const cdOffset = u32(tail, eocd + 16);
  if (disk !== 0 || cdDisk !== 0 || entriesOnDisk !== count)
    throw new WireError('bad_zip', 'multi-part zips are not packages');
  if (count > limits.maxEntries) throw new WireError('too_large', `${count} entries, over ${limits.maxEntries}`);
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff)
    throw new WireError('bad_zip', 'zip64 is not used by packages');
  const eocdOffset = source.size - tailLength + eocd;
  if (cdOffset + cdSize > eocdOffset) throw new WireError('bad_zip', 'central directory out of range');
  const cd = await source.read(cdOffset, cdSize);

  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let total = 0;
  let at = 0;
  for (let i = 0; i < count; i += 1) {
    if (at + 46 > cd.length || u32(cd, at) !== 0x02014b50)
      throw new WireError('bad_zip', `central directory entry ${i} is damaged`);
    const flags = u16(cd, at + 8);
    const method = u16(cd, at + 10);
    const compressedSize = u32(cd, at + 20);
    const size = u32(cd, at + 24);
    const nameLength = u16(cd, at + 28);
    const extraLength = u16(cd, at + 30);
    const commentLength = u16(cd, at + 32);
    const localHeaderOffset = u32(cd, at + 42);
    if (at + 46 + nameLength > cd.length) throw new WireError('bad_zip', `central directory entry ${i} is damaged`);
    let name: string;
    try {
      name = nameDecoder.decode(cd.subarray(at + 46, at + 46 + nameLength));
    } catch {
      throw new WireError('bad_zip', `entry ${i}: name is not UTF-8`);
    }
    at += 46 + nameLength + extraLength + commentLength;
    if (flags & 1) throw new WireError('bad_zip', `${name}: encrypted entries are not allowed`);
    if (method !== 0 && method !== 8)
      throw new WireError('bad_zip', `${name}: compression method ${method} is not allowed`);
    if (method === 0 && compressedSize !== size) throw new WireError('bad_zip', `${name}: stored sizes differ`);
    if (names.has(name)) throw new WireError('bad_zip', `${name}: appears twice`);
    names.add(name);
    if (size > limits.maxEntryBytes)
      throw new WireError('too_large', `${name}: ${size} bytes uncompressed, over ${limits.maxEntryBytes}`);
    if (size > limits.ratioThresholdBytes && size > compressedSize * limits.maxRatio) {
      throw new WireError('too_large', `${name}: compression ratio over ${limits.maxRatio}:1`);
    }
    total += size;
    if (total > limits.maxTotalBytes)
      throw new WireError('too_large', `over ${limits.maxTotalBytes} bytes uncompressed in all`);
    if (localHeaderOffset + 30 + compressedSize > cdOffset)
      throw new WireError('bad_zip', `${name}: data out of range`);
    entries.push({ name, method, compressedSize, size, localHeaderOffset });
  }
  return entries;
}

/**
 * Inflates one entry, refusing more output than its declared size (which the limits already
 * bounded): a lying header cannot make it inflate further.
 */
export async function readZipEntry(source: RandomAccessSource, entry: ZipEntry): Promise<Uint8Array> {
  const header = await source.read(entry.localHeaderOffset, 30);
  if (header.length < 30 || u32(header, 0) !== 0x04034b50)
    throw new WireError('bad_zip', `${entry.name}: local header missing`);
  const nameLength = u16(header, 26);
  const extraLength = u16(header, 28);
  const localName = await source.read(entry.localHeaderOffset + 30, nameLength);
  if (new TextDecoder().decode(localName) !== entry.name)
    throw new WireError('bad_zip', `${entry.name}: local and central names differ`);
  const dataStart = entry.localHeaderOffset + 30 + nameLength + extraLength;
  if (dataStart + entry.compressedSize > source.size)
    throw new WireError('bad_zip', `${entry.name}: data out of range`);

  if (entry.method === 0) {
    const data = await source.read(dataStart, entry.compressedSize);
    return data.slice();
  }

  const out = new Uint8Array(entry.size);
  let written = 0;
  let ended = false;
  const inflate = new Inflate((chunk, final) => {
    if (written + chunk.length > entry.size)
      throw new WireError('bad_zip', `${entry.name}: inflates past its declared size`);
    out.set(chunk, written);
    written += chunk.length;
    if (final) ended = true;
  });
  try {
    for (let offset = 0; offset < entry.compressedSize; offset += readChunk) {
      const length = Math.min(readChunk, entry.compressedSize - offset);
      inflate.push(await source.read(dataStart + offset, length), offset + length >= entry.compressedSize);
    }
    if (entry.compressedSize === 0) inflate.push(new Uint8Array(0), true);
  } catch (error) {
    if (error instanceof WireError) throw error;
    throw new WireError('bad_zip', `${entry.name}: ${error instanceof Error ? error.message : 'cannot inflate'}`);
  }
  if (!ended || written !== entry.size)
    throw new WireError('bad_zip', `${entry.name}: inflated to ${written} bytes, declared ${entry.size}`);
  return out;
}
