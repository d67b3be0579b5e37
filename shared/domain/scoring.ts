/**
 * Scores and results, in integer hundredths of a point (FORMATS.md §1) so that every device and
 * the authority compute the same figures to the last digit.
 *
 * - A sheet's total: each task's item points over the task's item maxima, scaled to the task's
 *   weight, rounded half up to hundredths; the tasks' figures are added (0–100 points).
 * - Discrepancy: two examiners differing on an item by more than the specification's threshold
 *   (default 30% of the item's max) — unless the group leader arbitrated that item.
 * - Arbitration: the leader's points for an item replace every examiner's points for it.
 * - Final score: the specification's rule over the examiners' totals (mean, median or trimmed
 *   mean), then misconduct deductions; void, stop and impersonation leave no score.
 * - Theory + practical: each part's tasks, scaled to that part's weights, give a score out of 100
 *   for the part (the same rule and deductions); the candidate passes only when the total and
 *   each part reach the pass mark.
 */
import type { ReviewState, SiteState, SheetState } from '../state/project';
import { recusalReason } from './assignment';
import { candidateGroup, examinerGroups } from './groups';
import { specParts, type EventBody, type Specification } from './events';

export type Hundredths = number;

export function toHundredths(points: number): Hundredths {
  return Math.round(points * 100);
}

export function formatPoints(value: Hundredths): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** round(numerator / denominator), halves up, for non-negative integers. */
export function divideRoundHalfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

export type ItemPoints = Record<string, number>;

/** Whether a value is allowed for an item: 0 ≤ v ≤ max, a whole multiple of the step. */
export function checkItemValue(
  value: number,
  item: { maxPoints: number; step: number },
): 'ok' | 'negative' | 'over_max' | 'off_step' {
  if (!Number.isFinite(value) || value < 0) return 'negative';
  const v = toHundredths(value);
  if (v > toHundredths(item.maxPoints)) return 'over_max';
  if (v % toHundredths(item.step) !== 0) return 'off_step';
  return 'ok';
}

/** The weighted total of a (possibly incomplete) sheet, in hundredths; missing items count 0. */
export function sheetTotal(spec: Specification, items: ItemPoints): Hundredths {
  return taskSubtotals(spec, items).reduce((sum, task) => sum + task.weighted, 0);
}

/** Per task: the weighted subtotal in hundredths (for the score sheet). */
export function taskSubtotals(
  spec: Specification,
  items: ItemPoints,
): { task: string; points: Hundredths; max: Hundredths; weighted: Hundredths }[] {
  return spec.tasks.map((task) => {
    const max = task.items.reduce((sum, item) => sum + toHundredths(item.maxPoints), 0);
    const points = task.items.reduce((sum, item) => sum + toHundredths(items[item.id] ?? 0), 0);
    return { task: task.id, points, max, weighted: divideRoundHalfUp(points * task.weight * 100, max) };
  });
}

export type SpecPart = (typeof specParts)[number];
export type PartScores = Record<SpecPart, Hundredths>;

/**
 * Each part's score out of 100, in hundredths, for a theory + practical specification (undefined
 * for other methods): the part's weighted task subtotals over the part's share of the weights.
 */
export function partScores(spec: Specification, items: ItemPoints): PartScores | undefined {
  if (spec.method !== 'theory_practical') return undefined;
  const subtotals = taskSubtotals(spec, items);
  const score = (part: SpecPart) => {
    const tasks = spec.tasks.flatMap((task, i) =>
      (task.part ?? 'practical') === part ? [{ task, sub: subtotals[i]! }] : [],
    );
    const weight = tasks.reduce((sum, t) => sum + t.task.weight, 0);
    const weighted = tasks.reduce((sum, t) => sum + t.sub.weighted, 0);
    return weight ? divideRoundHalfUp(weighted * 100, weight) : 0;
  };
  return { theory: score('theory'), practical: score('practical') };
}

export function aggregate(rule: Specification['aggregation'], totals: Hundredths[]): Hundredths | undefined {
  if (totals.length === 0) return undefined;
  const sorted = [...totals].sort((a, b) => a - b);
  const mean = (values: number[]) =>
    divideRoundHalfUp(
      values.reduce((a, b) => a + b, 0),
      values.length,
    );
  if (rule === 'median') {
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid]! : mean([sorted[mid - 1]!, sorted[mid]!]);
  }
  if (rule === 'trimmed_mean' && sorted.length >= 3) return mean(sorted.slice(1, -1));
  return mean(sorted);
}

export interface Discrepancy {
  item: string;
  /** Lowest and highest points given, in hundredths. */
  low: Hundredths;
  high: Hundredths;
  threshold: Hundredths;
}

