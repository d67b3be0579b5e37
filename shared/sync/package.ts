/**
 * Packages (FORMATS.md §5): the .kdpkg file carried on USB. `writePackage` makes one
 * deterministically (same content → same bytes); `openPackage` checks everything that rejects a
 * whole package; `verifyPackage` then judges each batch on its own.
 */
import { concatBytes } from '@noble/hashes/utils.js';
import { zipSync, type Zippable } from 'fflate';
import { canonicalBytes } from '../ledger/canonical';
import { WireError, isWireError, type WireErrorCode } from '../ledger/errors';
import { sha256Hex } from '../ledger/hash';
import { decodePublicKey, kidOf, signDocument, verifyDocument, type Signer, type VerifySignature } from '../ledger/signing';
import { parseStrictJson, parseStrictJsonWithTexts } from '../ledger/strictJson';
import { batchPath, eventTextDepth, verifyBatch, type SignedBatch, type VerifiedBatch } from './batch';
import { verifyEnrollReply } from './enrollment';
import { combineResolvers, keyFromCert, resolverFromKeys, type KeyResolver, type KnownKey } from './keys';
import { verifyReceipt } from './receipt';
import { manifestSchema, packagePathPattern, parseDocument, planSchema, type Batch, type EnrollReply, type Manifest, type Plan, type Receipt } from './schemas';
import { packageLimits, readCentralDirectory, readZipEntry, type PackageLimits, type RandomAccessSource, type ZipEntry } from './zipReader';

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

export function packageEntryBytes(content: Partial<PackageContent>): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const add = (path: string, bytes: Uint8Array) => {
    if (!packagePathPattern.test(path)) throw new Error(`not a package path: ${path}`);
    if (files.has(path)) return;
    files.set(path, bytes);
  };
  for (const { batch, body } of content.signedBatches ?? []) add(batchPath(batch), concatBytes(...body));
  for (const batch of content.batches ?? []) add(batchPath(batch), canonicalBytes(batch));
  for (const bytes of content.attachments ?? []) add(`attachments/${sha256Hex(bytes)}`, bytes);
  for (const receipt of content.receipts ?? []) add(`receipts/${receipt.device}.json`, canonicalBytes(receipt));
  for (const plan of content.plans ?? []) add(`plans/${plan.id}.json`, canonicalBytes(plan));
  for (const cert of content.certs ?? []) add(`certs/${cert.deviceKid}.json`, canonicalBytes(cert));
  return files;
}

/** Writes a package: manifest first, then the entries in path order; JSON deflated, attachments stored. */
export async function writePackage(header: PackageHeader, content: Partial<PackageContent>, signer: Signer & { kid: string }): Promise<Uint8Array> {
  const files = packageEntryBytes(content);
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
      entries: paths.map((path) => ({ path, sha256: sha256Hex(files.get(path)!), size: files.get(path)!.length })),
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
  /** Certs in the package that verify under the authority key, by device kid. */
  certs: Map<string, EnrollReply>;
}

export interface OpenOptions {
  /** The pinned authority key: certs and authority-packed manifests verify under it. */
  authorityPublicKey: Uint8Array;
  /** The authority id, so a package it packed itself is recognised. */
  authorityId?: string;
  verify: VerifySignature;
  /** Keys the verifier already knows (an authority's enrolled devices). */
  keys?: KeyResolver;
  limits?: PackageLimits;
}

function parseJsonEntry(bytes: Uint8Array): unknown {
  return parseStrictJson(bytes);
}

