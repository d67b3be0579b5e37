/**
 * A session with two examining groups (考评组): it opens only once every candidate is in a group,
 * and each examiner sees and scores only their own group's candidates.
 */
import { expect, test } from './fixtures';
import { appPage, demoSessionName } from './pages/appPage';

test('two examining groups: candidates allocated evenly, each examiner scores only their group', async ({ page }) => {
  const app = appPage(page);
  await app.open();
  await app.loadDemo();
  await app.signIn('刘志强', '1111');
  const people = await app.goTo('people');
  for (const [name, pin] of [
    ['周文斌', '2231'],
    ['吴丽华', '2232'],
    ['郑国栋', '2233'],
  ] as const)
    await people.register({ name, role: '考评员', pin });

  const sessions = await app.goTo('sessions');
  await sessions.open(demoSessionName);
  await sessions.tab('assignments');
  const { assignments } = sessions;
  for (const name of ['周文斌', '吴丽华', '郑国栋']) await assignments.assign('examiner', name, 'B');
  await assignments.makeLeader('周文斌');
  await expect(assignments.problems()).toContainText('本场次有 2 个考评组，还有 30 名考生未分到考评组');
  await assignments.allocateEvenly();
  await expect(assignments.allocationCounts()).toHaveText('考评组 A：15 人考评组 B：15 人');
  await expect(assignments.staffingOk()).toBeVisible();
  await sessions.openIfNotOpen();
  // One candidate of each group: 0101 is in A, 0130 in B (ticket order).
  await app.checkInPresent(['202611260101', '202611260130']);
  await app.signOut();

  await app.signIn('王建国', '2222');
  let scoring = await app.goTo('scoring');
  await expect(scoring.candidates()).toHaveCount(1);
  await expect(scoring.candidates()).toContainText('202611260101');
  await app.signOut();
  await app.signIn('周文斌', '2231');
  await app.chooseOwnPin('2468');
  scoring = await app.goTo('scoring');
  await expect(scoring.candidates()).toHaveCount(1);
  await expect(scoring.candidates()).toContainText('202611260130');
});
