/**
 * Packages (FORMATS.md §5): the .kdpkg file carried on USB. `writePackage` makes one
 * deterministically (same content → same bytes); `openPackage` checks everything that rejects a
 * whole package; `verifyPackage` then judges each batch on its own.
 */
import { concatBytes } from '@noble/hashes/utils.js';
import { zipSync, type Zippable } from 'fflate';
import { canonicalBytes } from '../ledger/canonical';
import { WireError, isWireError, type WireErrorCode } from '../ledger/errors';
import { pureEntrySha256, sha256Hex, type EntrySha256, type Sha256Implementation } from '../ledger/hash';
import { kidOf, signDocument, verifyDocument, type Signer, type VerifySignature } from '../ledger/signing';
import { parseStrictJson, parseStrictJsonWithTexts } from '../ledger/strictJson';
import { batchPath, eventTextDepth, verifyBatch, type SignedBatch, type VerifiedBatch } from './batch';
import { verifyEnrollReply } from './enrollment';
import {
  combineResolvers,
  keyFromCert,
  resolverFromKeys,
  revokedFor,
  withRevocations,
  type KeyResolver,
  type KnownKey,
} from './keys';
import { verifyReceipt } from './receipt';
import {
  isSealed,
  readSealedFile,
  sealMagic,
  unsealPackage,
  verifySealedHeader,
  type SealCrypto,
  type SealIdentity,
} from './seal';
import {
  manifestSchema,
  packagePathPattern,
  parseDocument,
  planSchema,
  type Batch,
  type EnrollReply,
  type Manifest,
  type Plan,
  type Receipt,
  type SealedHeader,
} from './schemas';
import {
  bytesSource,
  packageLimits,
  readCentralDirectory,
  readZipEntry,
  type PackageLimits,
  type RandomAccessSource,
  type ZipEntry,
} from './zipReader';

export const manifestPath = 'manifest.json';
const keepBudgetBytes = 256 * 1024 * 1024;
// Zip entries carry a DOS time; a fixed one keeps packages byte-for-byte reproducible.
const fixedZipTime = new Date(Date.UTC(2020, 0, 1));

export interface PackageContent {
  batches: Batch[];
  /** Batches signed here for this package, packed as the bytes made with their signatures. */
  signedBatches?: SignedBatch[];
  attachments: Uint8Array[];
  receipts: Receipt[];
  plans: Plan[];
  certs: EnrollReply[];
}

export interface PackageHeader {
  id: string;
  createdAt: string;
  by: string;
  site: string;
}

/**
 * A package's entries by path, with each entry's SHA-256 — hashed once (an attachment's name is
 * its hash, which the manifest lists again), by `entrySha256`.
 */
export async function packageEntries(
  content: Partial<PackageContent>,
  entrySha256: EntrySha256 = pureEntrySha256,
): Promise<{ files: Map<string, Uint8Array>; hashes: Map<string, string> }> {
  const files = new Map<string, Uint8Array>();
  const hashes = new Map<string, string>();
  const add = (path: string, bytes: Uint8Array, hash?: string) => {
    if (!packagePathPattern.test(path)) throw new Error(`not a package path: ${path}`);
    if (files.has(path)) return;
    files.set(path, bytes);
    if (hash) hashes.set(path, hash);
  };
  for (const { batch, body } of content.signedBatches ?? []) add(batchPath(batch), concatBytes(...body));
  for (const batch of content.batches ?? []) add(batchPath(batch), canonicalBytes(batch));
  for (const bytes of content.attachments ?? []) {
    const hash = await entrySha256(bytes);
    add(`attachments/${hash}`, bytes, hash);
  }
  for (const receipt of content.receipts ?? []) add(`receipts/${receipt.device}.json`, canonicalBytes(receipt));
  for (const plan of content.plans ?? []) add(`plans/${plan.id}.json`, canonicalBytes(plan));
  for (const cert of content.certs ?? []) add(`certs/${cert.deviceKid}.json`, canonicalBytes(cert));
  for (const [path, bytes] of files) if (!hashes.has(path)) hashes.set(path, await entrySha256(bytes));
  return { files, hashes };
}

/**
 * Writes a package: manifest first, then the entries in path order; JSON deflated, attachments
 * stored. `entrySha256`: the hash for the entries (the app gives WebCrypto's).
 */