export function discrepancies(
  spec: Specification,
  sheets: { items: ItemPoints }[],
  arbitrated: Set<string>,
): Discrepancy[] {
  if (sheets.length < 2) return [];
  const found: Discrepancy[] = [];
  for (const item of spec.tasks.flatMap((task) => task.items)) {
    if (arbitrated.has(item.id)) continue;
    const values = sheets.map((sheet) => toHundredths(sheet.items[item.id] ?? 0));
    const low = Math.min(...values);
    const high = Math.max(...values);
    const threshold = divideRoundHalfUp(
      toHundredths(item.maxPoints) * Math.round(spec.discrepancyPercent * 100),
      10_000,
    );
    if (high - low > threshold) found.push({ item: item.id, low, high, threshold });
  }
  return found;
}

export type ResultStatus =
  'not_checked_in' | 'absent' | 'late_refused' | 'pending' | 'disputed' | 'scored' | 'void' | 'stopped';

export interface CandidateResult {
  candidate: string;
  status: ResultStatus;
  /** Each examiner's total as submitted (amendments applied), in hundredths. */
  examinerTotals: Record<string, Hundredths>;
  sheets: number;
  required: number;
  discrepancies: Discrepancy[];
  /** After arbitration and deductions; undefined until scored. */
  final?: Hundredths;
  /** Before deductions. */
  aggregated?: Hundredths;
  /** Theory + practical: each part's score out of 100 after deductions; undefined until scored. */
  parts?: PartScores;
  deductionPercent: number;
  pass?: boolean;
  flags: ('caution' | 'warning' | 'deducted' | 'amended' | 'arbitrated' | 'reviewed')[];
}

/** Off the final score for working past the end signal once (R2 of the exam-room rules). */
export const overtimeDeductPercent = 10;

export function specOfSession(state: SiteState, session: string): Specification | undefined {
  const s = state.sessions[session];
  return s ? state.specs[`${s.spec}@${s.specVersion}`] : undefined;
}

/**
 * How many sheets a candidate needs: one from each examiner of the candidate's group who is not
 * recused from this candidate, and never fewer than the specification's minimum.
 */
export function requiredSheets(
  state: SiteState,
  spec: Specification,
  candidate: EventBody<'candidate.registered'>,
  examiners: string[],
): number {
  const eligible = examiners.filter((person) => !recusalReason(state, person, candidate)).length;
  return Math.max(spec.minExaminers, eligible);
}

/**
 * A 复核's corrected points for a candidate: every decision that changed the result and that the
 * supervisor countersigned, later decisions over earlier ones. They replace every examiner's
 * points for those items, after the group leader's arbitration.
 */
export function reviewCorrections(reviews: readonly ReviewState[]): ItemPoints {
  const decided = reviews
    .filter((r) => r.countersignedBy && r.decision?.outcome === 'changed')
    .sort((a, b) => a.decision!.at.localeCompare(b.decision!.at));
  const corrected: ItemPoints = {};
  for (const review of decided) Object.assign(corrected, review.decision!.items);
  return corrected;
}

export function candidateSheets(state: SiteState, session: string, candidate: string): SheetState[] {
  return Object.values(state.sheets).filter((s) => s.session === session && s.candidate === candidate);
}

/** A session's sheets, arbitrations and misconduct by candidate: read once for a whole session's results. */
interface SessionRecords {
  /** The session's examining groups: group → examiners. */
  groups: Map<string, string[]>;
  sheets: Map<string, SheetState[]>;
  arbitrations: Map<string, SiteState['arbitrations'][string][]>;
  misconduct: Map<string, SiteState['misconduct'][string][]>;
  reviews: Map<string, ReviewState[]>;
}

function byCandidate<T extends { session: string; candidate: string }>(
  rows: Iterable<T>,
  session: string,
  only?: string,
): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    if (row.session !== session || (only !== undefined && row.candidate !== only)) continue;
    const list = out.get(row.candidate);
    if (list) list.push(row);
    else out.set(row.candidate, [row]);
  }
  return out;
}

function sessionRecords(state: SiteState, session: string, only?: string): SessionRecords {
  return {
    groups: examinerGroups(state, session),
    sheets: byCandidate(Object.values(state.sheets), session, only),
    arbitrations: byCandidate(Object.values(state.arbitrations), session, only),
    misconduct: byCandidate(Object.values(state.misconduct), session, only),
    reviews: byCandidate(Object.values(state.reviews), session, only),
  };
}

