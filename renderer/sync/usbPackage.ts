/**
 * USB packages from the app: export everything the authority has not acknowledged (this
 * device's events as new signed batches, other devices' batches as they came, certs,
 * attachments), and import a package (other devices' batches, receipts, plans, attachments).
 */
import { attachmentHashes } from '../../shared/domain/events';
import type { PackageManifestInfo } from '../features/print/documents';
import { formatTime, localOffsetMinutes, uuidV4 } from '../../shared/ledger/ids';
import { decodePublicKey } from '../../shared/ledger/signing';
import type { SignedBatch } from '../../shared/sync/batch';
import { verifyPackage, writePackage, type PackageVerification } from '../../shared/sync/package';
import { maxBatchEvents, type Batch, type EnrollReply, type Plan } from '../../shared/sync/schemas';
import { bytesSource, type RandomAccessSource } from '../../shared/sync/zipReader';
import { webCryptoEntrySha256, webCryptoVerify, webSealCrypto } from '../crypto/webCrypto';
import { chunkCount, sealKidOf, sealPackage } from '../../shared/sync/seal';
import type { SiteState } from '../../shared/state/project';
import { loadAttachment, storeAttachment } from '../db/attachments';
import { currentDeviceSigner, deviceSealIdentity, loadIdentity } from '../db/identity';
import type { Ledger } from '../db/ledger';
import type { Enrollment } from '../db/settings';
import {
  acceptBatches,
  allCerts,
  certResolver,
  signedBatchOf,
  saveCerts,
  saveReceipt,
  storedBatchesFrom,
  unacknowledged,
  type BatchJudgement,
} from '../db/sync';

export type Progress = (done: number, total: number) => void;

export interface ExportResult {
  bytes: Uint8Array<ArrayBuffer>;
  id: string;
  batches: number;
  events: number;
  through: Record<string, number>;
  /** What the printed 同步包清单 lists. */
  manifest: PackageManifestInfo;
}

export interface SealRecipient {
  kid: string;
  /** For the printed 同步包清单: 鉴定机构 …, 本机 …, 设备 …. */
  name: string;
  publicKey: Uint8Array;
}

/**
 * Whom this device seals its packages to (FORMATS.md §5a): the authority, itself, and every
 * device of its site it knows — from the certs packages brought and the devices plans list.
 */
export async function sealRecipients(
  device: string,
  site: string,
  enrollment: Enrollment,
  siteDevices: SiteState['siteDevices'],
): Promise<SealRecipient[]> {
  const own = deviceSealIdentity(await loadIdentity());
  const others = new Map<string, string>();
  for (const cert of await allCerts())
    if (cert.site === site && cert.device !== device) others.set(cert.deviceSealPub, cert.device);
  for (const entry of Object.values(siteDevices)) if (entry.device !== device) others.set(entry.sealPub, entry.device);
  const candidates: { name: string; publicKey: Uint8Array | undefined }[] = [
    { name: `鉴定机构 ${enrollment.authority}`, publicKey: decodePublicKey(enrollment.cert.authoritySealPub) },
    { name: `本机 ${device.slice(0, 8)}`, publicKey: own.publicKey },
    ...[...others].map(([sealPub, other]) => ({
      name: `设备 ${other.slice(0, 8)}`,
      publicKey: decodePublicKey(sealPub),
    })),
  ];
  const recipients = new Map<string, SealRecipient>();
  for (const { name, publicKey } of candidates) {
    if (!publicKey) continue;
    const kid = sealKidOf(publicKey);
    if (!recipients.has(kid)) recipients.set(kid, { kid, name, publicKey });
  }
  return [...recipients.values()];
}

export interface ExportOptions {
  progress?: Progress;
  /** The site's devices as its plans list them: sealed to as well. */
  siteDevices?: SiteState['siteDevices'];
}