export async function writePackage(
  header: PackageHeader,
  content: Partial<PackageContent>,
  signer: Signer & { kid: string },
  { entrySha256 }: { entrySha256?: EntrySha256 } = {},
): Promise<Uint8Array> {
  const { files, hashes } = await packageEntries(content, entrySha256);
  const paths = [...files.keys()].sort();
  const manifest = await signDocument(
    {
      v: 1 as const,
      kind: 'kaodian.package' as const,
      id: header.id,
      createdAt: header.createdAt,
      by: header.by,
      kid: signer.kid,
      site: header.site,
      entries: paths.map((path) => ({ path, sha256: hashes.get(path)!, size: files.get(path)!.length })),
    },
    signer,
  );
  const zippable: Zippable = { [manifestPath]: [canonicalBytes(manifest), { level: 6, mtime: fixedZipTime }] };
  for (const path of paths) {
    zippable[path] = [files.get(path)!, { level: path.startsWith('attachments/') ? 0 : 6, mtime: fixedZipTime }];
  }
  return zipSync(zippable);
}

export interface OpenedPackage {
  manifest: Manifest;
  /** Reads a listed entry, checking its size and hash against the manifest. */
  read(path: string): Promise<Uint8Array>;
  /** Certs in the package that verify under the authority key (and count for this holder), by device kid. */
  certs: Map<string, EnrollReply>;
}

/** A listed entry as the inflater gets it: where it is in the zip, and what the manifest says of it. */
export interface ListedEntry {
  path: string;
  zip: ZipEntry;
  sha256: string;
  size: number;
}

/**
 * Inflates listed entries and checks each against its listed size and hash (`hash_mismatch`), in
 * order. The authority runs this in a worker pool (authority/inflatePool.ts) so that no package
 * holds up its event loop; the app runs it in place (`inflateInPlace`).
 */
export type InflateEntries = (entries: readonly ListedEntry[]) => Promise<Uint8Array[]>;

export function inflateInPlace(
  source: RandomAccessSource,
  sha256?: Sha256Implementation,
  entrySha256?: EntrySha256,
): InflateEntries {
  return async (entries) => {
    const out: Uint8Array[] = [];
    for (const entry of entries) out.push(await inflateListedEntry(source, entry, sha256, entrySha256));
    return out;
  };
}

/** One listed entry, inflated no further than its listed size and checked against its hash. */
export async function inflateListedEntry(
  source: RandomAccessSource,
  entry: ListedEntry,
  sha256?: Sha256Implementation,
  entrySha256?: EntrySha256,
): Promise<Uint8Array> {
  const bytes = await readZipEntry(source, entry.zip);
  const hash = entrySha256 ? await entrySha256(bytes) : sha256Hex(bytes, sha256);
  if (bytes.length !== entry.size || hash !== entry.sha256)
    throw new WireError('hash_mismatch', `${entry.path}: content does not match the manifest`);
  if (entry.path.startsWith('attachments/') && entry.path.slice('attachments/'.length) !== entry.sha256)
    throw new WireError('hash_mismatch', `${entry.path}: name is not the content's hash`);
  return bytes;
}

export interface OpenOptions {
  /** The pinned authority key: certs and authority-packed manifests verify under it. */
  authorityPublicKey: Uint8Array;
  /** The authority id, so a package it packed itself is recognised. */
  authorityId?: string;
  verify: VerifySignature;
  /** Keys the verifier already knows (an authority's enrolled devices), with their revocations. */
  keys?: KeyResolver;
  /**
   * The authority itself: a cert in the package counts only for a key it holds unrevoked (its own
   * records are the truth of revocation); a site counts every cert its authority signed.
   */
  certsMustBeKnown?: boolean;
  /** Revocations the holder learnt from plans (FORMATS.md §6), over `keys` and the package's certs. */
  revocations?: readonly { kid: string; at: string }[];
  limits?: PackageLimits;
  /** The inflater for the plain package's bytes (the authority's worker pool); in place otherwise. */
  inflateFor?: (plain: Uint8Array) => InflateEntries;
  /** This holder's seal keys (FORMATS.md §5a); without them a sealed package is `not_recipient`. */
  seal?: { identities: readonly SealIdentity[]; crypto: SealCrypto };
  /** The hash to check entries and chains with; the pure-JS one unless given (the authority gives node:crypto's). */
  sha256?: Sha256Implementation;
  /** An asynchronous hash for the entries in place of `sha256` (the app gives WebCrypto's). */
  entrySha256?: EntrySha256;
}

