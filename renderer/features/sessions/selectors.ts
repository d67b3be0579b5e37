/** Derived views of the site state that several session screens need. */
import type { SessionState, SiteState } from '../../../shared/state/project';

/** The sessions a person is assigned to in `role`, among those `shown` lets through. */
export function assignedSessions(
  site: SiteState | undefined,
  person: string,
  role: 'examiner' | 'supervisor',
  shown: (session: SessionState) => boolean,
): SessionState[] {
  return Object.values(site?.sessions ?? {}).filter(
    (s) => shown(s) && site?.assignments[`${s.id}/${person}`]?.role === role,
  );
}

export function sessionCandidates(site: SiteState | undefined, session: string) {
  return Object.values(site?.candidates ?? {})
    .filter((c) => c.session === session)
    .sort((a, b) => a.ticket.localeCompare(b.ticket));
}

export function sessionCheckIns(site: SiteState | undefined, session: string) {
  return Object.values(site?.checkIns ?? {}).filter((c) => c.session === session);
}

export function sessionCounts(site: SiteState | undefined, session: string) {
  const checkIns = sessionCheckIns(site, session);
  const count = (state: string) => checkIns.filter((c) => c.state === state).length;
  const registered = sessionCandidates(site, session).length;
  return {
    registered,
    present: count('present'),
    absent: count('absent'),
    late: count('late_refused'),
    substituted: count('substituted'),
    pending: registered - checkIns.length,
  };
}

/** The search-as-you-type rule of every candidate list: a name, ticket or ID number containing the query. */
export function matchingCandidates<T extends { name: string; ticket: string; idNumber: string }>(
  candidates: T[],
  query: string,
): T[] {
  const q = query.trim().toUpperCase();
  return q
    ? candidates.filter((c) => c.name.includes(q) || c.ticket.includes(q) || c.idNumber.includes(q))
    : candidates;
}

/** The tag colour of a session's status, on the sessions list, the session page and the home page. */
export const statusColors: Record<SessionState['status'], string> = {
  planned: 'default',
  open: 'processing',
  closed: 'success',
};
