/**
 * Accepting batches in groups (issue 18). Batches arriving together are judged and stored in one
 * transaction: their devices locked, their heads and the events they overlap read, each judged
 * (shared/sync/judge.ts), every new event, attachment reference, last-seen time and receipt
 * written — each step one statement for the whole group where the engine has set-wise statements
 * (PostgreSQL), so a group costs about the round trips of one batch. Two batches of one device in
 * a group are judged in turn (rounds), each against what the one before it left. Every receipt is
 * signed for the head its batch made and kept in the same commit; nothing is answered before it.
 */
import { attachmentHashes, isEventType, parseBody } from '../shared/domain/events';
import { canonicalize } from '../shared/ledger/canonical';
import { formatTime } from '../shared/ledger/ids';
import type { VerifiedBatch } from '../shared/sync/batch';
import { heldRange, judgeBatch } from '../shared/sync/judge';
import { makeReceipt } from '../shared/sync/receipt';
import type { Receipt } from '../shared/sync/schemas';
import type { AuthorityIdentity } from './identity';
import type { EventInsert, Transaction } from './store';

export type BatchOutcome =
  | { status: 'accepted'; accepted: number; duplicate: number; receipt: Receipt }
  | { status: 'gap'; expected: number }
  | { status: 'fork'; seq: number }
  | { status: 'broken_chain'; message: string };

/** The authority's receipt for a device's events 1..head.seq (FORMATS.md §8), signed now. */
export function signReceipt(
  identity: AuthorityIdentity,
  device: string,
  head: { seq: number; hash: string },
  now: number,
): Promise<Receipt> {
  return makeReceipt(
    { authority: identity.id, device, through: head.seq, head: head.hash, at: formatTime(now, 480) },
    identity.signer,
  );
}

function bodyFlag(type: string, body: unknown): string | null {
  if (!isEventType(type)) return 'unknown_type';
  return parseBody(type, body) === undefined ? 'bad_body' : null;
}

/** Judges and stores a group of verified batches in the transaction `tx`; one outcome per batch, in order. */
export async function acceptGroup(
  tx: Transaction,
  identity: AuthorityIdentity,
  now: number,
  items: readonly VerifiedBatch[],
): Promise<BatchOutcome[]> {
  const outcomes: BatchOutcome[] = new Array<BatchOutcome>(items.length);
  await tx.lockDevices(items.map((item) => item.batch.device).sort());
  let pending = items.map((item, index) => ({ item, index }));
  while (pending.length > 0) {
    // A round takes one batch per device; a device's next batch waits for the next round.
    const round: typeof pending = [];
    const later: typeof pending = [];
    const devices = new Set<string>();
    for (const entry of pending) {
      const device = entry.item.batch.device;
      (devices.has(device) ? later : round).push(entry);
      devices.add(device);
    }
    pending = later;

    const heads = await tx.heads([...devices]);
    const ranges = round.flatMap(({ item: { batch } }) => {
      const range = heldRange(batch, heads.get(batch.device)?.seq ?? 0);
      return range ? [{ device: batch.device, ...range }] : [];
    });
    const held = new Map<string, Map<number, { hash: string; hlc: string }>>();
    for (const row of await tx.heldRanges(ranges)) {
      const events = held.get(row.device) ?? new Map<number, { hash: string; hlc: string }>();
      events.set(row.seq, row);
      held.set(row.device, events);
    }

    const rows: EventInsert[] = [];
    const references = new Set<string>();
    const touched: string[] = [];
    // Each accepted batch's head, and whether this round made it (then no receipt can be held for it yet).
    const wanted: {
      index: number;
      device: string;
      head: { seq: number; hash: string };
      made: boolean;
      accepted: number;
      duplicate: number;
    }[] = [];
    for (const { item, index } of round) {
      const { batch, hashes, texts } = item;
      const through = heads.get(batch.device)?.seq ?? 0;
      const judgement = judgeBatch({ ...batch, firstHlc: batch.events[0]!.hlc }, hashes, {
        through,
        events: held.get(batch.device) ?? new Map(),
      });
      if (judgement.status === 'duplicate') {
        wanted.push({
          index,
          device: batch.device,
          head: heads.get(batch.device)!,
          made: false,
          accepted: 0,
          duplicate: batch.events.length,
        });
        continue;
      }
      if (judgement.status !== 'accepted') {
        outcomes[index] = judgement;
        continue;
      }
      const first = batch.events.length - judgement.fresh;
      for (let i = first; i < batch.events.length; i += 1) {
        const event = batch.events[i]!;
        rows.push([
          event.device,
          event.seq,
          hashes[i]!,
          event.hlc,
          event.type,
          texts[i]!,
          bodyFlag(event.type, event.body),
          now,
        ]);
        for (const hash of attachmentHashes([event])) references.add(hash);
      }
      touched.push(batch.device);
      wanted.push({
        index,
        device: batch.device,
        head: { seq: batch.to, hash: hashes.at(-1)! },
        made: true,
        accepted: judgement.fresh,
        duplicate: first,
      });
    }
    await tx.insertEvents(rows);
    await tx.insertAttachmentRefs([...references]);
    await tx.touchDevices(touched, now);

    // The receipts: the one held for a head already held, else one signed now and kept.
    const heldReceipts = await tx.receiptsAt(
      wanted.filter((w) => !w.made).map((w) => ({ device: w.device, through: w.head.seq })),
    );
    const fresh: [string, number, string][] = [];
    for (const w of wanted) {
      const key = `${w.device}/${w.head.seq}`;
      let text = heldReceipts.get(key);
      if (text === undefined) {
        text = canonicalize(await signReceipt(identity, w.device, w.head, now));
        heldReceipts.set(key, text);
        fresh.push([w.device, w.head.seq, text]);
      }
      outcomes[w.index] = {
        status: 'accepted',
        accepted: w.accepted,
        duplicate: w.duplicate,
        receipt: JSON.parse(text) as Receipt,
      };
    }
    await tx.putReceipts(fresh);
  }
  return outcomes;
}
