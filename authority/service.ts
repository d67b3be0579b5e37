/**
 * The authority's intake, as plain functions over the store and its key (the HTTP layer and the
 * command line both call these). FORMATS.md §5–8: acceptance judges the envelope, the chain and
 * the signatures, never the body; each event is accepted exactly once per (device, seq); a fork
 * or a rejected batch is quarantined with its reason, never dropped.
 */
import { randomInt } from 'node:crypto';
import { isEventType, parseBody } from '../shared/domain/events';
import { canonicalize } from '../shared/ledger/canonical';
import { WireError, isWireError, type WireErrorCode } from '../shared/ledger/errors';
import { sha256Hex } from '../shared/ledger/hash';
import { formatTime } from '../shared/ledger/ids';
import { decodePublicKey, encodePublicKey } from '../shared/ledger/signing';
import { verifyBatch, type BatchSource, type VerifiedBatch } from '../shared/sync/batch';
import { makeEnrollReply, verifyEnrollRequest } from '../shared/sync/enrollment';
import type { KeyResolver } from '../shared/sync/keys';
import { verifyPackage } from '../shared/sync/package';
import { makeReceipt } from '../shared/sync/receipt';
import type { EnrollReply, Receipt } from '../shared/sync/schemas';
import { bytesSource } from '../shared/sync/zipReader';
import { nodeVerify } from '../tools/nodeCrypto';
import type { AuthorityIdentity } from './identity';
import type { Store } from './store';

export const codeLifetimeMs = 7 * 24 * 60 * 60 * 1000;
const codeAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export type BatchOutcome =
  | { status: 'accepted'; accepted: number; duplicate: number; receipt: Receipt }
  | { status: 'gap'; expected: number }
  | { status: 'fork'; seq: number };

export interface Service {
  identity: AuthorityIdentity;
  store: Store;
  now(): number;
}

export function createService(identity: AuthorityIdentity, store: Store, now: () => number = Date.now): Service {
  return { identity, store, now };
}

const time = (ms: number) => formatTime(ms, 480);

export function health(service: Service) {
  return { ok: true, authority: service.identity.id, kid: service.identity.signer.kid, pub: encodePublicKey(service.identity.signer.publicKey), time: time(service.now()) };
}

export function newEnrollCode(service: Service, site: string): string {
  const code = Array.from({ length: 8 }, (_, i) => (i === 4 ? '-' : '') + codeAlphabet[randomInt(codeAlphabet.length)]).join('');
  const now = service.now();
  service.store.insertCode.run(code, site, now, now + codeLifetimeMs);
  return code;
}

/** Enrols a device: proof of possession, then a one-time code for its site. A retry by the same key gets the same cert. */
export async function enroll(service: Service, value: unknown): Promise<EnrollReply> {
  const request = await verifyEnrollRequest(value, nodeVerify);
  const { store } = service;
  const code = store.getCode.get(request.code);
  if (!code || code.site !== request.site) throw new WireError('bad_code', 'this enrolment code is not known for this site');
  const existing = store.getKey.get(request.kid);
  if (code.used_at !== null) {
    if (existing && existing.device === request.device) return JSON.parse(existing.cert) as EnrollReply;
    throw new WireError('used_code', 'this enrolment code has been used');
  }
  if (code.expires_at < service.now()) throw new WireError('expired_code', 'this enrolment code has expired');
  const reply = await makeEnrollReply(request, { id: service.identity.id, signer: service.identity.signer }, time(service.now()));
  store.transaction(() => {
    store.useCode.run(service.now(), request.device, request.code);
    holdCert(service, reply, request.name);
  });
  return reply;
}

/** Keeps a device key this authority certified: the device (by name) and the key with its cert. */
function holdCert(service: Service, cert: EnrollReply, name: string): void {
  service.store.upsertDevice.run(cert.device, cert.site, name, service.now());
  service.store.insertKey.run(cert.deviceKid, cert.device, cert.devicePub, canonicalize(cert));
}

/**
 * Takes in device keys whose certs this authority already signed, without a one-time code: for
 * tests, benchmarks and load runs that make their certs directly (enrolment proper is `enroll`).
 */
export function holdCerts(service: Service, certs: readonly EnrollReply[], name: string): void {
  service.store.transaction(() => {
    for (const cert of certs) holdCert(service, cert, name);
  });
}

/** Enrolment keys as the verifier sees them: owner device, public key, revocation. */
export function keyResolver(service: Service): KeyResolver {
  return (kid) => {
    const row = service.store.getKey.get(kid);
    return row ? { kid, owner: row.device, publicKey: decodePublicKey(row.pub)!, revoked: row.revoked_at !== null } : undefined;
  };
}

function quarantine(service: Service, device: string | undefined, reason: WireErrorCode | string, detail: string, body?: Uint8Array): void {
  service.store.quarantine.run(service.now(), device ?? null, reason, detail, body ? Buffer.from(body) : null);
}

/** The signed receipt for a device's events 1..through; the same one every time it is asked for. */
export async function receiptFor(service: Service, device: string): Promise<Receipt> {
  const head = service.store.head.get(device);
  if (!head) throw new WireError('unknown_device', 'no events are held for this device');
  const held = service.store.getReceipt.get(device, head.seq);
  if (held) return JSON.parse(held.receipt) as Receipt;
  const receipt = await makeReceipt({ authority: service.identity.id, device, through: head.seq, head: head.hash, at: time(service.now()) }, service.identity.signer);
  service.store.putReceipt.run(device, head.seq, canonicalize(receipt));
  return receipt;
}