export async function buildExport(
  device: string,
  site: string,
  enrollment: Enrollment,
  { progress = () => {}, siteDevices = {} }: ExportOptions = {},
): Promise<ExportResult> {
  const signer = await currentDeviceSigner();
  const pending = await unacknowledged(device);
  const signed: SignedBatch[] = [];
  const relayed: Batch[] = [];
  const total = pending.reduce((n, p) => n + (p.own ? Math.ceil((p.to - p.from + 1) / maxBatchEvents) : 1), 0) + 1;
  let step = 0;
  for (const part of pending) {
    if (part.own) {
      for (let from = part.from; from <= part.to; from += maxBatchEvents) {
        signed.push(await signedBatchOf(device, from, Math.min(part.to, from + maxBatchEvents - 1), signer));
        progress(++step, total);
      }
    } else {
      relayed.push(...(await storedBatchesFrom(part.device, part.from)));
      progress(++step, total);
    }
  }
  const batches = [...signed.map((s) => s.batch), ...relayed];
  const attachments: Uint8Array[] = [];
  for (const hash of attachmentHashes(batches.flatMap((b) => b.events))) {
    const row = await loadAttachment(hash);
    if (row) attachments.push(row.bytes);
  }
  const carried = new Set(batches.map((b) => b.device));
  const certs: EnrollReply[] = [
    enrollment.cert,
    ...(await allCerts()).filter((c) => carried.has(c.device) && c.deviceKid !== enrollment.cert.deviceKid),
  ];
  const now = Date.now();
  const id = uuidV4();
  const createdAt = formatTime(now, localOffsetMinutes(now));
  const plain = await writePackage(
    { id, createdAt, by: device, site },
    { signedBatches: signed, batches: relayed, attachments, certs },
    signer,
    { entrySha256: webCryptoEntrySha256 },
  );
  // Sealed before it leaves the laptop: a lost stick shows no name, ID number or photo.
  const recipients = await sealRecipients(device, site, enrollment, siteDevices);
  const sealSteps = chunkCount(plain.length);
  const bytes = await sealPackage(
    plain,
    { id, createdAt, by: device, site },
    {
      signer,
      cert: enrollment.cert,
      recipients: recipients.map((r) => r.publicKey),
      crypto: webSealCrypto,
      onProgress: (done) => progress(step + done, step + sealSteps + 1),
    },
  );
  // Read back before it is handed out: the package must open (as this device) and every batch verify.
  const check = await verifyPackage(bytesSource(bytes), {
    authorityPublicKey: decodePublicKey(enrollment.authorityPub)!,
    authorityId: enrollment.authority,
    verify: webCryptoVerify,
    keys: await certResolver(),
    seal: { identities: [deviceSealIdentity(await loadIdentity())], crypto: webSealCrypto },
    entrySha256: webCryptoEntrySha256,
  });
  const bad = check.batches.find((b) => b.status !== 'valid');
  if (bad) throw new Error(`the package did not verify after writing (${bad.path}: ${bad.error})`);
  progress(1, 1);
  const through = Object.fromEntries(pending.map((p) => [p.device, p.to]));
  const manifest: PackageManifestInfo = {
    id,
    createdAt,
    fileHash: await webCryptoEntrySha256(bytes),
    batches: batches.map((b) => ({ device: b.device, from: b.from, to: b.to, events: b.events.length, head: b.head })),
    attachments: attachments.length,
    sealedTo: recipients.map(({ kid, name }) => ({ kid, name })),
  };
  return {
    bytes: bytes as Uint8Array<ArrayBuffer>,
    id,
    batches: batches.length,
    events: batches.reduce((n, b) => n + b.events.length, 0),
    through,
    manifest,
  };
}

export function blobSource(blob: Blob): RandomAccessSource {
  return {
    size: blob.size,
    read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()),
  };
}

export interface ImportResult {
  verification: PackageVerification;
  batches: BatchJudgement[];
  receipts: number;
  plans: Plan[];
}

/**
 * Checks the package in FORMATS.md §5's order before opening it, then takes in what verifies:
 * batches as the one judge says (db/sync.ts), refusing what a key signed after the revocation
 * the site learnt from the authority's plans (FORMATS.md §6).
 */
export async function importPackage(
  source: RandomAccessSource,
  device: string,
  enrollment: Enrollment,
  ledger: Ledger,
): Promise<ImportResult> {
  const verification = await verifyPackage(source, {
    authorityPublicKey: decodePublicKey(enrollment.authorityPub)!,
    authorityId: enrollment.authority,
    verify: webCryptoVerify,
    keys: await certResolver(),
    revocations: Object.values(ledger.state().revocations),
    seal: { identities: [deviceSealIdentity(await loadIdentity())], crypto: webSealCrypto },
    entrySha256: webCryptoEntrySha256,
  });
  await saveCerts(verification.certs);
  const valid = verification.batches.filter((b) => b.status === 'valid').map((b) => b.verified!);
  const judged = await acceptBatches(device, valid, ledger);
  const rejectedBefore: BatchJudgement[] = verification.batches
    .filter((b) => b.status === 'rejected')
    .map((b) => ({ device: b.device, from: b.from, to: b.to, status: 'rejected', error: b.error, added: 0 }));
  for (const hash of verification.attachments) {
    const bytes = await verification.read(`attachments/${hash}`);
    await storeAttachment(bytes, sniffMimeType(bytes));
  }
  let receipts = 0;
  for (const item of verification.receipts) if (item.value && (await saveReceipt(item.value))) receipts += 1;
  return {
    verification,
    batches: [...judged, ...rejectedBefore],
    receipts,
    plans: verification.plans.flatMap((p) => (p.value ? [p.value] : [])),
  };
}

function sniffMimeType(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50) return 'image/png';
  return 'application/octet-stream';
}
