import { expect, test } from './fixtures';
import { appPage } from './pages/appPage';
import { goodRows, tempDir, writeCsv } from './rosterFiles';

test('the employment-priority code list can be extended, and the roster check uses it', async ({ page }) => {
  const app = appPage(page);
  const dir = await tempDir();
  await app.open();
  await page.getByTestId('load-demo').click();
  await app.signIn('刘志强', '1111');
  const rows = goodRows(2, 500).map((row) => [...row.slice(0, 10), '返乡创业人员', '首考']);
  const file = await writeCsv(dir, '名册-返乡.csv', rows, 'utf-8');
  const importRoster = async () => {
    await app.openMenu('考核场次');
    await page.getByTestId('sessions-table').getByText('胶东花饽饽制作 2026 年第 4 期').click();
    await page.getByTestId('roster-import').click();
    await app.withFile(file, () => page.getByTestId('roster-choose-file').click());
    await page.getByTestId('roster-next').click();
  };

  await importRoster();
  await expect(page.getByTestId('roster-preview')).toContainText('就业重点群体“返乡创业人员”不在代码表中');
  await page.locator('.ant-modal-close:visible').click();

  await app.openMenu('人员');
  await page.getByTestId('code-list-code').fill('returnee_entrepreneur');
  await page.getByTestId('code-list-zh').fill('返乡创业人员');
  await page.getByTestId('code-list-add').click();
  await expect(page.getByTestId('priority-groups')).toContainText('返乡创业人员');
  await page.reload();
  await app.signIn('刘志强', '1111');
  await app.openMenu('人员');
  await expect(page.getByTestId('priority-groups')).toContainText('returnee_entrepreneur');

  await importRoster();
  await expect(page.getByTestId('roster-summary')).toContainText('共 2 行：2 行正确，0 行有错误');
  await page.getByTestId('roster-confirm').click();
  await expect(page.getByTestId('roster-count')).toHaveText('共 32 条');
});
