/**
 * The one judge of a verified batch against what a receiver holds of its device (FORMATS.md §3
 * and §8), used by the authority's intake and by the app's package import alike, so the two
 * roads can never disagree. Pure: the caller reads what it holds (`heldRange` says which seqs)
 * and stores what the verdict says is new.
 */
import { zeroHash } from '../ledger/hash';

/** What a receiver holds of one device: its last seq, and the hash and hlc of the events in `heldRange`. */
export interface HeldChain {
  /** The highest seq held (0 when nothing is). */
  through: number;
  /** Hash and hlc of held events by seq, for at least the seqs `heldRange` names. */
  events: ReadonlyMap<number, { hash: string; hlc: string }>;
}

export type Judgement =
  /** `fresh`: how many events, from the end of the batch, are new. */
  | { status: 'accepted'; fresh: number }
  | { status: 'duplicate' }
  | { status: 'gap'; expected: number }
  | { status: 'fork'; seq: number }
  | { status: 'broken_chain'; message: string };

interface BatchCoordinates {
  from: number;
  to: number;
  prev: string;
  /** The hlc of the batch's first event. */
  firstHlc: string;
}

/** The seqs whose hash and hlc the judge needs: the event before the batch and the overlap, or none. */
export function heldRange(
  batch: { from: number; to: number },
  through: number,
): { from: number; to: number } | undefined {
  const from = Math.max(1, batch.from - 1);
  const to = Math.min(batch.to, through);
  return from <= to ? { from, to } : undefined;
}

/**
 * Judges a batch whose signature and inner chain have been verified: a gap when it starts past
 * the next seq expected; a fork when an overlapping event differs from the one held; a broken
 * chain when its `prev` is not the hash held before it (64 zeros at seq 1) or its first hlc does
 * not follow the held one; otherwise the events past `through` are new.
 */
export function judgeBatch(batch: BatchCoordinates, hashes: readonly string[], held: HeldChain): Judgement {
  if (batch.from > held.through + 1) return { status: 'gap', expected: held.through + 1 };
  for (let seq = batch.from; seq <= Math.min(batch.to, held.through); seq += 1) {
    if (held.events.get(seq)?.hash !== hashes[seq - batch.from]) return { status: 'fork', seq };
  }
  const before = batch.from === 1 ? undefined : held.events.get(batch.from - 1);
  const expectedPrev = batch.from === 1 ? zeroHash : before?.hash;
  if (batch.prev !== expectedPrev) {
    return {
      status: 'broken_chain',
      message:
        batch.from === 1
          ? 'seq 1 must name 64 zeros as prev'
          : `prev is not the hash of the held event ${batch.from - 1}`,
    };
  }
  if (before && !(batch.firstHlc > before.hlc))
    return { status: 'broken_chain', message: `hlc does not increase after the held event ${batch.from - 1}` };
  const fresh = Math.max(0, batch.to - held.through);
  return fresh > 0 ? { status: 'accepted', fresh } : { status: 'duplicate' };
}

/** Orders batches so that a device's consecutive batches are judged in seq order (device, then from). */
export function compareBatches(a: { device: string; from: number }, b: { device: string; from: number }): number {
  return a.device === b.device ? a.from - b.from : a.device < b.device ? -1 : 1;
}
