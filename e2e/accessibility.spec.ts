/**
 * Older examiners at rural sites use this for hours: axe-core over every screen (no serious or
 * critical violation of WCAG 2.2 A/AA, contrast included), in normal and in larger type at
 * 1366×768 without anything running off the side, and the examiner's work done by keyboard alone
 * with a visible focus.
 */
import { violations } from './axe';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { appPage, demoSessionName } from './pages/appPage';
import { sessionsPage, type SessionTab } from './pages/sessionsPage';

test.setTimeout(240_000);

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Checks the screen now shown, under a name for the report. */
async function checkScreen(page: Page, name: string, found: Record<string, string[]>) {
  await page.waitForTimeout(300); // antd's enter animations settle (contrast is read mid-fade otherwise)
  const problems = await violations(page);
  const overflow = await horizontalOverflow(page);
  if (overflow > 0) problems.push(`scrolls ${overflow}px sideways at 1366 px`);
  if (problems.length) found[name] = problems;
}

test('every screen passes axe-core at WCAG 2.2 AA, in normal and in larger type, at 1366×768', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const app = appPage(page);
  const found: Record<string, string[]> = {};

  await app.open();
  await expect(app.setupHeading()).toBeVisible();
  await checkScreen(page, 'set-up', found);
  await app.loadDemo();
  await expect(app.loginHeading()).toBeVisible();
  await checkScreen(page, 'sign-in', found);

  for (const largeType of [false, true]) {
    const mode = largeType ? 'large type' : 'normal type';
    await app.signIn('刘志强', '1111');
    if (largeType !== (await page.getByTestId('large-type').isChecked())) await page.getByTestId('large-type').click();
    for (const screen of ['home', 'people', 'specs', 'sync', 'records', 'device'] as const) {
      if (screen === 'home') await app.openMenu('home');
      else await app.goTo(screen);
      await checkScreen(page, `manager ${screen} (${mode})`, found);
    }
    const sessions = await app.goTo('sessions');
    await checkScreen(page, `manager sessions (${mode})`, found);
    await sessions.open(demoSessionName);
    await sessions.openIfNotOpen();
    for (const tab of ['results', 'roster', 'assignments', 'checkin', 'records'] satisfies SessionTab[]) {
      await sessions.tab(tab);
      await checkScreen(page, `manager session ${tab} (${mode})`, found);
    }
    const ticket = largeType ? '202611260102' : '202611260101';
    await sessions.tab('checkin');
    await sessionsPage(page).checkin.find(ticket);
    await checkScreen(page, `manager check-in card (${mode})`, found);
    await app.checkInPresent([ticket]);
    await app.signOut();

    await app.signIn('王建国', '2222');
    const scoring = await app.goTo('scoring');
    await checkScreen(page, `examiner scoring (${mode})`, found);
    await scoring.openCandidate(ticket);
    await checkScreen(page, `examiner score sheet (${mode})`, found);
    await app.signOut();

    await app.signIn('赵淑芳', '3333');
    await app.goTo('supervision');
    await checkScreen(page, `supervisor supervision (${mode})`, found);
    await app.signOut();
  }
  expect(found).toEqual({});
});

test('an examiner scores a candidate by keyboard alone, the focus visible at each step', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const app = appPage(page);
  await app.startDemoSessionAsManager();
  await app.checkInPresent(['202611260101']);
  await app.signOut();
  await app.signIn('王建国', '2222');
  const scoring = await app.goTo('scoring');

  // Tab from the search box to the candidate: the row shows it has the focus, Enter opens the sheet.
  await page.getByPlaceholder('按姓名、准考证号或身份证号搜索').focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const row = scoring.candidate('202611260101');
  await expect(row).toBeFocused();
  const outline = await row.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
  await page.keyboard.press('Enter');
  await expect(scoring.sheet()).toContainText('202611260101');
  await scoring.type({
    'T1-1': 4,
    'T1-2': 7,
    'T1-3': 6,
    'T2-1': 13,
    'T2-2': 12.5,
    'T2-3': 9,
    'T3-1': 10,
    'T3-2': 8.5,
    'T3-3': 7,
    'T4-1': 4,
    'T4-2': 5,
  });
  await scoring.submitByKeyboard('2222');
  await expect(scoring.candidate('202611260101')).toContainText('已提交');
});
