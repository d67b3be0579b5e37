/**
 * kdpkg — make, verify and inspect Kaodian packages from the command line.
 *
 *   npm run kdpkg -- demo <out.kdpkg> [--plain]
 *   npm run kdpkg -- verify <file.kdpkg> --authority-pub <key> [--seal-key <key>]
 *   npm run kdpkg -- inspect <file.kdpkg> [--authority-pub <key>] [--seal-key <key>]
 *
 * A sealed package (FORMATS.md §5a) opens with a recipient's seal key (the raw 32-byte X25519
 * private key, base64url); without one, `inspect` shows its header and recipients.
 *
 * Exit codes: 0 valid; 1 the package or a batch was rejected; 2 usage or I/O error.
 */
import { open, readFile, stat, writeFile } from 'node:fs/promises';
import { decodePublicKey } from '../shared/ledger/signing';
import { isWireError } from '../shared/ledger/errors';
import { wireErrorMessage } from '../shared/sync/errorMessages';
import { verifyPackage, type PackageVerification } from '../shared/sync/package';
import type { RandomAccessSource } from '../shared/sync/zipReader';
import { buildDemoPackage } from './demoPackage';
import { nodeSealCrypto, nodeSha256, nodeVerify } from '../authority/nodeCrypto';
import { fromBase64url } from '../shared/ledger/base64url';
import { isSealed, readSealedFile, sealIdentityFromSeed, sealMagic, type SealIdentity } from '../shared/sync/seal';
import type { SealedHeader } from '../shared/sync/schemas';

const usage = `usage:
  kdpkg demo <out.kdpkg> [--plain]
  kdpkg verify <file.kdpkg> --authority-pub <key> [--seal-key <key>]
  kdpkg inspect <file.kdpkg> [--authority-pub <key>] [--seal-key <key>]`;

