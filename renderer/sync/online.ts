/**
 * Online sync with the authority (FORMATS.md §8): connectivity by /v1/health (not only
 * navigator.onLine), batches in seq order, then the photos they name; a gap is answered by
 * resending from the expected seq, a fork stops everything (nothing is ever deleted), and
 * events count as synced only once a receipt verifies under the pinned authority key.
 */
import { canonicalBytes } from '../../shared/ledger/canonical';
import { districtOrigin, type DistrictOriginProblem } from '../../shared/sync/district';
import { concatBytes } from '../../shared/sync/seal';
import { platform } from '../platform';
import { WireError, wireErrorCodes, type WireErrorCode } from '../../shared/ledger/errors';
import { decodePublicKey } from '../../shared/ledger/signing';
import type { SignedBatch } from '../../shared/sync/batch';
import { verifyEnrollReply } from '../../shared/sync/enrollment';
import { verifyReceipt } from '../../shared/sync/receipt';
import { maxBatchEvents, type Batch, type EnrollReply, type EnrollRequest } from '../../shared/sync/schemas';
import { webCryptoVerify } from '../crypto/webCrypto';
import { loadAttachment, markAttachmentSent, unsentAttachments } from '../db/attachments';
import { currentDeviceSigner } from '../db/identity';
import type { Enrollment } from '../db/settings';
import { saveReceipt, signedBatchOf, storedBatchesFrom, unacknowledged, type Unacknowledged } from '../db/sync';

export const clockSkewLimitMs = 5 * 60 * 1000;

export class SyncError extends Error {
  constructor(
    readonly code: WireErrorCode | DistrictOriginProblem | 'offline' | 'http',
    message: string,
  ) {
    super(message);
  }
}

/**
 * One call to the authority, through the platform (shared/sync/district.ts): the renderer
 * itself connects nowhere but its own origin.
 */
async function call(
  base: string,
  path: string,
  init: {
    method?: 'GET' | 'POST' | 'PUT';
    contentType?: 'application/json' | 'application/octet-stream';
    body?: Uint8Array;
  } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const origin = districtOrigin(base);
  if (!('origin' in origin)) throw new SyncError(origin.problem, base);
  const answer = await platform().district({
    origin: origin.origin,
    method: init.method ?? 'GET',
    path,
    ...(init.contentType ? { contentType: init.contentType } : {}),
    // The bytes are the app's own (never a SharedArrayBuffer).
    ...(init.body ? { body: init.body as Uint8Array<ArrayBuffer> } : {}),
  });
  if (!answer.reached) throw new SyncError('offline', answer.error);
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(answer.body));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's error page): the status says what happened.
  }
  return { status: answer.status, body };
}

function refusal(body: Record<string, unknown>, status: number): SyncError {
  const code = body.error;
  return typeof code === 'string' && (wireErrorCodes as readonly string[]).includes(code)
    ? new SyncError(code as WireErrorCode, String(body.message ?? code))
    : new SyncError('http', `HTTP ${status}`);
}

const postJson = (base: string, path: string, value: unknown) =>
  call(base, path, {
    method: 'POST',
    contentType: 'application/json',
    body: canonicalBytes(value),
  });

export async function health(base: string): Promise<{ authority: string; kid: string; pub: string; time: string }> {
  const { status, body } = await call(base, '/v1/health');
  if (status !== 200) throw refusal(body, status);
  return body as { authority: string; kid: string; pub: string; time: string };
}

/** Online enrolment: the reply is checked, but pinned only after a person confirms its fingerprint. */
export async function enrollOnline(base: string, request: EnrollRequest): Promise<EnrollReply> {
  const { status, body } = await postJson(base, '/v1/enroll', request);
  if (status !== 201) throw refusal(body, status);
  return verifyEnrollReply(body, webCryptoVerify);
}

export interface SyncProgress {
  done: number;
  total: number;
}

export interface SyncOutcome {
  sent: number;
  acknowledged: Record<string, number>;
  /** The authority's clock minus this device's, in ms. */
  clockSkewMs: number;
}

export interface SyncOptions {
  /** Events per batch this device signs (the format's maximum unless a test wants many small batches). */
  batchEvents?: number;
}