/** The largest manifest (20,000 entries of about 150 bytes) and cert a package may carry. */
export const maxManifestBytes = 4 * 1024 * 1024;
const maxCertBytes = 64 * 1024;
/** Entries are inflated in groups of at most this many listed bytes (one worker task each). */
const inflateGroupBytes = 64 * 1024 * 1024;

function parseJsonEntry(bytes: Uint8Array): unknown {
  return parseStrictJson(bytes);
}

/**
 * Every check that rejects the whole package (FORMATS.md §5), in the order the format gives:
 * the zip's directory and limits, the manifest and its paths, the packer's key, the manifest's
 * signature — and only then is anything else inflated, each entry no further than its listed size.
 */
export async function openPackage(given: RandomAccessSource, options: OpenOptions): Promise<OpenedPackage> {
  const limits = options.limits ?? packageLimits;
  if (given.size > limits.maxFileBytes)
    throw new WireError('too_large', `the file is ${given.size} bytes, over ${limits.maxFileBytes}`);
  const sealed = isSealed(await given.read(0, sealMagic.length))
    ? await openSealed(await given.read(0, given.size), options)
    : undefined;
  const plainBytes = sealed?.plain ?? given.bytes;
  const source = sealed ? bytesSource(sealed.plain) : given;
  const zipEntries = await readCentralDirectory(source, limits);
  const byName = new Map<string, ZipEntry>();
  for (const entry of zipEntries) {
    if (entry.name !== manifestPath && !packagePathPattern.test(entry.name))
      throw new WireError('unsafe_path', `unsafe or unknown path: ${JSON.stringify(entry.name).slice(0, 120)}`);
    byName.set(entry.name, entry);
  }
  const manifestEntry = byName.get(manifestPath);
  if (!manifestEntry) throw new WireError('missing_entry', 'manifest.json is missing');
  if (manifestEntry.size > maxManifestBytes)
    throw new WireError('too_large', `manifest.json is ${manifestEntry.size} bytes, over ${maxManifestBytes}`);
  const manifest = parseDocument(manifestSchema, parseJsonEntry(await readZipEntry(source, manifestEntry)), 'manifest');
  if (
    sealed &&
    (manifest.id !== sealed.header.id || manifest.by !== sealed.header.by || manifest.kid !== sealed.header.kid)
  )
    throw new WireError('bad_seal', 'the sealed header and the package inside name different packages or packers');

  const listed = new Map<string, ListedEntry>();
  for (const entry of manifest.entries) {
    if (!packagePathPattern.test(entry.path))
      throw new WireError('unsafe_path', `manifest lists an unsafe path: ${entry.path.slice(0, 120)}`);
    if (listed.has(entry.path)) throw new WireError('bad_schema', `manifest lists ${entry.path} twice`);
    const zip = byName.get(entry.path);
    if (!zip) throw new WireError('missing_entry', `${entry.path} is listed but missing`);
    if (zip.size !== entry.size)
      throw new WireError('hash_mismatch', `${entry.path}: size ${zip.size}, manifest says ${entry.size}`);
    listed.set(entry.path, { path: entry.path, zip, sha256: entry.sha256, size: entry.size });
  }
  for (const name of byName.keys()) {
    if (name !== manifestPath && !listed.has(name))
      throw new WireError('unlisted_entry', `${name} is not in the manifest`);
  }

  // Who packed it, before anything it carries is opened.
  const knownKey = withRevocations(options.keys ?? (() => undefined), options.revocations ?? []);
  /** A cert entry's cert, or undefined when it does not verify under the authority key (it adds no key then). */
  const certIn = async (path: string, bytes: Uint8Array): Promise<EnrollReply | undefined> => {
    try {
      const cert = await verifyEnrollReply(parseJsonEntry(bytes), options.verify, options.authorityPublicKey);
      return path === `certs/${cert.deviceKid}.json` ? cert : undefined;
    } catch (error) {
      if (!isWireError(error)) throw error;
      return undefined; // What the cert was meant to vouch for fails as unknown_key.
    }
  };
  const packerKey = await packerKeyOf(manifest, options, knownKey, async () => {
    const entry = listed.get(`certs/${manifest.kid}.json`);
    if (!entry || options.certsMustBeKnown) return undefined;
    if (entry.size > maxCertBytes) throw new WireError('too_large', `${entry.path}: ${entry.size} bytes is not a cert`);
    return certIn(entry.path, await inflateListedEntry(source, entry));
  });
  if (!(await verifyDocument(manifest, packerKey, options.verify)))
    throw new WireError('bad_signature', 'the manifest signature does not verify');

  // Now every listed entry is inflated and its hash checked before anything in it is trusted;
  // JSON entries are kept (up to a budget) so each is inflated once.
  const inflate =
    options.inflateFor && plainBytes
      ? options.inflateFor(plainBytes)
      : inflateInPlace(source, options.sha256, options.entrySha256);
  const kept = new Map<string, Uint8Array>();
  let keptBytes = 0;
  const all = [...listed.values()];
  for (let i = 0; i < all.length;) {
    const group: ListedEntry[] = [];
    let groupBytes = 0;
    while (i < all.length && (group.length === 0 || groupBytes + all[i]!.size <= inflateGroupBytes)) {
      groupBytes += all[i]!.size;
      group.push(all[i++]!);
    }
    const inflated = await inflate(group);
    group.forEach((entry, j) => {
      if (entry.path.startsWith('attachments/') || keptBytes + entry.size > keepBudgetBytes) return;
      kept.set(entry.path, inflated[j]!);
      keptBytes += entry.size;
    });
  }
  const read = async (path: string): Promise<Uint8Array> => {
    const entry = listed.get(path);
    if (!entry) throw new WireError('missing_entry', `${path} is not in the package`);
    return kept.get(path) ?? (await inflate([entry]))[0]!;
  };

  const certs = new Map<string, EnrollReply>();
  for (const entry of listed.values()) {
    if (!entry.path.startsWith('certs/')) continue;
    const cert = await certIn(entry.path, await read(entry.path));
    if (!cert) continue;
    const known = knownKey(cert.deviceKid);
    if (options.certsMustBeKnown && (!known || known.owner !== cert.device || known.revokedAt !== undefined)) continue;
    certs.set(cert.deviceKid, cert);
  }
  return { manifest, read, certs };
}

