/** A scored session of any size (the demo site, grown), with the site profile printed records name. */
import { demoSite } from '../../shared/domain/demoSite';
import type { SiteProfile } from '../../shared/domain/site';
import { project, type SiteState } from '../../shared/state/project';
import { extendChain, newChain } from './chains';

export const printSite: SiteProfile = {
  siteCode: 'WH-0301',
  siteName: '威海市环翠区职业培训学校考点',
  district: '威海市环翠区',
};

export function scoredSession(candidates = 30): {
  state: SiteState;
  session: string;
  site: ReturnType<typeof demoSite>;
} {
  const site = demoSite(2026, candidates);
  const events = extendChain(newChain(), [...site.setup, ...site.scoring, ...site.supervision('ef'.repeat(32))]);
  return { state: project(events), session: site.session, site };
}
