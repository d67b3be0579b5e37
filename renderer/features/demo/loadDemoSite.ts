/**
 * "Load the demo site": the site profile, the built-in specification, a session of 30
 * candidates, 3 examiners, 1 supervisor and the site manager, with known PINs shown on screen.
 * Everything goes through the same ledger and rules as real data; only the setting 'demo'
 * marks it, and the banner says so on every screen.
 */
import { demoSite } from '../../../shared/domain/demoSite';
import { formatTime, localOffsetMinutes } from '../../../shared/ledger/ids';
import type { SiteProfile } from '../../../shared/domain/site';
import { setPin } from '../../db/credentials';
import { database } from '../../db/database';
import { sealJournalUnderManagerPin } from '../../app/journal';
import { changeSetting } from '../../store/useSetting';
import { useAppStore } from '../../store';

export const demoProfile: SiteProfile = {
  siteCode: 'DEMO-0001',
  siteName: '演示考点 · 威海市职业技能实训中心',
  district: '环翠区（演示）',
};
export const demoPins = { manager: '1111', examiner: '2222', supervisor: '3333' } as const;

export async function loadDemoSite(): Promise<void> {
  const { ledger } = useAppStore.getState();
  if (!ledger) throw new Error('the ledger is not open');
  const site = demoSite();
  // The demo stops before check-in and scoring, so a visitor does those themself.
  // It starts today on this device's clock, at the half hour an hour or so from now: a visitor
  // checks candidates in before the start, as a site does (late is judged against the start).
  const halfHour = 30 * 60_000;
  const start = Math.floor(Date.now() / halfHour) * halfHour + 2 * halfHour;
  const startsAt = formatTime(start, localOffsetMinutes(start));
  const setup = site.setup
    .filter((d) => d.type !== 'candidate.checked_in' && d.type !== 'session.opened')
    .map((d) => (d.type === 'session.created' ? { ...d, body: { ...d.body, startsAt } } : d));
  await ledger.appendAll(setup);
  const state = ledger.state();
  for (const person of Object.values(state.people)) await setPin(person.person, demoPins[person.role]);
  await sealJournalUnderManagerPin(demoPins.manager, database());
  await changeSetting('isDemo', true);
  await changeSetting('siteProfile', demoProfile);
}
