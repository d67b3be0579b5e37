/** A scored session of any size (the demo site, grown), with the site profile printed records name. */
import { demoSite } from '../../shared/domain/demoSite';
import type { SiteProfile } from '../../shared/domain/site';
import { type SiteState } from '../../shared/state/project';
export declare const printSite: SiteProfile;
export declare function scoredSession(candidates?: number): {
    state: SiteState;
    session: string;
    site: ReturnType<typeof demoSite>;
};
