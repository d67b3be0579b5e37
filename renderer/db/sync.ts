/**
 * What sync needs from the database: other devices' batches as they were signed, device certs,
 * the authority's receipts, and the judgement of incoming batches against the chains held here
 * (shared/sync/judge.ts: exactly once per device and seq; a fork or a splice is never applied).
 */
import type { LedgerEvent } from '../../shared/ledger/event';
import type { WireErrorCode } from '../../shared/ledger/errors';
import { keyFromCert, type KeyResolver, type KnownKey } from '../../shared/sync/keys';
import type { VerifiedBatch } from '../../shared/sync/batch';
import { compareBatches, heldRange, judgeBatch, type HeldChain } from '../../shared/sync/judge';
import type { Batch, EnrollReply, Receipt } from '../../shared/sync/schemas';
import { database, type KaodianDatabase } from './database';
import type { Ledger } from './ledger';
import { eventsOf } from './eventStore';

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
 * once the missing batch arrives); new events are imported.
 */
export async function acceptBatches(
  ownDevice: string,
  verified: VerifiedBatch[],
  ledger: Ledger,
  db: KaodianDatabase = database(),
): Promise<BatchJudgement[]> {
  const results: BatchJudgement[] = [];
  for (const { batch, hashes } of [...verified].sort((a, b) => compareBatches(a.batch, b.batch))) {
    const base = { device: batch.device, from: batch.from, to: batch.to };
    const judgement = judgeBatch({ ...batch, firstHlc: batch.events[0]!.hlc }, hashes, await heldChain(batch, db));
    if (judgement.status !== 'accepted' && judgement.status !== 'duplicate') {
      results.push({ ...base, status: 'rejected', error: judgement.status, added: 0 });
      continue;
    }
    const fresh =
      judgement.status === 'accepted'
        ? batch.events
            .slice(-judgement.fresh)
            .map((event, i) => ({ event, hash: hashes[hashes.length - judgement.fresh + i]! }))
        : [];
    if (batch.device !== ownDevice)
      await db.batches.put({ device: batch.device, from: batch.from, to: batch.to, batch });
    await ledger.importEvents(fresh);
    results.push({ ...base, status: fresh.length ? 'accepted' : 'duplicate', added: fresh.length });
  }
  return results;
}

/** What this device holds of a batch's device, as the judge needs it. */
async function heldChain(batch: Batch, db: KaodianDatabase): Promise<HeldChain> {
  const through = (await db.chainHeads.get(batch.device))?.seq ?? 0;
  const range = heldRange(batch, through);
  const held = range ? await eventsOf(db, batch.device, range.from, range.to) : [];
  return {
    through,
    events: new Map(held.map(({ event, hash }) => [event.seq, { hash, hlc: event.hlc }])),
  };
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
