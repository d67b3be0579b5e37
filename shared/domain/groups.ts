/**
 * Examining groups (考评组, DESIGN.md §2): a session may have several, each with its own
 * examiners and leader; each candidate belongs to one, and only that group's examiners score
 * them and only its leader arbitrates. With a single group every candidate is in it.
 */
import type { SiteState } from '../state/project';

/** The session's examining groups: group name → its examiners' person ids. */
export function examinerGroups(state: SiteState, session: string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const a of Object.values(state.assignments))
    if (a.session === session && a.role === 'examiner') groups.set(a.group, [...(groups.get(a.group) ?? []), a.person]);
  return groups;
}

/**
 * The group a candidate belongs to: the one allocated, or the only group there is; undefined
 * while a session of several groups has not allocated the candidate (it cannot open so).
 */
export function candidateGroup(
  state: SiteState,
  session: string,
  candidate: string,
  groups: Map<string, string[]> = examinerGroups(state, session),
): string | undefined {
  const allocated = state.allocations[`${session}/${candidate}`];
  if (allocated !== undefined) return allocated;
  return groups.size === 1 ? [...groups.keys()][0] : undefined;
}

/** The leader of a candidate's group (the one who arbitrates and confirms amendments for them). */
export function groupLeaderOf(state: SiteState, session: string, candidate: string): string | undefined {
  const group = candidateGroup(state, session, candidate);
  return Object.values(state.assignments).find(
    (a) => a.session === session && a.role === 'examiner' && a.group === group && a.leader,
  )?.person;
}

/** Candidates spread over the groups in ticket order, in runs as even as the numbers allow (10 over 3: 4, 3, 3). */
export function allocateEvenly(
  candidates: { candidate: string; ticket: string }[],
  groups: string[],
): Record<string, string> {
  const sorted = [...groups].sort();
  const ordered = [...candidates].sort((a, b) => a.ticket.localeCompare(b.ticket));
  return Object.fromEntries(
    ordered.map((c, i) => [c.candidate, sorted[Math.floor((i * sorted.length) / ordered.length)]!]),
  );
}

/**
 * 工位号: a candidate's workstation, numbered from 1 in ticket order within the session — the
 * number on the admission ticket and at the bench.
 */
export function workstationNumbers(candidates: { candidate: string; ticket: string }[]): Map<string, number> {
  const ordered = [...candidates].sort((a, b) => a.ticket.localeCompare(b.ticket));
  return new Map(ordered.map((c, i) => [c.candidate, i + 1]));
}

export interface WorkstationRange {
  group: string;
  /** First and last workstation, inclusive. */
  from: number;
  to: number;
}

/**
 * Candidates allocated by workstation range (工位 1–15 to group A, 16–30 to B): the rooms a site
 * lays out. Refuses overlapping ranges; candidates outside every range keep their group.
 */
export function allocateByWorkstation(
  candidates: { candidate: string; ticket: string }[],
  ranges: WorkstationRange[],
): { ok: true; groups: Record<string, string> } | { ok: false; problem: 'overlap' | 'empty_range'; group: string } {
  for (const r of ranges)
    if (!(r.from >= 1 && r.to >= r.from)) return { ok: false, problem: 'empty_range', group: r.group };
  const sorted = [...ranges].sort((a, b) => a.from - b.from);
  for (let i = 1; i < sorted.length; i++)
    if (sorted[i]!.from <= sorted[i - 1]!.to) return { ok: false, problem: 'overlap', group: sorted[i]!.group };
  const groups: Record<string, string> = {};
  for (const [candidate, number] of workstationNumbers(candidates)) {
    const range = ranges.find((r) => number >= r.from && number <= r.to);
    if (range) groups[candidate] = range.group;
  }
  return { ok: true, groups };
}
