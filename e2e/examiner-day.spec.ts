/**
 * An examiner's hours at the bench: larger type that still lays out at 1366×768 with the total
 * and the submit button in view, and an idle lock that fits a 2–3 hour practical and returns to
 * the sheet after unlocking.
 */
import { expect, test } from './fixtures';
import { appPage } from './pages/appPage';

test('larger type lays out at 1366×768; the examiner’s lock waits an hour and returns to the sheet', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.clock.install();
  const app = appPage(page);
  await app.startDemoSessionAsManager();
  await app.checkInPresent(['202611260101', '202611260102']);
  await app.signOut();
  await app.signIn('王建国', '2222');
  const scoring = await app.goTo('scoring');
  await scoring.openCandidate('202611260101');
  await scoring.type({ 'T1-1': 4, 'T1-2': 7 });

  // 大字号: every screen's type grows, and nothing runs off the side.
  await page.getByTestId('large-type').click();
  await expect(page.getByTestId('large-type')).toBeChecked();
  const fontSize = await scoring.points('T1-1').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(fontSize).toBeGreaterThanOrEqual(21);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(
    0,
  );
  // The total and 提交评分表 stay in view while the items scroll.
  for (const testId of ['running-total', 'submit-sheet']) {
    const box = (await page.getByTestId(testId).boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(768);
  }
  await page.screenshot({ path: test.info().outputPath('score-sheet-large-type.png') });

  // Watching the practical: half an hour without touching the laptop does not lock it.
  await page.clock.fastForward('30:00');
  await expect(scoring.sheet()).toBeVisible();
  await page.clock.fastForward('31:00');
  await expect(app.loginHeading()).toBeVisible();
  // Unlocking returns to the sheet, with what was typed, and the large type remembered.
  await app.signIn('王建国', '2222');
  await expect(scoring.sheet()).toContainText('202611260101');
  await expect(scoring.points('T1-2')).toHaveValue('7');
  await expect(page.getByTestId('large-type')).toBeChecked();

  // Someone else signing in after the lock starts at home, not at 王建国's sheet.
  await page.clock.fastForward('01:01:00');
  await expect(app.loginHeading()).toBeVisible();
  await app.signIn('李秀兰', '2222');
  await expect(app.home()).toBeVisible();
});