/**
 * A sealed package (FORMATS.md §5a), in the order the format gives: the header, who sealed it
 * (the packer's key as for a manifest, its cert in the header), the header's signature, this
 * holder among the recipients, then every chunk — the plain package only after the last one.
 */
async function openSealed(
  bytes: Uint8Array,
  options: OpenOptions,
): Promise<{ header: SealedHeader; plain: Uint8Array }> {
  const file = readSealedFile(bytes);
  const { header } = file;
  const packerKey = await packerKeyOf(
    header,
    options,
    withRevocations(options.keys ?? (() => undefined), options.revocations ?? []),
    async () => {
      if (!header.cert || options.certsMustBeKnown) return undefined;
      try {
        const cert = await verifyEnrollReply(header.cert, options.verify, options.authorityPublicKey);
        return cert.deviceKid === header.kid ? cert : undefined;
      } catch (error) {
        if (!isWireError(error)) throw error;
        return undefined;
      }
    },
  );
  await verifySealedHeader(file, packerKey, options.verify);
  if (!options.seal)
    throw new WireError('not_recipient', `the package sealed by ${header.by} is not addressed to this holder`, {
      by: header.by,
      site: header.site,
    });
  return { header, plain: await unsealPackage(file, options.seal.identities, options.seal.crypto) };
}

/**
 * The packer's public key (FORMATS.md §5): the authority's own, a key the holder knows (not
 * revoked when the package was made), or the key of the packer's cert in the package.
 */
async function packerKeyOf(
  manifest: Pick<Manifest, 'kid' | 'by' | 'createdAt'>,
  options: OpenOptions,
  knownKey: KeyResolver,
  packerCert: () => Promise<EnrollReply | undefined>,
): Promise<Uint8Array> {
  if (manifest.kid === kidOf(options.authorityPublicKey)) return options.authorityPublicKey;
  const known = knownKey(manifest.kid);
  if (known) {
    if (known.owner !== manifest.by)
      throw new WireError('unknown_key', `the packer's key ${manifest.kid} is not enrolled for ${manifest.by}`);
    if (revokedFor(known, Date.parse(manifest.createdAt)))
      throw new WireError('revoked_key', `the packer's key ${manifest.kid} is revoked`, { device: manifest.by });
    return known.publicKey;
  }
  const cert = await packerCert();
  if (cert && cert.device === manifest.by) {
    const key = withRevocations(resolverFromKeys([keyFromCert(cert)]), options.revocations ?? [])(cert.deviceKid)!;
    if (revokedFor(key, Date.parse(manifest.createdAt)))
      throw new WireError('revoked_key', `the packer's key ${manifest.kid} is revoked`, { device: manifest.by });
    return key.publicKey;
  }
  throw new WireError('unknown_key', `the packer's key ${manifest.kid} is not known`);
}

