import { expect, test } from './fixtures';
import { appPage, demoSessionName } from './pages/appPage';
import { sessionsPage } from './pages/sessionsPage';
import { goodRows, tempDir, writeCsv } from './rosterFiles';

test('the employment-priority code list can be extended, and the roster check uses it', async ({ page }) => {
  const app = appPage(page);
  const dir = await tempDir();
  await app.open();
  await app.loadDemo();
  await app.signIn('刘志强', '1111');
  const rows = goodRows(2, 500).map((row) => [...row.slice(0, 10), '返乡创业人员', '首考']);
  const file = await writeCsv(dir, '名册-返乡.csv', rows, 'utf-8');
  const { roster } = sessionsPage(page);
  const importRoster = async () => {
    const sessions = await app.goTo('sessions');
    await sessions.open(demoSessionName);
    await roster.chooseAndCheck(file);
  };

  await importRoster();
  await expect(roster.preview()).toContainText('就业重点群体“返乡创业人员”不在代码表中');
  await roster.cancel();

  const people = await app.goTo('people');
  await people.addPriorityGroup('returnee_entrepreneur', '返乡创业人员');
  await expect(people.priorityGroups()).toContainText('返乡创业人员');
  await page.reload();
  await app.signIn('刘志强', '1111');
  await app.goTo('people');
  await expect(people.priorityGroups()).toContainText('returnee_entrepreneur');

  await importRoster();
  await expect(roster.summary()).toContainText('共 2 行：2 行正确，0 行有错误');
  await roster.confirm();
  await expect(roster.count()).toHaveText('共 32 条');
});
