import { describe, expect, it } from 'vitest';
import { zeroHash } from '../ledger/hash';
import { heldRange, judgeBatch, type HeldChain } from './judge';

const h = (n: number) => n.toString(16).padStart(64, '0');
const hlc = (n: number) => `${String(1_764_120_600_000 + n * 1000).padStart(15, '0')}-00000`;
/** A held chain of `through` events: hash h(seq), hlc hlc(seq). */
const held = (through: number): HeldChain => ({
  through,
  events: new Map(Array.from({ length: through }, (_, i) => [i + 1, { hash: h(i + 1), hlc: hlc(i + 1) }])),
});
const batch = (from: number, to: number, prev = from === 1 ? zeroHash : h(from - 1), firstHlc = hlc(from)) => ({
  from,
  to,
  prev,
  firstHlc,
});
const hashes = (from: number, to: number, differAt?: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => (from + i === differAt ? 'f'.repeat(64) : h(from + i)));

describe('the judge of a batch against what is held (FORMATS.md §3, §8)', () => {
  it('accepts what continues the chain, counting the new events, and calls a held range a duplicate', () => {
    expect(judgeBatch(batch(1, 5), hashes(1, 5), held(0))).toEqual({ status: 'accepted', fresh: 5 });
    expect(judgeBatch(batch(6, 8), hashes(6, 8), held(5))).toEqual({ status: 'accepted', fresh: 3 });
    expect(judgeBatch(batch(4, 8), hashes(4, 8), held(5))).toEqual({ status: 'accepted', fresh: 3 });
    expect(judgeBatch(batch(2, 4), hashes(2, 4), held(5))).toEqual({ status: 'duplicate' });
  });

  it('answers a gap with the seq it expects, and a differing held event as a fork at that seq', () => {
    expect(judgeBatch(batch(8, 9), hashes(8, 9), held(5))).toEqual({ status: 'gap', expected: 6 });
    expect(judgeBatch(batch(3, 7), hashes(3, 7, 4), held(5))).toEqual({ status: 'fork', seq: 4 });
  });

  it('refuses a restart at seq 1 and a splice at a batch boundary as broken_chain', () => {
    expect(judgeBatch(batch(1, 3, h(99)), hashes(1, 3), held(0))).toMatchObject({ status: 'broken_chain' });
    expect(judgeBatch(batch(6, 8, h(99)), hashes(6, 8), held(5))).toMatchObject({ status: 'broken_chain' });
  });

  it('refuses a continuation whose hlc does not follow the held event before it', () => {
    expect(judgeBatch(batch(6, 8, h(5), hlc(5)), hashes(6, 8), held(5))).toMatchObject({
      status: 'broken_chain',
      message: expect.stringContaining('hlc'),
    });
    expect(judgeBatch(batch(6, 8, h(5), hlc(4)), hashes(6, 8), held(5))).toMatchObject({ status: 'broken_chain' });
  });

  it('names the held seqs it needs: the event before the batch and the overlap', () => {
    expect(heldRange({ from: 1, to: 5 }, 0)).toBeUndefined();
    expect(heldRange({ from: 6, to: 9 }, 5)).toEqual({ from: 5, to: 5 });
    expect(heldRange({ from: 3, to: 9 }, 5)).toEqual({ from: 2, to: 5 });
    expect(heldRange({ from: 1, to: 3 }, 5)).toEqual({ from: 1, to: 3 });
  });
});
