/**
 * Late is judged against the session's start: 迟到不得入场 only once 15 minutes have passed, and
 * admitting someone after that needs the manager's reason, kept with the check-in.
 */
import { expect, test } from './fixtures';
import { appPage } from './pages/appPage';

test('迟到不得入场 after 15 minutes from the start; admitting after that needs a reason', async ({ page }) => {
  await page.clock.install();
  const app = appPage(page);
  const sessions = await app.startDemoSessionAsManager();
  await sessions.tab('checkin');
  const { checkin } = sessions;

  // Before the start: the candidate is not late, and 迟到不得入场 says when it will apply.
  await checkin.find('202611260101');
  await expect(page.getByTestId('mark-late')).toBeDisabled();
  await expect(page.getByTestId('mark-late')).toHaveAttribute('title', /分钟后才能记为迟到不得入场/);
  await expect(page.getByTestId('checkin-late-warning')).toHaveCount(0);

  // Two hours on (the demo starts within the next hour): late.
  await page.clock.fastForward('02:00:00');
  await app.signIn('刘志强', '1111').catch(() => undefined);
  await app.openDemoSession();
  await sessions.tab('checkin');
  await checkin.find('202611260102');
  await expect(page.getByTestId('checkin-late-warning')).toContainText('按规定迟到不得入场');
  await checkin.typeCardId();
  await checkin.signPledge();
  await expect(checkin.presentButton()).toBeDisabled();
  await page.getByTestId('checkin-late-reason').fill('8:55 已到场候考，补录签到');
  await page.screenshot({ path: test.info().outputPath('late-checkin.png') });
  await checkin.markPresent();
  await expect(checkin.card()).toHaveCount(0);

  // Another one is refused entry: recorded as 迟到不得入场.
  await checkin.find('202611260103');
  await page.getByTestId('mark-late').click();
  await expect(checkin.counts()).toContainText('迟到 1');
});
