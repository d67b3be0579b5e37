/**
 * The demo site for someone trying the app, and a session of 1,000 candidates imported from
 * Excel that stays searchable as you type.
 */
import { expect, test } from './fixtures';
import { appPage } from './pages/appPage';
import { goodRows, tempDir, writeXlsx } from './rosterFiles';

test.setTimeout(120_000);

test('loading the demo site shows its PINs and marks everything as demo', async ({ page }) => {
  const app = appPage(page);
  await app.open();
  await page.getByTestId('load-demo').click();
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
  const banner = page.getByTestId('demo-banner');
  await expect(banner).toContainText('演示数据');
  await expect(banner).toContainText('刘志强（考点负责人）1111');
  await expect(banner).toContainText('王建国（考评员）2222');
  await expect(banner).toContainText('赵淑芳（督导员）3333');
  await app.signIn('刘志强', '1111');
  await expect(page.getByTestId('demo-banner')).toContainText('演示数据');
  await app.openMenu('考核场次');
  await expect(page.getByTestId('sessions-table')).toContainText('胶东花饽饽制作 2026 年第 4 期');
  await page.getByTestId('sessions-table').getByText('胶东花饽饽制作 2026 年第 4 期').click();
  await expect(page.getByTestId('roster-count')).toHaveText('共 30 条');
  await page.getByRole('tab', { name: '考评分工' }).click();
  await expect(page.getByTestId('examiners-table')).toContainText('王建国');
  await expect(page.getByTestId('examiners-table')).toContainText('组长');
  await app.openDemoSession();
});

test('a 1,000-candidate roster from Excel imports at once and is searched as you type; formula cells are refused', async ({
  page,
}) => {
  const app = appPage(page);
  const dir = await tempDir();
  const box = (testId: string) => page.locator(`[data-testid="${testId}"] input, input[data-testid="${testId}"]`);
  await app.completeSetup();
  await app.openMenu('考核规范');
  await page.getByTestId('add-demo-spec').click();
  await app.openMenu('考核场次');
  await page.getByTestId('create-session').click();
  await page.getByTestId('session-name').fill('大型场次');
  await page.getByTestId('session-planned').fill('1000');
  await page.getByTestId('session-save').click();

  const rows = goodRows(1000);
  const withFormula = [
    ...rows.slice(0, 3),
    [...rows[3]!.slice(0, 1), { formula: 'HYPERLINK("http://evil.example","张三")' }, ...rows[3]!.slice(2)],
  ];
  await page.getByTestId('roster-import').click();
  await app.withFile(await writeXlsx(dir, '有公式.xlsx', withFormula), () =>
    page.getByTestId('roster-choose-file').click(),
  );
  await page.getByTestId('roster-next').click();
  await expect(page.getByTestId('roster-summary')).toContainText('3 行正确，1 行有错误');
  await expect(page.getByTestId('roster-preview')).toContainText('姓名含有公式，不予导入');
  await page.locator('.ant-modal-close:visible').click();

  await page.getByTestId('roster-import').click();
  await app.withFile(await writeXlsx(dir, '千人名册.xlsx', rows), () => page.getByTestId('roster-choose-file').click());
  await expect(page.getByTestId('roster-file-info')).toContainText('1000 行数据');
  await page.getByTestId('roster-next').click();
  await expect(page.getByTestId('roster-summary')).toContainText('共 1000 行：1000 行正确，0 行有错误');
  await page.getByTestId('roster-confirm').click();
  await expect(page.getByTestId('roster-count')).toHaveText('共 1000 条');

  const target = rows[777]!;
  // Typing starts once the import dialog has gone, so no keystroke lands in it.
  await expect(page.locator('.ant-modal-wrap:visible')).toHaveCount(0);
  await box('roster-search').pressSequentially(target[2]!.slice(0, 14));
  await expect(box('roster-search')).toHaveValue(target[2]!.slice(0, 14));
  await expect(page.getByTestId('roster-table')).toContainText(target[1]!);
  await box('roster-search').fill(target[0]!);
  await expect(page.getByTestId('roster-count')).toHaveText('共 1 条');
  await expect(page.getByTestId('roster-table')).toContainText(target[2]!);
  // The virtualized table renders only what is on screen, not a thousand rows.
  await box('roster-search').fill('');
  await expect(page.getByTestId('roster-count')).toHaveText('共 1000 条');
  expect(await page.getByTestId('roster-table').locator('.ant-table-row').count()).toBeLessThan(100);
});