function bodyFlag(type: string, body: unknown): string | null {
  if (!isEventType(type)) return 'unknown_type';
  return parseBody(type, body) === undefined ? 'bad_body' : null;
}

/** Stores a verified batch's new events in one durable transaction: gap, fork, or accepted. */
export async function storeVerifiedBatch(service: Service, { batch, hashes, texts }: VerifiedBatch, raw?: Uint8Array): Promise<BatchOutcome> {
  const { store } = service;
  const now = service.now();
  const outcome = store.transaction((): { status: 'gap'; expected: number } | { status: 'fork'; seq: number } | { status: 'stored'; accepted: number; duplicate: number } => {
    const held = store.head.get(batch.device)?.seq ?? 0;
    if (batch.from > held + 1) return { status: 'gap', expected: held + 1 };
    const overlapTo = Math.min(batch.to, held);
    if (overlapTo >= batch.from) {
      for (const row of store.hashesBetween.all(batch.device, batch.from, overlapTo)) {
        if (row.hash !== hashes[row.seq - batch.from]) return { status: 'fork', seq: row.seq };
      }
    }
    let accepted = 0;
    batch.events.forEach((event, i) => {
      if (event.seq <= held) return;
      store.insertEvent.run(event.device, event.seq, hashes[i], event.hlc, event.type, texts[i], bodyFlag(event.type, event.body), now);
      accepted += 1;
    });
    store.touchDevice.run(now, batch.device);
    return { status: 'stored', accepted, duplicate: batch.events.length - accepted };
  });
  if (outcome.status === 'fork') {
    quarantine(service, batch.device, 'fork', `seq ${outcome.seq} differs from the event held (batch ${batch.from}–${batch.to})`, raw ?? Buffer.from(canonicalize(batch)));
    return outcome;
  }
  if (outcome.status === 'gap') return outcome;
  return { status: 'accepted', accepted: outcome.accepted, duplicate: outcome.duplicate, receipt: await receiptFor(service, batch.device) };
}

/**
 * POST /v1/batches: verify, then store. A batch that fails verification is quarantined (with the
 * bytes it came as, when given) and rethrown. `source`: the bytes and the parser's texts (verifyBatch).
 */
export async function acceptBatch(service: Service, value: unknown, source?: BatchSource): Promise<BatchOutcome> {
  let verified: VerifiedBatch;
  try {
    verified = await verifyBatch(value, keyResolver(service), nodeVerify, source);
  } catch (error) {
    if (isWireError(error)) quarantine(service, (value as { device?: string } | null)?.device, error.code, error.message, source?.bytes);
    throw error;
  }
  return storeVerifiedBatch(service, verified, source?.bytes);
}

export interface PackageBatchResult {
  device: string;
  from: number;
  to: number;
  status: 'accepted' | 'duplicate' | 'rejected';
  error?: WireErrorCode;
}

/** POST /v1/packages and `authority import`: the same code path. Whole-package faults throw. */
export async function acceptPackage(service: Service, bytes: Uint8Array): Promise<{ batches: PackageBatchResult[]; receipts: Receipt[] }> {
  let result;
  try {
    result = await verifyPackage(bytesSource(bytes), { authorityPublicKey: service.identity.signer.publicKey, authorityId: service.identity.id, verify: nodeVerify, keys: keyResolver(service) });
  } catch (error) {
    if (isWireError(error)) quarantine(service, undefined, error.code, `package: ${error.message}`, bytes.length <= 64 * 1024 * 1024 ? bytes : undefined);
    throw error;
  }
  for (const hash of result.attachments) service.store.putAttachment.run(hash, Buffer.from(await result.read(`attachments/${hash}`)), service.now());
  const batches: PackageBatchResult[] = [];
  const touched = new Set<string>();
  // In seq order per device, so a package holding consecutive batches is accepted whole.
  const ordered = [...result.batches].sort((a, b) => (a.device === b.device ? a.from - b.from : a.device < b.device ? -1 : 1));
  for (const item of ordered) {
    const base = { device: item.device, from: item.from, to: item.to };
    if (item.status === 'rejected' || !item.verified) {
      quarantine(service, item.device, item.error ?? 'bad_schema', `${item.path}: ${item.message ?? ''}`);
      batches.push({ ...base, status: 'rejected', error: item.error });
      continue;
    }
    const outcome = await storeVerifiedBatch(service, item.verified);
    if (outcome.status === 'accepted') {
      touched.add(item.device);
      batches.push({ ...base, status: outcome.accepted > 0 ? 'accepted' : 'duplicate' });
    } else batches.push({ ...base, status: 'rejected', error: outcome.status });
  }
  const receipts = await Promise.all([...touched].map((device) => receiptFor(service, device)));
  return { batches, receipts };
}

export function putAttachment(service: Service, hash: string, bytes: Uint8Array): 'created' | 'held' {
  if (sha256Hex(bytes) !== hash) throw new WireError('hash_mismatch', 'the bytes do not hash to the address');
  if (service.store.hasAttachment.get(hash)) return 'held';
  service.store.putAttachment.run(hash, Buffer.from(bytes), service.now());
  return 'created';
}

export function revokeDevice(service: Service, device: string): number {
  return service.store.revokeDevice.run(service.now(), device).changes;
}
