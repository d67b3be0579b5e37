/** Batches (FORMATS.md §3): a signed run of one device's events, the same bytes online and on USB. */
import { WireError } from '../ledger/errors';
import { hashEvent, parseEvent, type LedgerEvent } from '../ledger/event';
import { verifyChainWithText } from '../ledger/chain';
import { canonicalize, canonicalObject } from '../ledger/canonical';
import { signDocument, verifySignedBytes, type Signer, type VerifySignature } from '../ledger/signing';
import type { SourceTexts } from '../ledger/strictJson';
import type { KeyResolver } from './keys';
import { batchSchema, maxBatchEvents, parseDocument, type Batch } from './schemas';

export async function makeBatch(events: readonly LedgerEvent[], signer: Signer & { kid: string }): Promise<Batch> {
  const first = events[0];
  const last = events.at(-1);
  if (!first || !last) throw new Error('a batch needs at least one event');
  if (events.length > maxBatchEvents) throw new Error(`a batch holds at most ${maxBatchEvents} events`);
  return signDocument(
    {
      v: 1 as const,
      kind: 'kaodian.batch' as const,
      device: first.device,
      kid: signer.kid,
      from: first.seq,
      to: last.seq,
      prev: first.prev,
      head: hashEvent(last),
      events: [...events],
    },
    signer,
  );
}

/** Splits a device's events into batches of at most `size` events. */
export function chunkEvents<T>(events: readonly T[], size: number = maxBatchEvents): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < events.length; i += size) chunks.push(events.slice(i, i + size));
  return chunks;
}

export interface VerifiedBatch {
  batch: Batch;
  /** hash of each event, in order. */
  hashes: string[];
  /** Each event's canonical JSON (what its hash covers), in order. */
  texts: string[];
}

/**
 * Judges a batch by FORMATS.md §3: shape and count (`bad_schema`), chain (`broken_chain`),
 * key (`unknown_key`, `revoked_key`) and signature (`bad_signature`). Bodies are not judged.
 * `sourceTexts`, from parseStrictJsonWithTexts on the bytes `value` was parsed from, spares
 * serialising events whose source was canonical already.
 */
export async function verifyBatch(value: unknown, keys: KeyResolver, verify: VerifySignature, sourceTexts?: SourceTexts): Promise<VerifiedBatch> {
  const doc = parseDocument(batchSchema, value, 'batch');
  if (doc.from > doc.to) throw new WireError('bad_schema', 'batch: from > to');
  if (doc.events.length !== doc.to - doc.from + 1) throw new WireError('bad_schema', `batch: ${doc.events.length} events for ${doc.from}–${doc.to}`);
  const events = doc.events.map((event) => parseEvent(event));
  events.forEach((event, i) => {
    if (event.device !== doc.device) throw new WireError('bad_schema', `batch: event ${i} belongs to another device`);
  });
  const { hashes, texts } = verifyChainWithText(events, { prev: doc.prev, from: doc.from, device: doc.device }, sourceTexts);
  if (hashes.at(-1) !== doc.head) throw new WireError('broken_chain', 'batch: head is not the hash of the last event');
  const key = keys(doc.kid);
  if (!key || key.owner !== doc.device) throw new WireError('unknown_key', `batch: key ${doc.kid} is not enrolled for device ${doc.device}`);
  if (key.revoked) throw new WireError('revoked_key', `batch: key ${doc.kid} is revoked`);
  // The signed bytes reuse each event's canonical text from the chain check (one serialisation).
  const { sig, events: _events, ...header } = doc;
  const memberTexts: Record<string, string> = { events: `[${texts.join(',')}]` };
  for (const [name, value] of Object.entries(header)) memberTexts[name] = canonicalize(value);
  if (!(await verifySignedBytes(sig, key.publicKey, new TextEncoder().encode(canonicalObject(memberTexts)), verify))) throw new WireError('bad_signature', 'batch: signature does not verify');
  return { batch: { ...doc, events }, hashes, texts };
}

export function batchPath(batch: Pick<Batch, 'device' | 'from' | 'to'>): string {
  return `batches/${batch.device}_${batch.from}-${batch.to}.json`;
}
