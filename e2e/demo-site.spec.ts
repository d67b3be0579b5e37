/**
 * The demo site for someone trying the app, and a session of 1,000 candidates imported from
 * Excel that stays searchable as you type.
 */
import { expect, test } from './fixtures';
import { appPage, demoSessionName } from './pages/appPage';
import { openDialogs } from './pages/controls';
import { goodRows, tempDir, writeXlsx } from './rosterFiles';

test.setTimeout(120_000);

test('loading the demo site shows its PINs and marks everything as demo', async ({ page }) => {
  const app = appPage(page);
  await app.open();
  await app.loadDemo();
  await expect(app.loginHeading()).toBeVisible();
  const banner = app.demoBanner();
  await expect(banner).toContainText('演示数据');
  await expect(banner).toContainText('刘志强（考点负责人）1111');
  await expect(banner).toContainText('王建国（考评员）2222');
  await expect(banner).toContainText('赵淑芳（督导员）3333');
  await app.signIn('刘志强', '1111');
  await expect(app.demoBanner()).toContainText('演示数据');
  const sessions = await app.goTo('sessions');
  await expect(sessions.table()).toContainText(demoSessionName);
  // Dated by the browser's clock, not on the day the demo was written: at the second half hour
  // boundary ahead (loadDemoSite.ts), so a visitor checks candidates in before the start as a site
  // does — after 23:00 that is tomorrow's date (a run at 23:07 once expected today's).
  const today = await page.evaluate(() => {
    const halfHour = 30 * 60_000;
    const d = new Date(Math.floor(Date.now() / halfHour) * halfHour + 2 * halfHour);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  await expect(sessions.table()).toContainText(new RegExp(`${today} \\d\\d:(00|30)`));
  await sessions.open(demoSessionName);
  await expect(sessions.roster.count()).toHaveText('共 30 条');
  // Names a real roster would hold.
  await expect(sessions.roster.table()).toContainText('王秀英');
  await sessions.tab('assignments');
  await expect(sessions.assignments.examiners()).toContainText('王建国');
  await expect(sessions.assignments.examiners()).toContainText('组长');
  await app.openDemoSession();
});

test('a 1,000-candidate roster from Excel imports at once and is searched as you type; formula cells are refused', async ({
  page,
}) => {
  const app = appPage(page);
  const dir = await tempDir();
  await app.completeSetup();
  await (await app.goTo('specs')).addDemo();
  const sessions = await app.goTo('sessions');
  const { roster } = sessions;
  await sessions.create({ name: '大型场次', planned: 1000 });

  const rows = goodRows(1000);
  const withFormula = [
    ...rows.slice(0, 3),
    [...rows[3]!.slice(0, 1), { formula: 'HYPERLINK("http://evil.example","张三")' }, ...rows[3]!.slice(2)],
  ];
  await roster.chooseAndCheck(await writeXlsx(dir, '有公式.xlsx', withFormula));
  await expect(roster.summary()).toContainText('3 行正确，1 行有错误');
  await expect(roster.preview()).toContainText('姓名含有公式，不予导入');
  await roster.cancel();

  await roster.choose(await writeXlsx(dir, '千人名册.xlsx', rows));
  await expect(roster.fileInfo()).toContainText('1000 行数据');
  await roster.check();
  await expect(roster.summary()).toContainText('共 1000 行：1000 行正确，0 行有错误');
  await roster.confirm();
  await expect(roster.count()).toHaveText('共 1000 条');

  const target = rows[777]!;
  // Typing starts once the import dialog has gone, so no keystroke lands in it.
  await expect(openDialogs(page)).toHaveCount(0);
  await roster.search().pressSequentially(target[2]!.slice(0, 14));
  await expect(roster.search()).toHaveValue(target[2]!.slice(0, 14));
  await expect(roster.table()).toContainText(target[1]!);
  await roster.search().fill(target[0]!);
  await expect(roster.count()).toHaveText('共 1 条');
  await expect(roster.table()).toContainText(target[2]!);
  // The virtualized table renders only what is on screen, not a thousand rows.
  await roster.search().fill('');
  await expect(roster.count()).toHaveText('共 1000 条');
  expect(await roster.rows().count()).toBeLessThan(100);
});
