/**
 * What sync needs from the database: other devices' batches as they were signed, device certs,
 * the authority's receipts, and the judgement of incoming batches against the chains held here
 * (shared/sync/judge.ts: exactly once per device and seq; a fork or a splice is never applied).
 */
import type { LedgerEvent } from '../../shared/ledger/event';
import type { WireErrorCode } from '../../shared/ledger/errors';
import { keyFromCert, type KeyResolver, type KnownKey } from '../../shared/sync/keys';
import { makeSignedBatch, type SignedBatch, type VerifiedBatch } from '../../shared/sync/batch';
import type { Signer } from '../../shared/ledger/signing';
import { compareBatches, heldRange, judgeBatch, type HeldChain } from '../../shared/sync/judge';
import type { Batch, EnrollReply, Receipt } from '../../shared/sync/schemas';
import { database, type KaodianDatabase } from './database';
import type { Ledger } from './ledger';
import { eventsOf, type StoredEvent } from './eventStore';

export async function saveCerts(certs: EnrollReply[], db: KaodianDatabase = database()): Promise<void> {
  await db.certs.bulkPut(certs.map((cert) => ({ kid: cert.deviceKid, device: cert.device, cert })));
}

export async function allCerts(db: KaodianDatabase = database()): Promise<EnrollReply[]> {
  return (await db.certs.toArray()).map((row) => row.cert);
}

export async function certResolver(db: KaodianDatabase = database()): Promise<KeyResolver> {
  const keys = new Map<string, KnownKey>((await db.certs.toArray()).map((row) => [row.kid, keyFromCert(row.cert)]));
  return (kid) => keys.get(kid);
}

export async function saveReceipt(receipt: Receipt, db: KaodianDatabase = database()): Promise<boolean> {
  return db.transaction('rw', db.receipts, async () => {
    const held = await db.receipts.get(receipt.device);
    if (held && held.through >= receipt.through) return false;
    await db.receipts.put({ device: receipt.device, through: receipt.through, receipt });
    return true;
  });
}

export interface Unacknowledged {
  device: string;
  from: number;
  to: number;
  /** This device's own events, signed into new batches when sent; other devices' travel as the batches they came in. */
  own: boolean;
}

/**
 * The bookkeeping of sending itself: a USB export records itself as an event, which would then
 * wait to be sent — and the next export would record itself again, so the count never reached 0.
 */
const bookkeepingTypes = new Set(['package.exported']);

/**
 * Per device, the seqs not yet covered by an authority receipt (counted from heads and receipts).
 * What people count and export leaves out this device's trailing bookkeeping (the records of its
 * own exports, read from the tail); they travel with the next real change, or with online sync
 * (`everything`), which sends the whole chain.
 */
export async function unacknowledged(
  ownDevice: string,
  db: KaodianDatabase = database(),
  { everything = false }: { everything?: boolean } = {},
): Promise<Unacknowledged[]> {
  const heads = await db.chainHeads.toArray();
  const out: Unacknowledged[] = [];
  for (const head of heads) {
    const from = ((await db.receipts.get(head.device))?.through ?? 0) + 1;
    const own = head.device === ownDevice;
    let to = head.seq;
    if (own && !everything)
      while (to >= from && bookkeepingTypes.has((await eventsOf(db, head.device, to, to))[0]?.event.type ?? ''))
        to -= 1;
    if (from <= to) out.push({ device: head.device, from, to, own });
  }
  return out;
}

export interface BatchJudgement {
  device: string;
  from: number;
  to: number;
  status: 'accepted' | 'duplicate' | 'rejected';
  error?: WireErrorCode;
  /** Events this device did not hold before. */
  added: number;
}

/**
 * Takes in verified batches of other devices, judged by the same judge as the authority's
 * (shared/sync/judge.ts): a fork, a broken chain or a gap takes nothing of the batch (a gap fits
 * once the missing batch arrives); new events are imported. Each batch is judged against what is
 * held plus what the batches before it in this call added, and then everything new is written in
 * one go — the segments and the projection in a few large puts, not a transaction per batch
 * (issue 20: a transaction, a fold and a projection write per batch halved the import).
 */