/** One pass: everything not yet acknowledged goes up; receipts are verified and kept. */
export async function syncOnce(
  base: string,
  device: string,
  enrollment: Enrollment,
  progress: (p: SyncProgress) => void = () => {},
  { batchEvents = maxBatchEvents }: SyncOptions = {},
): Promise<SyncOutcome> {
  const started = Date.now();
  const authority = await health(base);
  const clockSkewMs = Date.parse(authority.time) - (started + Date.now()) / 2;
  if (authority.pub !== enrollment.authorityPub)
    throw new SyncError('unknown_key', 'the server answering is not the pinned authority');
  const pinned = decodePublicKey(enrollment.authorityPub)!;
  const signer = await currentDeviceSigner();
  const pending = await unacknowledged(device, undefined, { everything: true });
  const total = pending.reduce((n, p) => n + p.to - p.from + 1, 0);
  let done = 0;
  let sent = 0;
  const acknowledged: Record<string, number> = {};
  progress({ done, total });

  /**
   * Photos after the events that name them (the authority stores only what a held event names,
   * FORMATS.md §8): every photo not yet held there, once the batches are in. A photo the
   * authority answers `unreferenced` for while nothing of this device is unacknowledged is named
   * by no event at all (a photo taken for a check-in that was then cancelled): nothing to send.
   */
  const uploadAttachments = async () => {
    const everythingAcknowledged = (await unacknowledged(device, undefined, { everything: true })).length === 0;
    for (const hash of await unsentAttachments()) {
      const row = await loadAttachment(hash);
      if (!row) continue;
      const { status, body } = await call(base, `/v1/attachments/${hash}`, {
        method: 'PUT',
        contentType: 'application/octet-stream',
        body: row.bytes,
      });
      if (status === 200 || status === 201) await markAttachmentSent(hash, 'held');
      else if (status === 409 && body.error === 'unreferenced') {
        if (everythingAcknowledged) await markAttachmentSent(hash, 'unreferenced');
      } else throw refusal(body, status);
    }
  };

  /** Posts one batch; returns the expected seq when the authority answers with a gap. */
  const post = async (batch: Batch, body: Uint8Array): Promise<number | undefined> => {
    const { status, body: answer } = await call(base, '/v1/batches', {
      method: 'POST',
      contentType: 'application/json',
      body,
    });
    if (status === 409 && answer.error === 'gap' && typeof answer.expected === 'number') return answer.expected;
    if (status !== 200) throw refusal(answer, status);
    const receipt = await verifyReceipt(answer.receipt, pinned, webCryptoVerify);
    if (receipt.device !== batch.device || receipt.through < batch.to)
      throw new WireError('bad_schema', 'the receipt does not cover the batch');
    await saveReceipt(receipt);
    acknowledged[receipt.device] = receipt.through;
    sent += batch.events.length;
    done += batch.events.length;
    progress({ done: Math.min(done, total), total });
    return undefined;
  };

  /**
   * This device's events from..to, a batch at a time: each read and signed while the batch before
   * it is on its way and being committed, so that neither side waits.
   */
  const sendOwn = async (from: number, to: number): Promise<number | undefined> => {
    const prepare = async (start: number): Promise<SignedBatch> => {
      return signedBatchOf(device, start, Math.min(to, start + batchEvents - 1), signer);
    };
    let next: Promise<SignedBatch> | undefined = prepare(from);
    try {
      while (next) {
        const { batch, body }: SignedBatch = await next;
        next = batch.to < to ? prepare(batch.to + 1) : undefined;
        const gap = await post(batch, concatBytes(...body));
        if (gap !== undefined) return gap;
      }
      return undefined;
    } finally {
      // A batch prepared for nothing (a gap or an error stopped the pass) must not fail unheard.
      next?.catch(() => {});
    }
  };

  /** Another device's batches, as they were signed, from the one that reaches `from`. */
  const sendCarried = async (part: Unacknowledged, from: number): Promise<number | undefined> => {
    for (const batch of await storedBatchesFrom(part.device, from)) {
      const gap = await post(batch, canonicalBytes(batch));
      if (gap !== undefined) return gap;
    }
    return undefined;
  };

  for (const part of pending) {
    let from = part.from;
    let resent = false;
    for (;;) {
      const gap = part.own ? await sendOwn(from, part.to) : await sendCarried(part, from);
      if (gap === undefined) break;
      // The authority holds less than expected (a lost request, or a restored server): resend
      // from the seq it asks for, once; a second gap in the same pass is an error to show.
      if (resent || gap >= from) throw new SyncError('gap', `the authority expects seq ${gap}`);
      from = gap;
      resent = true;
    }
  }
  await uploadAttachments();
  return { sent, acknowledged, clockSkewMs };
}

/** Gets the receipt the authority holds for this device (e.g. after a gap or a restart). */
export async function refreshReceipt(base: string, device: string, enrollment: Enrollment): Promise<void> {
  const { status, body } = await call(base, `/v1/devices/${device}/receipt`);
  if (status === 404) return;
  if (status !== 200) throw refusal(body, status);
  await saveReceipt(await verifyReceipt(body, decodePublicKey(enrollment.authorityPub)!, webCryptoVerify));
}

/** Exponential backoff with full jitter: 5 s, 10 s, 20 s … at most 5 minutes. */
export function backoffMs(failures: number, random: () => number = Math.random): number {
  const ceiling = Math.min(5 * 60_000, 5_000 * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