export function candidateResult(
  state: SiteState,
  session: string,
  candidate: string,
  records: SessionRecords = sessionRecords(state, session, candidate),
): CandidateResult {
  const spec = specOfSession(state, session)!;
  const checkIn = state.checkIns[`${session}/${candidate}`];
  const sheets = records.sheets.get(candidate) ?? [];
  const group = candidateGroup(state, session, candidate, records.groups);
  const examiners = group === undefined ? [] : (records.groups.get(group) ?? []);
  const required = requiredSheets(state, spec, state.candidates[candidate]!, examiners);
  const arbitrations = records.arbitrations.get(candidate) ?? [];
  const arbitratedItems = new Map(arbitrations.map((a) => [a.item, a.points]));
  const misconduct = records.misconduct.get(candidate) ?? [];
  const examinerTotals = Object.fromEntries(sheets.map((s) => [s.examiner, sheetTotal(spec, s.items)]));
  const flags: CandidateResult['flags'] = [];
  if (misconduct.some((m) => m.action === 'caution')) flags.push('caution');
  if (misconduct.some((m) => m.action === 'warning')) flags.push('warning');
  if (sheets.some((s) => s.amendments.length)) flags.push('amended');
  if (arbitrations.length) flags.push('arbitrated');
  const reviewed = reviewCorrections(records.reviews.get(candidate) ?? []);
  if (Object.keys(reviewed).length) flags.push('reviewed');
  // Working past the end signal: the first time a warning with 10% off, a repeat voids the score.
  const overtime = misconduct.filter((m) => m.action === 'overtime').length;
  if (overtime === 1 && !flags.includes('warning')) flags.push('warning');
  const deductionPercent = Math.min(
    100,
    misconduct.filter((m) => m.action === 'deduct').reduce((sum, m) => sum + (m.deductPercent ?? 0), 0) +
      (overtime === 1 ? overtimeDeductPercent : 0),
  );
  if (deductionPercent > 0) flags.push('deducted');
  const base = { candidate, examinerTotals, sheets: sheets.length, required, deductionPercent, flags };

  if (!checkIn) return { ...base, status: 'not_checked_in', discrepancies: [] };
  if (checkIn.state === 'absent') return { ...base, status: 'absent', discrepancies: [] };
  if (checkIn.state === 'late_refused') return { ...base, status: 'late_refused', discrepancies: [] };
  if (checkIn.state === 'substituted' || misconduct.some((m) => m.action === 'void') || overtime >= 2)
    return { ...base, status: 'void', discrepancies: [] };
  if (misconduct.some((m) => m.action === 'stop')) return { ...base, status: 'stopped', discrepancies: [] };
  const open = discrepancies(spec, sheets, new Set([...arbitratedItems.keys(), ...Object.keys(reviewed)]));
  if (sheets.length < required) return { ...base, status: 'pending', discrepancies: open };
  if (open.length) return { ...base, status: 'disputed', discrepancies: open };
  const effectiveItems = sheets.map((s) => ({ ...s.items, ...Object.fromEntries(arbitratedItems), ...reviewed }));
  const deduct = (value: Hundredths) => value - divideRoundHalfUp(value * Math.round(deductionPercent * 100), 10_000);
  const aggregated = aggregate(
    spec.aggregation,
    effectiveItems.map((items) => sheetTotal(spec, items)),
  )!;
  const final = deduct(aggregated);
  const perSheetParts = effectiveItems.map((items) => partScores(spec, items));
  const parts = perSheetParts.every((p) => p !== undefined)
    ? {
        theory: deduct(
          aggregate(
            spec.aggregation,
            perSheetParts.map((p) => p.theory),
          )!,
        ),
        practical: deduct(
          aggregate(
            spec.aggregation,
            perSheetParts.map((p) => p.practical),
          )!,
        ),
      }
    : undefined;
  const passMark = toHundredths(spec.passMark);
  return {
    ...base,
    status: 'scored',
    discrepancies: [],
    aggregated,
    final,
    ...(parts ? { parts } : {}),
    // Each part must pass on its own (DESIGN.md §2), as well as the total.
    pass: final >= passMark && (!parts || (parts.theory >= passMark && parts.practical >= passMark)),
  };
}

export interface SessionResults {
  candidates: CandidateResult[];
  registered: number;
  present: number;
  absent: number;
  scored: number;
  passed: number;
  /** Passed over scored, in hundredths of a percent (e.g. 8571 = 85.71%). */
  passRate?: number;
}