export async function acceptBatches(
  ownDevice: string,
  verified: VerifiedBatch[],
  ledger: Ledger,
  db: KaodianDatabase = database(),
): Promise<BatchJudgement[]> {
  const results: BatchJudgement[] = [];
  const fresh: StoredEvent[] = [];
  const kept: { device: string; from: number; to: number; batch: Batch }[] = [];
  const accepted = new Map<string, Accepted>();
  for (const { batch, hashes, texts } of [...verified].sort((a, b) => compareBatches(a.batch, b.batch))) {
    const base = { device: batch.device, from: batch.from, to: batch.to };
    const added = accepted.get(batch.device) ?? (await acceptedFrom(batch.device, db));
    accepted.set(batch.device, added);
    const judgement = judgeBatch(
      { ...batch, firstHlc: batch.events[0]!.hlc },
      hashes,
      await heldChain(batch, added, db),
    );
    if (judgement.status !== 'accepted' && judgement.status !== 'duplicate') {
      results.push({ ...base, status: 'rejected', error: judgement.status, added: 0 });
      continue;
    }
    const count = judgement.status === 'accepted' ? judgement.fresh : 0;
    for (let i = batch.events.length - count; i < batch.events.length; i += 1) {
      const event = batch.events[i]!;
      fresh.push({ event, hash: hashes[i]!, text: texts[i] });
      added.events.set(event.seq, { hash: hashes[i]!, hlc: event.hlc });
      added.through = event.seq;
    }
    if (batch.device !== ownDevice) kept.push({ ...base, batch });
    results.push({ ...base, status: count ? 'accepted' : 'duplicate', added: count });
  }
  await db.batches.bulkPut(kept);
  await ledger.importEvents(fresh);
  return results;
}

/** A device's chain as stored before this import (`stored`), and what the import has added to it since. */
interface Accepted {
  stored: number;
  through: number;
  events: Map<number, { hash: string; hlc: string }>;
}

async function acceptedFrom(device: string, db: KaodianDatabase): Promise<Accepted> {
  const stored = (await db.chainHeads.get(device))?.seq ?? 0;
  return { stored, through: stored, events: new Map() };
}

/** What this device holds of a batch's device, as the judge needs it: stored, or added by this import. */
async function heldChain(batch: Batch, added: Accepted, db: KaodianDatabase): Promise<HeldChain> {
  const range = heldRange(batch, added.through);
  const events = new Map<number, { hash: string; hlc: string }>();
  if (range && range.from <= added.stored)
    for (const { event, hash } of await eventsOf(db, batch.device, range.from, Math.min(range.to, added.stored)))
      events.set(event.seq, { hash, hlc: event.hlc });
  if (range)
    for (let seq = Math.max(range.from, added.stored + 1); seq <= range.to; seq += 1)
      events.set(seq, added.events.get(seq)!);
  return { through: added.through, events };
}

/** This device's events from `from` to `to` with their canonical texts, signed into a batch as stored. */
export async function signedBatchOf(
  device: string,
  from: number,
  to: number,
  signer: Signer & { kid: string },
  db: KaodianDatabase = database(),
): Promise<SignedBatch> {
  const stored = await eventsOf(db, device, from, to);
  return makeSignedBatch(
    stored.map((s) => s.event),
    signer,
    stored.map((s) => s.text!),
  );
}

/** This device's events from `from` to `to`, in seq order. */
export async function eventsBetween(
  device: string,
  from: number,
  to: number,
  db: KaodianDatabase = database(),
): Promise<LedgerEvent[]> {
  return (await eventsOf(db, device, from, to)).map((stored) => stored.event);
}

/** Another device's stored batches that reach seq `from`, in order. */
export async function storedBatchesFrom(
  device: string,
  from: number,
  db: KaodianDatabase = database(),
): Promise<Batch[]> {
  const stored = await db.batches.where('device').equals(device).toArray();
  return stored
    .filter((row) => row.to >= from)
    .sort((a, b) => a.from - b.from)
    .map((row) => row.batch);
}
