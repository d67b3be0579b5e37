import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extendChain, newChain, noteDrafts } from '../../test/support/chains';
import { fromBase64url, toBase64url } from './base64url';
import { verifyChain } from './chain';
import { WireError } from './errors';
import { compareEvents, hashEvent, parseEvent } from './event';
import { bytesToHex, zeroHash } from './hash';
import { formatHlc, liftHlc, nextHlc, parseHlc } from './hlc';
import { formatTime, isValidTime, uuidV7, uuidV7Pattern } from './ids';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    return error instanceof WireError ? error.code : 'crash';
  }
};

describe('base64url', () => {
  it('round-trips and refuses non-canonical text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(fromBase64url(toBase64url(bytes))).toEqual(bytes);
      }),
    );
    expect(fromBase64url('AB==')).toBeUndefined();
    expect(fromBase64url('A+/_')).toBeUndefined();
    expect(fromBase64url('AA')).toEqual(new Uint8Array([0]));
    expect(fromBase64url('AB')).toBeUndefined(); // trailing bits set
    expect(fromBase64url('A')).toBeUndefined();
  });
});

describe('hybrid logical clock', () => {
  it('follows the wall clock, counts within a millisecond and never goes back', () => {
    const a = nextHlc(undefined, 1000);
    expect(a).toBe('000000000001000-00000');
    expect(nextHlc(a, 1000)).toBe('000000000001000-00001');
    expect(nextHlc(a, 900)).toBe('000000000001000-00001');
    expect(nextHlc(a, 2000)).toBe('000000000002000-00000');
    expect(nextHlc(formatHlc({ wall: 5, counter: 99999 }), 5)).toBe('000000000000006-00000');
  });
  it('strictly increases whatever the wall clock does (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 45 }), { minLength: 1, maxLength: 200 }), (walls) => {
        let last: string | undefined;
        for (const wall of walls) {
          const next = nextHlc(last, wall);
          if (last) expect(next > last).toBe(true);
          expect(parseHlc(next).wall).toBeGreaterThanOrEqual(wall);
          last = next;
        }
      }),
    );
  });
  it('lifts past imported clocks', () => {
    expect(liftHlc('000000000001000-00003', '000000000002000-00000')).toBe('000000000002000-00000');
    expect(liftHlc('000000000003000-00000', '000000000002000-00000')).toBe('000000000003000-00000');
  });
});

describe('ids and times', () => {
  it('makes version 7 UUIDs that sort by time', () => {
    const a = uuidV7(1_700_000_000_000);
    const b = uuidV7(1_700_000_000_001);
    expect(a).toMatch(uuidV7Pattern);
    expect(a < b).toBe(true);
  });
  it('formats RFC 3339 with milliseconds and offset, and refuses impossible dates', () => {
    expect(formatTime(Date.UTC(2026, 10, 26, 1, 30), 480)).toBe('2026-11-26T09:30:00.000+08:00');
    expect(formatTime(Date.UTC(2026, 0, 1, 0, 0, 0, 5), -300)).toBe('2025-12-31T19:00:00.005-05:00');
    expect(isValidTime('2026-11-26T09:30:00.000+08:00')).toBe(true);
    expect(isValidTime('2026-02-30T09:30:00.000+08:00')).toBe(false);
    expect(isValidTime('2026-11-26T09:30:00+08:00')).toBe(false);
    expect(isValidTime('2026-11-26T09:30:00.000')).toBe(false);
  });
});

describe('events and chains', () => {
  const chain = newChain();
  extendChain(chain, noteDrafts(20));

  it('makes valid envelopes of exactly ten members', () => {
    for (const event of chain.events)
      expect(Object.keys(parseEvent(event)).sort()).toEqual([
        'actor',
        'at',
        'body',
        'device',
        'hlc',
        'id',
        'prev',
        'seq',
        'type',
        'v',
      ]);
    expect(chain.events[0]!.prev).toBe(zeroHash);
    expect(hashEvent(chain.events[0]!)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a bad envelope with bad_schema and another version with unsupported_version', () => {
    const e = chain.events[0]!;
    expect(codeOf(() => parseEvent({ ...e, extra: 1 }))).toBe('bad_schema');
    expect(codeOf(() => parseEvent({ ...e, seq: 0 }))).toBe('bad_schema');
    expect(codeOf(() => parseEvent({ ...e, type: 'Score.Submitted' }))).toBe('bad_schema');
    expect(codeOf(() => parseEvent({ ...e, type: 'score' }))).toBe('bad_schema');
    expect(codeOf(() => parseEvent({ ...e, id: '0190a5b2-0000-4000-8000-000000000000' }))).toBe('bad_schema');
    expect(codeOf(() => parseEvent({ ...e, body: [] }))).toBe('bad_schema');
    expect(codeOf(() => parseEvent({ ...e, v: 2 }))).toBe('unsupported_version');
  });

  it('verifies an intact chain and returns the hashes', () => {
    expect(verifyChain(chain.events, { prev: zeroHash, from: 1, device: chain.device })).toEqual(chain.hashes);
  });

  it('rejects any change, deletion, reordering or truncation at the front with broken_chain (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 18 }),
        fc.constantFrom('change', 'delete', 'swap', 'drop-first'),
        (i, kind) => {
          const events = chain.events.map((e) => structuredClone(e));
          if (kind === 'change') events[i]!.body = { ...events[i]!.body, text: '篡改' };
          // (Dropping the last event leaves a valid shorter chain; a batch's head catches that.)
          if (kind === 'delete') events.splice(i, 1);
          if (kind === 'swap') [events[i], events[i + 1]] = [events[i + 1]!, events[i]!];
          if (kind === 'drop-first') events.shift();
          // A changed event breaks the link to its successor; the others break seq or prev.
          expect(codeOf(() => verifyChain(events, { prev: zeroHash, from: 1, device: chain.device }))).toBe(
            'broken_chain',
          );
        },
      ),
    );
  });

  it('orders events by (hlc, device, seq)', () => {
    const a = { hlc: '000000000001000-00000', device: 'b', seq: 2 };
    const b = { hlc: '000000000001000-00000', device: 'c', seq: 1 };
    const c = { hlc: '000000000001000-00001', device: 'a', seq: 1 };
    expect([c, b, a].sort(compareEvents)).toEqual([a, b, c]);
  });
});

describe('SHA-256 backends', () => {
  it('node:crypto and the pure-JS implementation agree (property)', async () => {
    const { nodeSha256 } = await import('../../authority/nodeCrypto');
    const { sha256 } = await import('@noble/hashes/sha2.js');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        expect(nodeSha256.digest(bytes)).toEqual(sha256(bytes));
      }),
    );
    // Texts (hashed as their UTF-8 bytes), including CJK and astral characters.
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        expect(nodeSha256.textHex(text)).toBe(bytesToHex(sha256(new TextEncoder().encode(text))));
      }),
    );
    // The pure one encodes into a reused buffer: long texts (past its first size) and short ones
    // after them, in any order, hash as their own bytes.
    const { pureSha256 } = await import('./hash');
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string({ unit: 'grapheme', maxLength: 50 }),
            fc.string({ unit: 'grapheme', minLength: 6_000, maxLength: 9_000 }),
          ),
          { maxLength: 6 },
        ),
        (texts) => {
          for (const text of texts) expect(pureSha256.textHex(text)).toBe(nodeSha256.textHex(text));
        },
      ),
      { numRuns: 50 },
    );
  });
});
