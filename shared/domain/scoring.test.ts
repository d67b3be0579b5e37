import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extendChain, newChain } from '../../test/support/chains';
import type { EventDraft } from '../ledger/append';
import { applyIncrementally, project, type SiteState } from '../state/project';
import { demoSite } from './demoSite';
import { demoSpecification } from './demoSpec';
import { specificationSchema, type Specification } from './events';
import { checkCommand } from './rules';
import {
  aggregate,
  candidateResult,
  checkItemValue,
  completeness,
  discrepancies,
  divideRoundHalfUp,
  formatPoints,
  partScores,
  sessionResults,
  sheetTotal,
  toHundredths,
} from './scoring';

const spec: Specification = {
  code: 'T',
  name: '测试',
  version: '1',
  method: 'practical',
  durationMinutes: 60,
  minExaminers: 3,
  passMark: 60,
  aggregation: 'mean',
  discrepancyPercent: 30,
  requirements: '',
  tasks: [
    {
      id: 'A',
      name: 'A',
      weight: 60,
      items: [
        { id: 'A1', content: 'a1', maxPoints: 10, step: 0.5, criteria: '' },
        { id: 'A2', content: 'a2', maxPoints: 10, step: 0.5, criteria: '' },
      ],
    },
    { id: 'B', name: 'B', weight: 40, items: [{ id: 'B1', content: 'b1', maxPoints: 5, step: 0.5, criteria: '' }] },
  ],
};

describe('scoring arithmetic (by hand)', () => {
  it('scales each task by its weight: (7.5 + 8) / 20 × 60 + 3.5 / 5 × 40 = 46.5 + 28 = 74.50', () => {
    expect(sheetTotal(spec, { A1: 7.5, A2: 8, B1: 3.5 })).toBe(7450);
    expect(formatPoints(7450)).toBe('74.50');
  });

  it('rounds each task half up to hundredths: 5 / 7 × 30 = 21.428… → 21.43', () => {
    const odd: Specification = {
      ...spec,
      tasks: [
        { id: 'X', name: 'X', weight: 30, items: [{ id: 'X1', content: '', maxPoints: 7, step: 1, criteria: '' }] },
        { ...spec.tasks[1]!, weight: 70 },
      ],
    };
    expect(sheetTotal(odd, { X1: 5, B1: 0 })).toBe(2143);
    expect(divideRoundHalfUp(5, 2)).toBe(3);
    expect(divideRoundHalfUp(4, 8)).toBe(1);
  });

  it('aggregates by mean, median and trimmed mean', () => {
    expect(aggregate('mean', [7450, 8000, 7000])).toBe(7483); // 224.50 / 3 = 74.8333
    expect(aggregate('median', [7450, 8000, 7000])).toBe(7450);
    expect(aggregate('median', [7000, 8001])).toBe(7501); // 75.005 rounds up
    expect(aggregate('trimmed_mean', [6000, 7450, 8000, 9900, 7000])).toBe(7483);
    expect(aggregate('mean', [])).toBeUndefined();
  });

  it('flags an item when two examiners differ by more than 30% of its max', () => {
    expect(discrepancies(spec, [{ items: { A1: 5 } }, { items: { A1: 8.5 } }], new Set()).map((d) => d.item)).toEqual([
      'A1',
    ]);
    expect(discrepancies(spec, [{ items: { A1: 5 } }, { items: { A1: 8 } }], new Set())).toEqual([]);
    expect(discrepancies(spec, [{ items: { A1: 5 } }, { items: { A1: 8.5 } }], new Set(['A1']))).toEqual([]);
  });

  it('checks values against max and step', () => {
    expect(checkItemValue(10, { maxPoints: 10, step: 0.5 })).toBe('ok');
    expect(checkItemValue(10.5, { maxPoints: 10, step: 0.5 })).toBe('over_max');
    expect(checkItemValue(7.3, { maxPoints: 10, step: 0.5 })).toBe('off_step');
    expect(checkItemValue(-1, { maxPoints: 10, step: 0.5 })).toBe('negative');
  });

  it('keeps totals within 0–100 and aggregates within the examiners’ range (property)', () => {
    const items = spec.tasks.flatMap((t) => t.items);
    const sheet = fc.record(
      Object.fromEntries(items.map((i) => [i.id, fc.integer({ min: 0, max: i.maxPoints * 2 }).map((n) => n / 2)])),
    );
    fc.assert(
      fc.property(
        fc.array(sheet, { minLength: 1, maxLength: 7 }),
        fc.constantFrom('mean', 'median', 'trimmed_mean' as const),
        (sheets, rule) => {
          const totals = sheets.map((s) => sheetTotal(spec, s));
          for (const t of totals) {
            expect(t).toBeGreaterThanOrEqual(0);
            expect(t).toBeLessThanOrEqual(10_000);
          }
          const result = aggregate(rule, totals)!;
          expect(Number.isInteger(result)).toBe(true);
          expect(result).toBeGreaterThanOrEqual(Math.min(...totals));
          expect(result).toBeLessThanOrEqual(Math.max(...totals));
          expect(aggregate(rule, [...totals].reverse())).toBe(result);
        },
      ),
    );
  });
});