/** Every check that rejects the whole package (FORMATS.md §5), in the order the format gives. */
export async function openPackage(source: RandomAccessSource, options: OpenOptions): Promise<OpenedPackage> {
  const limits = options.limits ?? packageLimits;
  const zipEntries = await readCentralDirectory(source, limits);
  const byName = new Map<string, ZipEntry>();
  for (const entry of zipEntries) {
    if (entry.name !== manifestPath && !packagePathPattern.test(entry.name)) throw new WireError('unsafe_path', `unsafe or unknown path: ${JSON.stringify(entry.name).slice(0, 120)}`);
    byName.set(entry.name, entry);
  }
  const manifestEntry = byName.get(manifestPath);
  if (!manifestEntry) throw new WireError('missing_entry', 'manifest.json is missing');
  const manifest = parseDocument(manifestSchema, parseJsonEntry(await readZipEntry(source, manifestEntry)), 'manifest');

  const listed = new Map<string, Manifest['entries'][number]>();
  for (const entry of manifest.entries) {
    if (!packagePathPattern.test(entry.path)) throw new WireError('unsafe_path', `manifest lists an unsafe path: ${entry.path.slice(0, 120)}`);
    if (listed.has(entry.path)) throw new WireError('bad_schema', `manifest lists ${entry.path} twice`);
    listed.set(entry.path, entry);
  }
  for (const name of byName.keys()) {
    if (name !== manifestPath && !listed.has(name)) throw new WireError('unlisted_entry', `${name} is not in the manifest`);
  }
  for (const entry of manifest.entries) {
    const zipEntry = byName.get(entry.path);
    if (!zipEntry) throw new WireError('missing_entry', `${entry.path} is listed but missing`);
    if (zipEntry.size !== entry.size) throw new WireError('hash_mismatch', `${entry.path}: size ${zipEntry.size}, manifest says ${entry.size}`);
  }

  // JSON entries read during the hash check are kept (up to a budget) so each is inflated once.
  const kept = new Map<string, Uint8Array>();
  let keptBytes = 0;
  const read = async (path: string): Promise<Uint8Array> => {
    const cached = kept.get(path);
    if (cached) return cached;
    const entry = listed.get(path);
    const zipEntry = byName.get(path);
    if (!entry || !zipEntry) throw new WireError('missing_entry', `${path} is not in the package`);
    const bytes = await readZipEntry(source, zipEntry);
    if (bytes.length !== entry.size || sha256Hex(bytes) !== entry.sha256) throw new WireError('hash_mismatch', `${path}: content does not match the manifest`);
    if (path.startsWith('attachments/') && path.slice('attachments/'.length) !== entry.sha256) throw new WireError('hash_mismatch', `${path}: name is not the content's hash`);
    return bytes;
  };

  // Every listed entry's hash is checked before anything in it is trusted.
  const certs = new Map<string, EnrollReply>();
  for (const entry of manifest.entries) {
    const bytes = await read(entry.path);
    if (!entry.path.startsWith('attachments/') && keptBytes + bytes.length <= keepBudgetBytes) {
      kept.set(entry.path, bytes);
      keptBytes += bytes.length;
    }
    if (!entry.path.startsWith('certs/')) continue;
    try {
      const cert = await verifyEnrollReply(parseJsonEntry(bytes), options.verify, options.authorityPublicKey);
      if (`certs/${cert.deviceKid}.json` === entry.path) certs.set(cert.deviceKid, cert);
    } catch (error) {
      if (!isWireError(error)) throw error;
      // An untrusted cert adds no key; whatever it was meant to vouch for fails as unknown_key.
    }
  }

  const authorityKid = kidOf(options.authorityPublicKey);
  let packerKey: Uint8Array | undefined;
  if (manifest.kid === authorityKid) packerKey = options.authorityPublicKey;
  else {
    const cert = certs.get(manifest.kid);
    const known = options.keys?.(manifest.kid);
    if (cert && cert.device === manifest.by) packerKey = decodePublicKey(cert.devicePub);
    else if (known && known.owner === manifest.by && !known.revoked) packerKey = known.publicKey;
  }
  if (!packerKey) throw new WireError('unknown_key', `the packer's key ${manifest.kid} is not known`);
  if (!(await verifyDocument(manifest, packerKey, options.verify))) throw new WireError('bad_signature', 'the manifest signature does not verify');

  return { manifest, read, certs };
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
  // What the verifier knows first: it is the only source of revocation.
  const keys = combineResolvers(options.keys ?? (() => undefined), resolverFromKeys(certKeys));
  const result: PackageVerification = { manifest: opened.manifest, read: opened.read, batches: [], receipts: [], plans: [], certs: [...opened.certs.values()], attachments: [] };

  for (const { path } of opened.manifest.entries) {
    if (path.startsWith('batches/')) {
      const coordinates = batchCoordinates(path);
      try {
        const bytes = await opened.read(path);
        const { value, texts } = parseStrictJsonWithTexts(bytes, eventTextDepth);
        const verified = await verifyBatch(value, keys, options.verify, { bytes, texts });
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
      result.receipts.push(await judge(path, async () => verifyReceipt(parseJsonEntry(await opened.read(path)), options.authorityPublicKey, options.verify)));
    } else if (path.startsWith('plans/')) {
      result.plans.push(await judge(path, async () => verifyPlan(parseJsonEntry(await opened.read(path)), options.authorityPublicKey, options.verify)));
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
export async function verifyPlan(value: unknown, authorityPublicKey: Uint8Array, verify: VerifySignature): Promise<Plan> {
  const plan = parseDocument(planSchema, value, 'plan');
  if (plan.kid !== kidOf(authorityPublicKey)) throw new WireError('unknown_key', 'plan: not signed by the pinned authority key');
  if (!(await verifyDocument(plan, authorityPublicKey, verify))) throw new WireError('bad_signature', 'plan: signature does not verify');
  return plan;
}
