/**
 * Staffing and recusal (回避) rules for examining groups (DESIGN.md §2): at least the
 * specification's minimum examiners, an odd number, one group leader, about 1 examiner per 5
 * candidates, supervisors separate from examiners; an examiner may not assess a candidate from
 * the same training unit or employer, or with a declared relationship.
 *
 * Recusal is per examiner–candidate pair: the examiner still scores everyone else, and the
 * candidate is scored by the session's other examiners — of whom there must still be the
 * specification's minimum, or the session cannot open (`recusal_short` says what to do).
 * A supervisor oversees the whole session, so a supervisor's conflict with any of its candidates
 * keeps the session from opening until another supervisor is assigned.
 */
import type { SiteState } from '../state/project';
import { candidateGroup, examinerGroups } from './groups';

export interface RecusalProblem {
  candidate: string;
  candidateName: string;
  reason: 'training_unit' | 'employer' | 'declared';
}

const same = (a: string | undefined, b: string | undefined) => !!a && !!b && a.trim() !== '' && a.trim() === b.trim();

type CandidateLike = { candidate: string; trainingUnit: string; employer: string };

/** Why the person may not assess this candidate, or undefined when they may. */
export function recusalReason(
  state: SiteState,
  person: string,
  candidate: CandidateLike,
): RecusalProblem['reason'] | undefined {
  const examiner = state.people[person];
  if (!examiner) return undefined;
  if (Object.values(state.declaredConflicts).some((c) => c.person === person && c.candidate === candidate.candidate))
    return 'declared';
  if (same(candidate.trainingUnit, examiner.trainingUnit)) return 'training_unit';
  if (same(candidate.employer, examiner.employer)) return 'employer';
  return undefined;
}

/** Every candidate of the session the person may not assess, with the reason. */
export function recusalProblems(state: SiteState, session: string, person: string): RecusalProblem[] {
  const problems: RecusalProblem[] = [];
  for (const c of Object.values(state.candidates)) {
    if (c.session !== session) continue;
    const reason = recusalReason(state, person, c);
    if (reason) problems.push({ candidate: c.candidate, candidateName: c.name, reason });
  }
  return problems;
}

/**
 * Every examiner–candidate pair of the session that is excluded, with the reason: an examiner and
 * a candidate of the same group (with one group, everyone) who may not meet.
 */
export function recusedPairs(state: SiteState, session: string): (RecusalProblem & { person: string })[] {
  const groups = examinerGroups(state, session);
  const examiners = Object.values(state.assignments).filter((a) => a.session === session && a.role === 'examiner');
  return examiners.flatMap((a) =>
    recusalProblems(state, session, a.person)
      .filter((p) => {
        const group = candidateGroup(state, session, p.candidate, groups);
        return group === undefined || group === a.group;
      })
      .map((p) => ({ ...p, person: a.person })),
  );
}

export type StaffingCode =
  | 'no_examiners'
  | 'unallocated'
  | 'recusal_short'
  | 'recused_pair'
  | 'supervisor_recused'
  | 'too_few_examiners'
  | 'even_examiners'
  | 'no_group_leader'
  | 'several_group_leaders'
  | 'examiner_load'
  | 'no_supervisor';

export interface StaffingProblem {
  code: StaffingCode;
  severity: 'error' | 'warning';
  params: Record<string, number | string>;
}

/** The staffing of one session's examining groups, as errors (block opening) and warnings. */
export function staffingProblems(state: SiteState, session: string): StaffingProblem[] {
  const s = state.sessions[session];
  if (!s) return [];
  const spec = state.specs[`${s.spec}@${s.specVersion}`];
  const minExaminers = spec?.minExaminers ?? 3;
  const assignments = Object.values(state.assignments).filter((a) => a.session === session);
  const candidates = Object.values(state.candidates).filter((c) => c.session === session).length;
  const groups = examinerGroups(state, session);
  const problems: StaffingProblem[] = [];
  if (groups.size === 0) problems.push({ code: 'no_examiners', severity: 'error', params: { min: minExaminers } });
  for (const [group, members] of groups) {
    if (members.length < minExaminers)
      problems.push({
        code: 'too_few_examiners',
        severity: 'error',
        params: { group, count: members.length, min: minExaminers },
      });
    else if (members.length % 2 === 0)
      problems.push({ code: 'even_examiners', severity: 'error', params: { group, count: members.length } });
    const leaders = members.filter((person) => state.assignments[`${session}/${person}`]?.leader).length;
    if (leaders === 0) problems.push({ code: 'no_group_leader', severity: 'error', params: { group } });
    if (leaders > 1)
      problems.push({ code: 'several_group_leaders', severity: 'error', params: { group, count: leaders } });
  }
  const examiners = assignments.filter((a) => a.role === 'examiner').length;
  // With several groups each candidate must be allocated to one before the session opens.
  if (groups.size > 1) {
    const unallocated = Object.values(state.candidates).filter(
      (c) => c.session === session && candidateGroup(state, session, c.candidate, groups) === undefined,
    ).length;
    if (unallocated > 0)
      problems.push({ code: 'unallocated', severity: 'error', params: { count: unallocated, groups: groups.size } });
  }
  const recusedByCandidate = new Map<string, string[]>();
  for (const pair of recusedPairs(state, session)) {
    const name = state.people[pair.person]?.name ?? '';
    problems.push({
      code: 'recused_pair',
      severity: 'warning',
      params: { examiner: name, candidate: pair.candidateName, reason: pair.reason },
    });
    recusedByCandidate.set(pair.candidate, [...(recusedByCandidate.get(pair.candidate) ?? []), name]);
  }
  for (const [candidate, names] of recusedByCandidate) {
    // Counted within the candidate's own group (the only examiners who score them).
    const group = candidateGroup(state, session, candidate, groups);
    const members = group === undefined ? examiners : (groups.get(group)?.length ?? 0);
    if (members - names.length < minExaminers)
      problems.push({
        code: 'recusal_short',
        severity: 'error',
        params: {
          candidate: state.candidates[candidate]?.name ?? '',
          examiners: names.join('、'),
          left: members - names.length,
          min: minExaminers,
        },
      });
  }
  // A supervisor watches the whole session: one who may not meet a candidate of it (relative,
  // same training unit or employer) cannot supervise it at all.
  for (const a of assignments.filter((a) => a.role === 'supervisor')) {
    const conflicts = recusalProblems(state, session, a.person);
    if (conflicts.length)
      problems.push({
        code: 'supervisor_recused',
        severity: 'error',
        params: {
          supervisor: state.people[a.person]?.name ?? '',
          candidates: conflicts
            .slice(0, 3)
            .map((c) => c.candidateName)
            .join('、'),
          count: conflicts.length,
          reason: conflicts[0]!.reason,
        },
      });
  }
  if (examiners > 0 && candidates > examiners * 5)
    problems.push({ code: 'examiner_load', severity: 'warning', params: { candidates, examiners } });
  if (!assignments.some((a) => a.role === 'supervisor'))
    problems.push({ code: 'no_supervisor', severity: 'warning', params: {} });
  return problems;
}

/** True when the checked-in count differs from the plan by more than 20%. */
export function attendanceDeviates(planned: number, checkedIn: number): boolean {
  if (planned === 0) return checkedIn > 0;
  return Math.abs(checkedIn - planned) / planned > 0.2;
}