function run(drafts: EventDraft[], state: SiteState, chain = newChain()) {
  for (const draft of drafts) {
    const problem = checkCommand(state, draft);
    if (problem) throw new Error(`${draft.type}: ${problem.code} ${JSON.stringify(problem.params ?? {})}`);
    applyIncrementally(state, extendChain(chain, [draft]));
  }
  return chain;
}

describe('results of the demo session', () => {
  const site = demoSite(5);
  const allItems = demoSpecification.tasks.flatMap((t) => t.items);
  const full = (points: (max: number) => number) =>
    Object.fromEntries(allItems.map((i) => [i.id, points(i.maxPoints)]));

  it('are pending until every examiner submitted, then scored; absent is absent, not zero', () => {
    const state = project([]);
    const chain = run(site.setup, state);
    const [c0, c1] = site.candidates.filter((c) => state.checkIns[`${site.session}/${c.id}`]?.state === 'present');
    const absent = site.candidates.find((c) => state.checkIns[`${site.session}/${c.id}`]?.state === 'absent')!;
    const [e1, e2, e3] = site.examiners;
    const submit = (examiner: string, candidate: string, items: Record<string, number>) => ({
      actor: examiner,
      type: 'score.submitted',
      body: { session: site.session, candidate, examiner, items },
    });
    // Everything full marks except: e2 gives 80% and e3 gives 90% (rounded to the step).
    run(
      [
        submit(
          e1!,
          c0!.id,
          full((m) => m),
        ),
        submit(
          e2!,
          c0!.id,
          full((m) => Math.round(m * 0.8 * 2) / 2),
        ),
      ],
      state,
      chain,
    );
    expect(candidateResult(state, site.session, c0!.id)).toMatchObject({ status: 'pending', sheets: 2, required: 3 });
    run(
      [
        submit(
          e3!,
          c0!.id,
          full((m) => Math.round(m * 0.9 * 2) / 2),
        ),
      ],
      state,
      chain,
    );
    const e2Total = sheetTotal(
      demoSpecification,
      full((m) => Math.round(m * 0.8 * 2) / 2),
    );
    const e3Total = sheetTotal(
      demoSpecification,
      full((m) => Math.round(m * 0.9 * 2) / 2),
    );
    const result = candidateResult(state, site.session, c0!.id);
    expect(result).toMatchObject({
      status: 'scored',
      pass: true,
      final: divideRoundHalfUp(10_000 + e2Total + e3Total, 3),
    });
    expect(result.examinerTotals).toEqual({ [e1!]: 10_000, [e2!]: e2Total, [e3!]: e3Total });
    const absentResult = candidateResult(state, site.session, absent.id);
    expect(absentResult.status).toBe('absent');
    expect(absentResult.final).toBeUndefined();

    // A discrepancy: e1 gives T2-1 full (15), e2 gives 9 (6 apart > 4.5): disputed until arbitrated.
    const low = { ...full((m) => m), 'T2-1': 9 };
    run(
      [
        submit(
          e1!,
          c1!.id,
          full((m) => m),
        ),
        submit(e2!, c1!.id, low),
        submit(
          e3!,
          c1!.id,
          full((m) => m),
        ),
      ],
      state,
      chain,
    );
    const disputed = candidateResult(state, site.session, c1!.id);
    expect(disputed.status).toBe('disputed');
    expect(disputed.discrepancies).toEqual([{ item: 'T2-1', low: 900, high: 1500, threshold: 450 }]);
    expect(
      checkCommand(state, {
        actor: e2!,
        type: 'score.arbitrated',
        body: { session: site.session, candidate: c1!.id, item: 'T2-1', points: 12, reason: '复核' },
      })?.code,
    ).toBe('not_group_leader');
    expect(
      checkCommand(state, {
        actor: e1!,
        type: 'score.arbitrated',
        body: { session: site.session, candidate: c1!.id, item: 'T1-1', points: 5, reason: '复核' },
      })?.code,
    ).toBe('not_disputed');
    run(
      [
        {
          actor: e1!,
          type: 'score.arbitrated',
          body: {
            session: site.session,
            candidate: c1!.id,
            item: 'T2-1',
            points: 12,
            reason: '组长复核成品，按主体造型评分标准扣 3 分',
          },
        },
      ],
      state,
      chain,
    );
    // Every examiner's T2-1 becomes 12: each total is 100 − 3 = 97.00; the mean is 97.00.
    expect(candidateResult(state, site.session, c1!.id)).toMatchObject({
      status: 'scored',
      final: 9700,
      flags: ['arbitrated'],
    });

    // A 10% deduction for working past the end signal: 97.00 → 87.30.
    run(
      [
        {
          actor: site.supervisor,
          type: 'misconduct.recorded',
          body: {
            session: site.session,
            candidate: c1!.id,
            action: 'deduct',
            deductPercent: 10,
            reason: '结束信号后继续操作',
          },
        },
      ],
      state,
      chain,
    );
    expect(candidateResult(state, site.session, c1!.id)).toMatchObject({
      final: 8730,
      aggregated: 9700,
      deductionPercent: 10,
    });
    run(
      [
        {
          actor: site.supervisor,
          type: 'misconduct.recorded',
          body: { session: site.session, candidate: c1!.id, action: 'void', reason: '携带成品入场' },
        },
      ],
      state,
      chain,
    );
    const voided = candidateResult(state, site.session, c1!.id);
    expect(voided.status).toBe('void');
    expect(voided.final).toBeUndefined();

    const summary = sessionResults(state, site.session);
    expect(summary).toMatchObject({ registered: 30, absent: 2, scored: 1, passed: 1, passRate: 10_000 });
  });

  it('closing lists exactly what is missing and needs both countersignatures', () => {
    const state = project([]);
    const chain = run(site.setup, state);
    const close = { actor: site.manager, type: 'session.closed', body: { session: site.session } };
    expect(checkCommand(state, close)).toMatchObject({ code: 'incomplete' });
    const missing = completeness(state, site.session);
    expect(missing.filter((m) => m.code === 'missing_sheets')).toHaveLength(28);
    expect(missing.some((m) => m.code === 'checklist_missing')).toBe(true);
    run([...site.scoring, ...site.supervision('c'.repeat(64))], state, chain);
    expect(completeness(state, site.session).map((m) => m.code)).toEqual(
      // The demo's random scores may leave discrepancies for the leader; whatever is left is named.
      completeness(state, site.session)
        .filter((m) => m.code === 'open_discrepancy')
        .map(() => 'open_discrepancy'),
    );
    for (const problem of completeness(state, site.session)) {
      const result = candidateResult(state, site.session, problem.candidate!);
      for (const d of result.discrepancies) {
        run(
          [
            {
              actor: site.examiners[0]!,
              type: 'score.arbitrated',
              body: {
                session: site.session,
                candidate: problem.candidate!,
                item: d.item,
                points: d.low / 100,
                reason: '组长裁定',
              },
            },
          ],
          state,
          chain,
        );
      }
    }
    expect(completeness(state, site.session)).toEqual([]);
    expect(checkCommand(state, close)).toMatchObject({ code: 'countersign_missing' });
    expect(
      checkCommand(state, {
        actor: site.examiners[0]!,
        type: 'session.countersigned',
        body: { session: site.session, role: 'supervisor' },
      })?.code,
    ).toBe('not_supervisor');
    run(
      [
        { actor: site.manager, type: 'session.countersigned', body: { session: site.session, role: 'manager' } },
        { actor: site.supervisor, type: 'session.countersigned', body: { session: site.session, role: 'supervisor' } },
        close,
      ],
      state,
      chain,
    );
    expect(state.sessions[site.session]?.status).toBe('closed');
    expect(toHundredths(0.1 + 0.2)).toBe(30);
  });
});

