/** Derived views of the site state that several session screens need. */
import type { SiteState } from '../../../shared/state/project';

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
