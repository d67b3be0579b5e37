/**
 * Killing the browser mid-entry loses no typed point: the examiner types, the screen says
 * "saved", the browser process is killed with SIGKILL, and the same profile reopens with every
 * saved point and an intact chain.
 */
import { verifyChain } from '../shared/ledger/chain';
import { zeroHash } from '../shared/ledger/hash';
import { kill, launch, storedEvents } from './browserProcess';
import { expect, test } from './fixtures';
import { appPage } from './pages/appPage';
import { sessionsPage } from './pages/sessionsPage';
import { tempDir } from './rosterFiles';

test.setTimeout(120_000);

test('killing the browser mid-entry loses no point shown as saved', async ({ baseURL }) => {
  const profile = await tempDir();
  let run = await launch(profile);
  try {
    const app = appPage(run.page);
    await app.startDemoSessionAsManager(baseURL!);
    await app.checkInPresent(['202611260101']);
    await expect(sessionsPage(run.page).checkin.counts()).toContainText('到考 1');
    await app.signOut();
    await app.signIn('王建国', '2222');
    const scoring = await app.goTo('scoring');
    await scoring.openCandidate('202611260101');
    await scoring.type({ 'T1-1': 4.5, 'T1-2': 7, 'T1-3': 6.5, 'T2-1': 13, 'T2-2': 12 });
    await expect(scoring.candidate('202611260101')).toContainText('草稿');
    // Mid-typing: a sixth value goes in, and the browser dies without warning.
    await scoring.points('T2-3').pressSequentially('8');
  } finally {
    await kill(run.process);
  }

  run = await launch(profile);
  try {
    const app = appPage(run.page);
    await run.page.goto(baseURL!);
    await app.signIn('王建国', '2222');
    const scoring = await app.goTo('scoring');
    await scoring.openCandidate('202611260101');
    for (const [id, value] of Object.entries({
      'T1-1': '4.5',
      'T1-2': '7',
      'T1-3': '6.5',
      'T2-1': '13',
      'T2-2': '12',
    })) {
      await expect(scoring.points(id)).toHaveValue(value);
    }
    const events = await storedEvents(run.page);
    // The demo's 41 set-up events, the opening and the one check-in: nothing lost, nothing doubled.
    expect(events.length).toBe(43);
    const device = events[0]!.device;
    const own = events.filter((e) => e.device === device).sort((a, b) => a.seq - b.seq);
    expect(() => verifyChain(own, { prev: zeroHash, from: 1, device })).not.toThrow();
    expect(own.filter((e) => e.type === 'candidate.checked_in')).toHaveLength(1);
  } finally {
    await run.browser.close().catch(() => undefined);
    await kill(run.process).catch(() => undefined);
  }
});