export function sessionResults(state: SiteState, session: string): SessionResults {
  // Every sheet, arbitration and misconduct row is read once, not once per candidate (a session
  // of 1,000 candidates at a site of 100,000 events held the screen for over 30 s in the bench).
  const records = sessionRecords(state, session);
  const candidates = Object.values(state.candidates)
    .filter((c) => c.session === session)
    .sort((a, b) => a.ticket.localeCompare(b.ticket))
    .map((c) => candidateResult(state, session, c.candidate, records));
  const scored = candidates.filter((r) => r.status === 'scored');
  const passed = scored.filter((r) => r.pass).length;
  return {
    candidates,
    registered: candidates.length,
    present: candidates.filter((r) => !['not_checked_in', 'absent', 'late_refused'].includes(r.status)).length,
    absent: candidates.filter((r) => r.status === 'absent' || r.status === 'late_refused').length,
    scored: scored.length,
    passed,
    passRate: scored.length ? divideRoundHalfUp(passed * 10_000, scored.length) : undefined,
  };
}

export type CompletenessCode =
  | 'not_checked_in'
  | 'missing_sheets'
  | 'open_discrepancy'
  | 'checklist_missing'
  | 'no_supervisor'
  | 'misconduct_unconfirmed';

export interface CompletenessProblem {
  code: CompletenessCode;
  candidate?: string;
  params?: Record<string, string | number>;
}

/** What stands between the session and closing, each item named. */
export function completeness(state: SiteState, session: string): CompletenessProblem[] {
  const problems: CompletenessProblem[] = [];
  for (const result of sessionResults(state, session).candidates) {
    const name = state.candidates[result.candidate]?.name ?? result.candidate;
    if (result.status === 'not_checked_in')
      problems.push({ code: 'not_checked_in', candidate: result.candidate, params: { name } });
    if (result.status === 'pending')
      problems.push({
        code: 'missing_sheets',
        candidate: result.candidate,
        params: { name, have: result.sheets, need: result.required },
      });
    if (result.status === 'disputed')
      problems.push({
        code: 'open_discrepancy',
        candidate: result.candidate,
        params: { name, items: result.discrepancies.map((d) => d.item).join('、') },
      });
  }
  if (!Object.values(state.assignments).some((a) => a.session === session && a.role === 'supervisor'))
    problems.push({ code: 'no_supervisor' });
  if (!state.sessions[session]?.checklist) problems.push({ code: 'checklist_missing' });
  // An examiner's exam-room record stands only once the supervisor has confirmed it.
  for (const m of Object.values(state.misconduct))
    if (m.session === session && !m.confirmedBy)
      problems.push({
        code: 'misconduct_unconfirmed',
        candidate: m.candidate,
        params: { name: state.candidates[m.candidate]?.name ?? '', by: state.people[m.by]?.name ?? '' },
      });
  return problems;
}

/** Whether `items` scores every item of the specification with an allowed value, and nothing else. */
export function checkSheetItems(
  spec: Specification,
  items: ItemPoints,
  { partial = false } = {},
): { item: string; problem: string } | undefined {
  const known = new Map(spec.tasks.flatMap((task) => task.items).map((item) => [item.id, item]));
  for (const [id, value] of Object.entries(items)) {
    const item = known.get(id);
    if (!item) return { item: id, problem: 'unknown_item' };
    const check = checkItemValue(value, item);
    if (check !== 'ok') return { item: id, problem: check };
  }
  if (!partial) for (const id of known.keys()) if (!(id in items)) return { item: id, problem: 'missing' };
  return undefined;
}

export interface OpenDispute extends Discrepancy {
  session: string;
  candidate: string;
  /** Each examiner's points for the item, in hundredths, by examiner. */
  points: Record<string, Hundredths>;
}

/**
 * The discrepancies a person must arbitrate now: in open sessions where they lead the examining
 * group, items of candidates whose every sheet is in (before that, nobody sees the others' scores).
 */
export function disputesToArbitrate(state: SiteState, person: string): OpenDispute[] {
  const out: OpenDispute[] = [];
  for (const session of Object.values(state.sessions)) {
    const assignment = state.assignments[`${session.id}/${person}`];
    if (session.status !== 'open' || !assignment?.leader) continue;
    const records = sessionRecords(state, session.id);
    for (const [candidate, sheets] of records.sheets) {
      // Only the candidate's own group's leader arbitrates them.
      if (candidateGroup(state, session.id, candidate, records.groups) !== assignment.group) continue;
      const result = candidateResult(state, session.id, candidate, records);
      if (result.status !== 'disputed') continue;
      for (const d of result.discrepancies)
        out.push({
          ...d,
          session: session.id,
          candidate,
          points: Object.fromEntries(sheets.map((s) => [s.examiner, toHundredths(s.items[d.item] ?? 0)])),
        });
    }
  }
  return out;
}

/** Whether an examiner may see the other examiners' sheets of a candidate: only once every sheet is in. */
export function othersVisible(state: SiteState, session: string, candidate: string): boolean {
  const result = candidateResult(state, session, candidate);
  return result.sheets >= result.required;
}
