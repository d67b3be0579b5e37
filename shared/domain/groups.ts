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
