/** Batches (FORMATS.md §3): a signed run of one device's events, the same bytes online and on USB. */
import { WireError } from '../ledger/errors';
import { parseEvent, type LedgerEvent } from '../ledger/event';
import { verifyChainWithText } from '../ledger/chain';
import { concatBytes } from '@noble/hashes/utils.js';
import { toBase64url } from '../ledger/base64url';
import { canonicalize } from '../ledger/canonical';
import { sha256TextHex, type Sha256Implementation } from '../ledger/hash';
import { verifySignedBytes, type Signer, type VerifySignature } from '../ledger/signing';
import type { SourceTexts } from '../ledger/strictJson';
import { revokedFor, type KeyResolver } from './keys';
import { parseHlc } from '../ledger/hlc';
import { batchSchema, maxBatchEvents, parseDocument, type Batch } from './schemas';

type BatchHeader = Omit<Batch, 'events' | 'sig'>;

function batchHeader(events: readonly LedgerEvent[], kid: string, head: string): BatchHeader {
  const first = events[0];
  const last = events.at(-1);
  if (!first || !last) throw new Error('a batch needs at least one event');
  if (events.length > maxBatchEvents) throw new Error(`a batch holds at most ${maxBatchEvents} events`);
  return {
    v: 1,
    kind: 'kaodian.batch',
    device: first.device,
    kid,
    from: first.seq,
    to: last.seq,
    prev: first.prev,
    head,
  };
}

const memberText = (name: string, text: string) => `${JSON.stringify(name)}:${text}`;

/**
 * A batch's canonical text from its header and its events' canonical texts, in two parts: the
 * members that sort before `sig` (with the opening brace) and those after it (with the closing
 * one). Joined, they are the signed text; with `"sig":…` between them, the batch as sent.
 */
function batchTextParts(header: BatchHeader, eventTexts: readonly string[]): { before: string; after: string } {
  const memberTexts: Record<string, string> = { events: `[${eventTexts.join(',')}]` };
  for (const [name, value] of Object.entries(header)) if (name < 'sig') memberTexts[name] = canonicalize(value);
  const before = Object.keys(memberTexts)
    .sort()
    .map((name) => memberText(name, memberTexts[name]!));
  return { before: `{${before.join(',')}`, after: textAfterSig(header) };
}

/** The members of a batch that sort after `sig` (`to`, `v`: numbers, so ASCII), with the closing brace. */
function textAfterSig(header: BatchHeader): string {
  const names = Object.keys(header)
    .filter((name) => name > 'sig')
    .sort();
  return `${names.map((name) => `,${memberText(name, canonicalize(header[name as keyof BatchHeader]))}`).join('')}}`;
}

export interface SignedBatch {
  batch: Batch;
  /** The batch's canonical JSON (FORMATS.md §3), as posted and packed, in parts to be joined. */
  body: Uint8Array<ArrayBuffer>[];
}

/**
 * makeBatch for a sender: every event serialised once, and the body built from the signed bytes
 * with the signature put in its place (equal to canonicalBytes(makeBatch(...)), tested).
 */
export async function makeSignedBatch(
  events: readonly LedgerEvent[],
  signer: Signer & { kid: string },
  /** The events' canonical texts when the caller holds them (the app stores them): not made again. */
  texts: readonly string[] = events.map((event) => canonicalize(event)),
): Promise<SignedBatch> {
  const header = batchHeader(events, signer.kid, sha256TextHex(texts.at(-1)!));
  const { before, after } = batchTextParts(header, texts);
  const signed = encoder.encode(before + after);
  const sig = toBase64url(await signer.sign(signed));
  const cut = signed.length - after.length;
  return {
    batch: { ...header, events: [...events], sig },
    body: [signed.subarray(0, cut), encoder.encode(`,"sig":${JSON.stringify(sig)}`), signed.subarray(cut)],
  };
}

const encoder = new TextEncoder();

