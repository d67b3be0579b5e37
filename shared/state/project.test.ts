import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extendChain, newChain } from '../../test/support/chains';
import type { EventDraft } from '../ledger/append';
import { compareEvents, type LedgerEvent } from '../ledger/event';
import { applyIncrementally, applyTracked, project, stateCollections, type SiteState } from './project';

const session = '0190a5b2-1111-4aaa-8bbb-000000000001';
const candidate = '0190a5b2-2222-4aaa-8bbb-000000000001';
const examiner = '0190a5b2-3333-4aaa-8bbb-000000000001';

const setup: EventDraft[] = [
  {
    actor: 'device',
    type: 'session.created',
    body: {
      session,
      spec: 'SD-JDHBB',
      specVersion: '2026.1',
      name: '花饽饽第一场',
      startsAt: '2026-11-26T09:00:00.000+08:00',
      plannedCandidates: 30,
    },
  },
  { actor: 'device', type: 'person.registered', body: { person: examiner, name: '王建国', role: 'examiner' } },
  {
    actor: 'device',
    type: 'candidate.registered',
    body: {
      candidate,
      session,
      ticket: 'ZK001',
      name: '张晓梅',
      idType: 'resident_id',
      idNumber: '37100219900307002X',
      sex: 'female',
    },
  },
];

function twoDevices(): { a: LedgerEvent[]; b: LedgerEvent[] } {
  const a = newChain();
  const b = newChain();
  extendChain(a, setup);
  const floor = a.head!.hlc;
  extendChain(
    b,
    [{ actor: examiner, type: 'score.submitted', body: { session, candidate, examiner, items: { A1: 8.5, A2: 10 } } }],
    floor,
  );
  extendChain(a, [{ actor: 'device', type: 'session.opened', body: { session, clockConfirmed: true } }]);
  extendChain(b, [
    { actor: examiner, type: 'score.submitted', body: { session, candidate, examiner, items: { A1: 9, A2: 10 } } },
  ]);
  extendChain(a, [
    { actor: 'device', type: 'future.thing', body: {} },
    { actor: 'device', type: 'note.logged', body: { session, category: 'discipline', severity: 'loud', text: 'x' } },
    {
      actor: 'device',
      type: 'score.amended',
      body: { amends: '0190a5b2-9999-7aaa-8bbb-000000000001', reason: '笔误', confirmedBy: examiner, items: { A1: 9 } },
    },
  ]);
  return { a: a.events, b: b.events };
}

describe('project', () => {
  it('folds sessions, people, candidates and sheets', () => {
    const { a, b } = twoDevices();
    const state = project([...a, ...b]);
    expect(state.sessions[session]).toMatchObject({ status: 'open', name: '花饽饽第一场' });
    expect(state.candidates[candidate]?.name).toBe('张晓梅');
    expect(Object.values(state.sheets)).toHaveLength(1);
    expect(state.eventCount).toBe(a.length + b.length);
  });

  it('returns conflicts and flags as data', () => {
    const { a, b } = twoDevices();
    const state = project([...a, ...b]);
    expect(
      Object.values(state.conflicts)
        .map((c) => c.kind)
        .sort(),
    ).toEqual(['duplicate_sheet', 'unknown_amendment']);
    expect(
      Object.values(state.flagged)
        .map((f) => f.reason)
        .sort(),
    ).toEqual(['bad_body', 'unknown_type']);
  });

  it('is the same whatever order the events arrive in (property)', () => {
    const { a, b } = twoDevices();
    const reference = project([...a, ...b]);
    fc.assert(
      fc.property(fc.shuffledSubarray([...a, ...b], { minLength: a.length + b.length }), (shuffled) => {
        expect(project(shuffled)).toEqual(reference);
      }),
    );
  });

  it('folds only each device’s contiguous prefix from seq 1', () => {
    const { a, b } = twoDevices();
    const withoutSecond = a.filter((e) => e.seq !== 2);
    const state = project([...withoutSecond, ...b]);
    expect(state.heads[a[0]!.device]).toBe(1);
    expect(state.eventCount).toBe(1 + b.length);
  });

  it('incremental application agrees with the full rebuild (property)', () => {
    const { a, b } = twoDevices();
    const all = [...a, ...b];
    const reference = project(all);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: all.length }), { minLength: 1, maxLength: 5 }),
        fc.shuffledSubarray(all, { minLength: all.length }),
        (cuts, arrival) => {
          // Events arrive in `arrival` order, in chunks; each chunk is applied incrementally, or
          // the state is rebuilt from everything held so far when the order forbids it.
          const sortedCuts = [...new Set(cuts)].sort((x, y) => x - y);
          let state = project([]);
          let held: LedgerEvent[] = [];
          let start = 0;
          for (const cut of [...sortedCuts, all.length]) {
            const chunk = arrival.slice(start, cut);
            start = cut;
            held = [...held, ...chunk];
            if (!applyIncrementally(state, held)) state = project(held);
          }
          expect(state).toEqual(reference);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reports exactly the rows it changed, so storing only those reproduces the state (property)', () => {
    const { a, b } = twoDevices();
    const all = [...a, ...b];
    const reference = project(all);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: all.length }), (cut) => {
        const ordered = [...all].sort(compareEvents);
        const state = project(ordered.slice(0, cut));
        // A copy stands for the rows already stored; only touched rows are copied into it.
        const stored = structuredClone(state) as SiteState;
        for (const event of ordered.slice(cut)) {
          const { applied, touched } = applyTracked(state, [event]);
          expect(applied).toBe(true);
          for (const [collection, rows] of touched) {
            for (const key of rows) {
              const value = (state[collection] as Record<string, unknown>)[key];
              if (value === undefined) delete (stored[collection] as Record<string, unknown>)[key];
              else (stored[collection] as Record<string, unknown>)[key] = structuredClone(value);
            }
          }
          stored.heads = { ...state.heads };
          stored.last = state.last;
          stored.eventCount = state.eventCount;
        }
        for (const name of stateCollections) expect(stored[name]).toEqual(reference[name]);
        expect(state).toEqual(reference);
      }),
      { numRuns: 50 },
    );
  });
});
