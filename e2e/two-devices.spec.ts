/**
 * Several devices at one site: the office laptop (A) and the scoring laptop (B) exchange signed
 * packages on "USB"; examiners score on both; after the exchange both compute the same results.
 */
import type { Page } from '@playwright/test';
import { generateSigner } from '../authority/nodeCrypto';
import { pdfQrCode, pdfText } from '../test/pdfFiles';
import { expect, test } from './fixtures';
import { appPage } from './pages/appPage';
import { enrollDevice, preferDownloads, saveDownload } from './pages/enrollment';
import { scoringPage } from './pages/scoringPage';
import { tempDir } from './rosterFiles';
import { a1, a2, a3, low } from './sheets';

test.setTimeout(240_000);

const session = '胶东花饽饽制作 2026 年第 4 期';
const [first, second] = ['202611260101', '202611260102'];

async function resultsText(page: Page): Promise<{ summary: string; rows: string[] }> {
  const app = appPage(page);
  await app.openMenu('考核场次');
  await page.getByTestId('sessions-table').getByText(session).click();
  await page.getByRole('tab', { name: '成绩' }).click();
  const summary = await page.getByTestId('results-summary').innerText();
  const rows = await page.getByTestId('results-table').locator('.ant-table-row').allInnerTexts();
  return { summary, rows };
}

test('two devices exchange packages and compute the same results', async ({ browser, baseURL }) => {
  const dir = await tempDir();
  const authority = generateSigner();
  const errors: string[] = [];
  const device = async () => {
    const context = await browser.newContext({ baseURL, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await preferDownloads(page);
    return page;
  };
  const pageA = await device();
  const pageB = await device();
  const A = appPage(pageA);
  const B = appPage(pageB);

  // A: the demo site, enrolled; the session opened and two candidates checked in.
  await A.open();
  await pageA.getByTestId('load-demo').click();
  await A.signIn('刘志强', '1111');
  await enrollDevice(pageA, authority, dir);
  await A.openDemoSession();
  await pageA.getByRole('tab', { name: '签到' }).click();
  for (const ticket of [first, second]) {
    await pageA.locator('[data-testid="checkin-search"] input').fill(ticket);
    await pageA.locator('[data-testid="checkin-search"] input').press('Enter');
    await pageA.getByTestId('checkin-pledge').click();
    await pageA.getByTestId('mark-present').click();
    await expect(pageA.getByTestId('checkin-card')).toHaveCount(0);
  }
  await A.openMenu('同步');
  const packageA1 = await saveDownload(pageA, dir, () => pageA.getByTestId('export-package').click());
  // The courier's manifest: the package's id and batches on paper, and its QR checks out.
  const manifest = await saveDownload(pageA, dir, () => pageA.getByTestId('save-manifest').click());
  const manifestText = (await pdfText(manifest)).replace(/\s+/g, '');
  expect(manifestText).toContain('同步包清单');
  expect(manifestText).toContain('交件人签名');
  const manifestCode = (await pdfQrCode(manifest))!;
  expect(manifestText).toContain(manifestCode.split('|')[2]);
  await A.openMenu('核验纸质记录');
  await pageA.locator('[data-testid="record-code"] input').fill(manifestCode);
  await pageA.locator('[data-testid="record-code"] input').press('Enter');
  await expect(pageA.getByTestId('record-verdict')).toContainText('与本机数据一致');
  await expect(pageA.getByTestId('record-details')).toContainText('同步包清单');

  // B: a second laptop of the same site, with its own manager, enrolled, takes in A's package.
  await B.open();
  await B.fillSetup({
    siteCode: 'DEMO-0001',
    siteName: '演示考点 · 威海市职业技能实训中心',
    district: '环翠区（演示）',
  });
  await B.createManager('周德华', '5555');
  await enrollDevice(pageB, authority, dir);
  await B.openMenu('同步');
  await B.withFile(packageA1, () => pageB.getByTestId('import-package').click());
  await expect(pageB.getByTestId('import-results')).toContainText('已接收');
  // PINs stay on their device: B's manager sets PINs here for the examiners who score on B.
  await B.openMenu('人员');
  for (const name of ['李秀兰', '张海涛']) {
    await pageB
      .getByTestId('people-table')
      .locator('.ant-table-row', { hasText: name })
      .getByRole('button', { name: '设置 PIN' })
      .click();
    await pageB.getByTestId('set-pin').fill('2222');
    await pageB.getByRole('button', { name: '保 存' }).click();
    await expect(pageB.getByText(`已为 ${name} 设置 PIN 码`)).toBeVisible();
  }
  await B.signOut();
  for (const [name, sheets] of [
    ['李秀兰', [a2, low]],
    ['张海涛', [a3, low]],
  ] as const) {
    await B.signIn(name, '2222');
    await B.openMenu('评分');
    for (const [i, ticket] of [first, second].entries()) {
      await scoringPage(pageB).openCandidate(ticket);
      await scoringPage(pageB).type(sheets[i]!);
      await scoringPage(pageB).submit('2222');
    }
    await B.signOut();
  }

  // A: 王建国 scores on the office laptop.
  await A.signOut();
  await A.signIn('王建国', '2222');
  await A.openMenu('评分');
  for (const [i, ticket] of [first, second].entries()) {
    await scoringPage(pageA).openCandidate(ticket);
    await scoringPage(pageA).type([a1, low][i]!);
    await scoringPage(pageA).submit('2222');
  }
  await A.signOut();

  // The packages cross: B → A, then A → B (A carries B's batches back unchanged, and its own).
  await B.signIn('周德华', '5555');
  await B.openMenu('同步');
  const packageB = await saveDownload(pageB, dir, () => pageB.getByTestId('export-package').click());
  await A.signIn('刘志强', '1111');
  await A.openMenu('同步');
  await A.withFile(packageB, () => pageA.getByTestId('import-package').click());
  await expect(pageA.getByTestId('import-results')).toContainText('已接收');
  const packageA2 = await saveDownload(pageA, dir, () => pageA.getByTestId('export-package').click());
  await B.withFile(packageA2, () => pageB.getByTestId('import-package').click());
  await expect(pageB.getByTestId('import-results')).toContainText('已接收');
  // Importing the same package twice adds nothing.
  await B.withFile(packageA2, () => pageB.getByTestId('import-package').click());
  await expect(pageB.getByTestId('import-results')).not.toContainText('已接收');

  const onA = await resultsText(pageA);
  const onB = await resultsText(pageB);
  expect(onA).toEqual(onB);
  expect(onA.rows.find((r) => r.includes(first))).toMatch(/86\.00\s+85\.00\s+87\.00\s+86\.00\s+合格/);
  expect(onA.rows.find((r) => r.includes(second))).toMatch(/50\.00\s+50\.00\s+50\.00\s+50\.00\s+不合格/);
  expect(errors).toEqual([]);
});