/** A package file read piece by piece, never whole, never unpacked to disk. */
export async function fileSource(path: string): Promise<RandomAccessSource & { close(): Promise<void> }> {
  const handle = await open(path, 'r');
  const { size } = await handle.stat();
  return {
    size,
    read: async (offset, length) => {
      const buffer = new Uint8Array(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    },
    close: () => handle.close(),
  };
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** What `<file>.authority.json` beside a package says (kdpkg demo writes it). */
async function besideFile(file: string): Promise<{ pub?: string; sealKey?: string }> {
  try {
    return JSON.parse(await readFile(`${file}.authority.json`, 'utf8')) as { pub?: string; sealKey?: string };
  } catch {
    return {};
  }
}

/**
 * The trust anchor. `verify` takes it only from the command line: a key file lying beside a
 * package could have been put there by whoever made the package. `inspect` may use it.
 */
async function authorityKey(file: string, args: string[], allowBesideFile: boolean): Promise<Uint8Array | undefined> {
  const text = option(args, '--authority-pub') ?? (allowBesideFile ? (await besideFile(file)).pub : undefined);
  return text ? decodePublicKey(text) : undefined;
}

/** The seal key to open a sealed package with: given, or (inspect only) the demo's beside the file. */
async function sealKey(file: string, args: string[], allowBesideFile: boolean): Promise<SealIdentity[] | undefined> {
  const text = option(args, '--seal-key') ?? (allowBesideFile ? (await besideFile(file)).sealKey : undefined);
  if (!text) return [];
  const seed = fromBase64url(text);
  return seed?.length === 32 ? [await sealIdentityFromSeed(nodeSealCrypto, seed)] : undefined;
}

async function check(
  file: string,
  key: Uint8Array,
  identities: SealIdentity[],
): Promise<{ result?: PackageVerification; error?: { code: string; message: string } }> {
  const source = await fileSource(file);
  try {
    return {
      result: await verifyPackage(source, {
        authorityPublicKey: key,
        verify: nodeVerify,
        sha256: nodeSha256,
        seal: { identities, crypto: nodeSealCrypto },
      }),
    };
  } catch (error) {
    if (isWireError(error)) return { error: { code: error.code, message: error.message } };
    throw error;
  } finally {
    await source.close();
  }
}

function describe(result: PackageVerification, print: (line: string) => void): boolean {
  let ok = true;
  for (const batch of result.batches) {
    if (batch.status === 'valid') print(`  ✓ ${batch.device} ${batch.from}–${batch.to}`);
    else {
      ok = false;
      print(`  ✗ ${batch.device} ${batch.from}–${batch.to}: ${batch.error} — ${wireErrorMessage(batch.error!, 'en')}`);
    }
  }
  for (const item of [...result.receipts, ...result.plans]) {
    if (item.status === 'rejected') {
      ok = false;
      print(`  ✗ ${item.path}: ${item.error} — ${wireErrorMessage(item.error!, 'en')}`);
    } else print(`  ✓ ${item.path}`);
  }
  return ok;
}

export async function main(argv: string[], print: (line: string) => void = console.log): Promise<number> {
  const [command, file, ...rest] = argv;
  if (!command || !file) {
    print(usage);
    return 2;
  }
  if (command === 'demo') {
    const plain = rest.includes('--plain');
    const demo = await buildDemoPackage({ plain });
    await writeFile(file, demo.bytes);
    await writeFile(`${file}.authority.json`, `${JSON.stringify(demo.authority, null, 2)}\n`);
    print(
      `wrote ${file} (${plain ? 'plain' : 'sealed'}, ${demo.bytes.length} bytes, ${demo.eventCount} events) and ${file}.authority.json`,
    );
    return 0;
  }
  if (command !== 'verify' && command !== 'inspect') {
    print(usage);
    return 2;
  }
  try {
    await stat(file);
  } catch {
    print(`cannot read ${file}`);
    return 2;
  }
  const key = await authorityKey(file, rest, command === 'inspect');
  if (!key) {
    print(
      command === 'verify'
        ? 'verify needs --authority-pub <key> (43 characters of base64url)'
        : 'no authority key (give --authority-pub or put <file>.authority.json beside the package)',
    );
    return 2;
  }
  const identities = await sealKey(file, rest, command === 'inspect');
  if (!identities) {
    print('--seal-key must be 32 bytes of base64url (43 characters)');
    return 2;
  }
  const sealed = await sealedHeaderOf(file);
  if (command === 'inspect' && sealed) describeSealed(sealed, print);
  const { result, error } = await check(file, key, identities);
  if (error) {
    print(`REJECTED ${error.code}: ${error.message}`);
    print(`  ${wireErrorMessage(error.code as never, 'en')} / ${wireErrorMessage(error.code as never, 'zh-CN')}`);
    return 1;
  }
  const verified = result!;
  if (command === 'inspect') {
    const m = verified.manifest;
    print(`package ${m.id}`);
    print(`  site ${m.site}, packed by ${m.by} (key ${m.kid}) at ${m.createdAt}`);
    print(`  ${m.entries.length} entries, ${verified.certs.length} certs, ${verified.attachments.length} attachments`);
    for (const batch of verified.batches) {
      const counts = new Map<string, number>();
      for (const event of batch.verified?.batch.events ?? []) counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
      const byType = [...counts].map(([type, n]) => `${type} ×${n}`).join(', ');
      print(
        `  batch ${batch.device} seq ${batch.from}–${batch.to} (${batch.to - batch.from + 1} events)${byType ? `: ${byType}` : ''}`,
      );
    }
  }
  const ok = describe(verified, print);
  print(
    ok
      ? `VALID: the manifest and all ${verified.batches.length} batches verify under the authority key`
      : 'REJECTED: some batches did not verify (see above)',
  );
  return ok ? 0 : 1;
}

/** The header of a sealed package, read without any key; undefined for a plain package. */
async function sealedHeaderOf(file: string): Promise<SealedHeader | undefined> {
  const source = await fileSource(file);
  try {
    if (!isSealed(await source.read(0, sealMagic.length))) return undefined;
    try {
      return readSealedFile(await source.read(0, source.size)).header;
    } catch {
      return undefined; // `check` says what is wrong with it
    }
  } finally {
    await source.close();
  }
}

function describeSealed(header: SealedHeader, print: (line: string) => void): void {
  print(`sealed package ${header.id} (FORMATS.md §5a)`);
  print(`  site ${header.site}, sealed by ${header.by} (key ${header.kid}) at ${header.createdAt}`);
  print(`  ${header.size} bytes inside, in ${Math.max(1, Math.ceil(header.size / header.chunk))} chunks`);
  for (const recipient of header.recipients) print(`  recipient seal key ${recipient.kid}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(await main(process.argv.slice(2)));
}