export async function makeBatch(events: readonly LedgerEvent[], signer: Signer & { kid: string }): Promise<Batch> {
  return (await makeSignedBatch(events, signer)).batch;
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

/** How deep events sit in a batch (batch → events → event): the depth to keep source texts to. */
export const eventTextDepth = 2;

/** The bytes a batch was parsed from, and the source texts the strict parser kept of them. */
export interface BatchSource {
  bytes: Uint8Array;
  texts: SourceTexts;
}

/**
 * Judges a batch by FORMATS.md §3: shape and count (`bad_schema`), chain (`broken_chain`),
 * key (`unknown_key`, `revoked_key`) and signature (`bad_signature`). Bodies are not judged.
 * `source` (parseStrictJsonWithTexts of the bytes `value` came from) spares serialising what
 * arrived as canonical JSON already: the events' texts, and the signed bytes. `sha256`: the
 * hash to chain with (the authority passes node:crypto's; the default is the pure-JS one).
 */
export async function verifyBatch(
  value: unknown,
  keys: KeyResolver,
  verify: VerifySignature,
  source?: BatchSource,
  sha256?: Sha256Implementation,
): Promise<VerifiedBatch> {
  const doc = parseDocument(batchSchema, value, 'batch');
  if (doc.from > doc.to) throw new WireError('bad_schema', 'batch: from > to');
  if (doc.events.length !== doc.to - doc.from + 1)
    throw new WireError('bad_schema', `batch: ${doc.events.length} events for ${doc.from}–${doc.to}`);
  const events = doc.events.map((event) => parseEvent(event));
  events.forEach((event, i) => {
    if (event.device !== doc.device) throw new WireError('bad_schema', `batch: event ${i} belongs to another device`);
  });
  const { hashes, texts } = verifyChainWithText(
    events,
    { prev: doc.prev, from: doc.from, device: doc.device },
    source?.texts,
    sha256,
  );
  if (hashes.at(-1) !== doc.head) throw new WireError('broken_chain', 'batch: head is not the hash of the last event');
  const key = keys(doc.kid);
  if (!key || key.owner !== doc.device)
    throw new WireError('unknown_key', `batch: key ${doc.kid} is not enrolled for device ${doc.device}`);
  // A batch is as old as its last event: what a key signed before its revocation stays valid.
  if (revokedFor(key, parseHlc(events.at(-1)!.hlc).wall))
    throw new WireError('revoked_key', `batch: key ${doc.kid} was revoked before its events were made`);
  const { sig, events: _events, ...header } = doc;
  const signed =
    signedBytesOfCanonicalSource(value as object, sig, textAfterSig(header), source) ?? signedBytesOf(header, texts);
  if (!(await verifySignedBytes(sig, key.publicKey, signed, verify)))
    throw new WireError('bad_signature', 'batch: signature does not verify');
  return { batch: { ...doc, events }, hashes, texts };
}

/** The signed bytes rebuilt from the header and the events' canonical texts (one serialisation per event). */
function signedBytesOf(header: BatchHeader, eventTexts: readonly string[]): Uint8Array {
  const { before, after } = batchTextParts(header, eventTexts);
  return encoder.encode(before + after);
}

/**
 * The signed bytes of a batch that arrived as canonical JSON: the bytes received without the
 * `sig` member, which ends them followed only by `after` (ASCII, so bytes and characters count
 * alike). Undefined when the source was not canonical, and the bytes are rebuilt instead.
 */
function signedBytesOfCanonicalSource(
  value: object,
  sig: string,
  after: string,
  source?: BatchSource,
): Uint8Array | undefined {
  // The root's text is kept only when it is canonical; a first byte "{" and the exact tail below
  // rule out whitespace around it, so the bytes are the canonical bytes of the whole batch.
  if (!source || source.texts.get(value) === undefined || source.bytes[0] !== 0x7b) return undefined;
  const tail = encoder.encode(`,"sig":${JSON.stringify(sig)}${after}`);
  const { bytes } = source;
  const cut = bytes.length - tail.length;
  if (cut < 0) return undefined;
  for (let i = 0; i < tail.length; i += 1) if (bytes[cut + i] !== tail[i]) return undefined;
  return concatBytes(bytes.subarray(0, cut), tail.subarray(tail.length - after.length));
}

export function batchPath(batch: Pick<Batch, 'device' | 'from' | 'to'>): string {
  return `batches/${batch.device}_${batch.from}-${batch.to}.json`;
}