export interface BatchResult {
  path: string;
  device: string;
  from: number;
  to: number;
  status: 'valid' | 'rejected';
  error?: WireErrorCode;
  message?: string;
  verified?: VerifiedBatch;
}

export interface ItemResult<T> {
  path: string;
  status: 'valid' | 'rejected';
  error?: WireErrorCode;
  value?: T;
}

export interface PackageVerification {
  manifest: Manifest;
  /** Reads a listed entry again (hash-checked), e.g. an attachment to store. */
  read(path: string): Promise<Uint8Array>;
  batches: BatchResult[];
  receipts: ItemResult<Receipt>[];
  plans: ItemResult<Plan>[];
  certs: EnrollReply[];
  attachments: string[];
}

function batchCoordinates(path: string): { device: string; from: number; to: number } {
  const match = /^batches\/([0-9a-f-]{36})_([0-9]+)-([0-9]+)\.json$/.exec(path)!;
  return { device: match[1]!, from: Number(match[2]), to: Number(match[3]) };
}

/**
 * Opens the package (whole-package faults throw) and judges each batch, receipt and plan on its
 * own. Batch keys come from the package's certs and from `options.keys`; revocation from the latter.
 */
export async function verifyPackage(source: RandomAccessSource, options: OpenOptions): Promise<PackageVerification> {
  const opened = await openPackage(source, options);
  const certKeys: KnownKey[] = [...opened.certs.values()].map(keyFromCert);
  // What the verifier knows first, then the package's certs; revocations over both.
  const keys = withRevocations(
    combineResolvers(options.keys ?? (() => undefined), resolverFromKeys(certKeys)),
    options.revocations ?? [],
  );
  const result: PackageVerification = {
    manifest: opened.manifest,
    read: opened.read,
    batches: [],
    receipts: [],
    plans: [],
    certs: [...opened.certs.values()],
    attachments: [],
  };

  for (const { path } of opened.manifest.entries) {
    if (path.startsWith('batches/')) {
      const coordinates = batchCoordinates(path);
      try {
        const bytes = await opened.read(path);
        const { value, texts } = parseStrictJsonWithTexts(bytes, eventTextDepth);
        const verified = await verifyBatch(value, keys, options.verify, { bytes, texts }, options.sha256);
        const { device, from, to } = verified.batch;
        if (device !== coordinates.device || from !== coordinates.from || to !== coordinates.to) {
          throw new WireError('bad_schema', `${path}: the name does not match the batch inside`);
        }
        result.batches.push({ path, ...coordinates, status: 'valid', verified });
      } catch (error) {
        if (!isWireError(error)) throw error;
        result.batches.push({ path, ...coordinates, status: 'rejected', error: error.code, message: error.message });
      }
    } else if (path.startsWith('receipts/')) {
      result.receipts.push(
        await judge(path, async () =>
          verifyReceipt(parseJsonEntry(await opened.read(path)), options.authorityPublicKey, options.verify),
        ),
      );
    } else if (path.startsWith('plans/')) {
      result.plans.push(
        await judge(path, async () =>
          verifyPlan(parseJsonEntry(await opened.read(path)), options.authorityPublicKey, options.verify),
        ),
      );
    } else if (path.startsWith('attachments/')) {
      result.attachments.push(path.slice('attachments/'.length));
    }
  }
  return result;
}

async function judge<T>(path: string, fn: () => Promise<T>): Promise<ItemResult<T>> {
  try {
    return { path, status: 'valid', value: await fn() };
  } catch (error) {
    if (!isWireError(error)) throw error;
    return { path, status: 'rejected', error: error.code };
  }
}

/** A plan is accepted only under the pinned authority key (FORMATS.md §6). */
export async function verifyPlan(
  value: unknown,
  authorityPublicKey: Uint8Array,
  verify: VerifySignature,
): Promise<Plan> {
  const plan = parseDocument(planSchema, value, 'plan');
  if (plan.kid !== kidOf(authorityPublicKey))
    throw new WireError('unknown_key', 'plan: not signed by the pinned authority key');
  if (!(await verifyDocument(plan, authorityPublicKey, verify)))
    throw new WireError('bad_signature', 'plan: signature does not verify');
  return plan;
}