describe('theory + practical (each part must pass on its own)', () => {
  const theoryPractical: Specification = {
    ...demoSpecification,
    method: 'theory_practical',
    tasks: demoSpecification.tasks.map((task, i) => (i === 0 ? { ...task, part: 'theory' } : task)),
  };
  const site = demoSite(7);
  const setup = site.setup.map((draft) =>
    draft.type === 'spec.defined' ? { ...draft, body: { spec: theoryPractical } } : draft,
  );
  const score = (points: (taskIndex: number, max: number) => number) =>
    Object.fromEntries(
      theoryPractical.tasks.flatMap((task, t) => task.items.map((item) => [item.id, points(t, item.maxPoints)])),
    );

  it('scales each part to 100 on its own share of the weights', () => {
    // T1 (theory, 20%) at half marks; T2–T4 (practical, 80%) full: theory 50.00, practical 100.00, total 90.00.
    const items = score((t, max) => (t === 0 ? max / 2 : max));
    expect(partScores(theoryPractical, items)).toEqual({ theory: 5000, practical: 10_000 });
    expect(sheetTotal(theoryPractical, items)).toBe(9000);
    expect(partScores(demoSpecification, items)).toBeUndefined();
  });

  it('fails a candidate whose theory is below the pass mark although the total is 90', () => {
    const state = project([]);
    const chain = run(setup, state);
    const [c0, c1] = site.candidates.filter((c) => state.checkIns[`${site.session}/${c.id}`]?.state === 'present');
    const sheets = (candidate: string, items: Record<string, number>) =>
      site.examiners.map((examiner) => ({
        actor: examiner,
        type: 'score.submitted',
        body: { session: site.session, candidate, examiner, items },
      }));
    run(
      [
        ...sheets(
          c0!.id,
          score((t, max) => (t === 0 ? max / 2 : max)),
        ),
        ...sheets(
          c1!.id,
          score((t, max) => (t === 0 ? max : Math.round(max * 0.7 * 2) / 2)),
        ),
      ],
      state,
      chain,
    );
    expect(candidateResult(state, site.session, c0!.id)).toMatchObject({
      status: 'scored',
      final: 9000,
      parts: { theory: 5000, practical: 10_000 },
      pass: false,
    });
    const passed = candidateResult(state, site.session, c1!.id);
    expect(passed.parts!.theory).toBe(10_000);
    expect(passed.parts!.practical).toBeGreaterThanOrEqual(6000);
    expect(passed.pass).toBe(true);
  });

  it('refuses a theory + practical specification without both parts, and theory in a practical one', () => {
    const onlyPractical = specificationSchema.safeParse({ ...demoSpecification, method: 'theory_practical' });
    expect(onlyPractical.success ? [] : onlyPractical.error.issues.map((i) => i.message)).toEqual(['parts_missing']);
    const theoryInPractical = specificationSchema.safeParse({ ...theoryPractical, method: 'practical' });
    expect(theoryInPractical.success ? [] : theoryInPractical.error.issues.map((i) => i.message)).toEqual([
      'theory_not_in_method',
    ]);
    expect(specificationSchema.safeParse(theoryPractical).success).toBe(true);
  });
});
