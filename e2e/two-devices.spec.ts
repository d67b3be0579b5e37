/**
 * Several devices at one site: the office laptop (A) and the scoring laptop (B) exchange signed
 * packages on "USB"; examiners score on both; after the exchange both compute the same results.
 */
import type { Page } from '@playwright/test';
import { generateSigner } from '../authority/nodeCrypto';
import { pdfQrCode, pdfText } from '../test/pdfFiles';
import { expect, test } from './fixtures';
import { appPage, demoSessionName } from './pages/appPage';
import { enrollDevice, preferDownloads, saveDownload } from './pages/enrollment';
import { tempDir } from './rosterFiles';
import { a1, a2, a3, low } from './sheets';

test.setTimeout(240_000);

const [first, second] = ['202611260101', '202611260102'];

async function resultsText(page: Page): Promise<{ summary: string; rows: string[] }> {
  const sessions = await appPage(page).goTo('sessions');
  await sessions.open(demoSessionName);
  await sessions.tab('results');
  const summary = await sessions.results.summary().innerText();
  const rows = await sessions.results.rows().allInnerTexts();
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
  await A.loadDemo();
  await A.signIn('刘志强', '1111');
  await enrollDevice(pageA, authority, dir);
  await A.openDemoSession();
  await A.checkInPresent([first, second]);
  const syncA = await A.goTo('sync');
  const packageA1 = await saveDownload(pageA, dir, () => syncA.exportButton().click());
  // The courier's manifest: the package's id and batches on paper, and its QR checks out.
  const manifest = await saveDownload(pageA, dir, () => syncA.manifestButton().click());
  const manifestText = (await pdfText(manifest)).replace(/\s+/g, '');
  expect(manifestText).toContain('同步包清单');
  expect(manifestText).toContain('交件人签名');
  const manifestCode = (await pdfQrCode(manifest))!;
  expect(manifestText).toContain(manifestCode.split('|')[2]);
  const check = await A.goTo('records');
  await check.check(manifestCode);
  await expect(check.verdict()).toContainText('与本机数据一致');
  await expect(check.details()).toContainText('同步包清单');

  // B: a second laptop of the same site, with its own manager, enrolled, takes in A's package.
  await B.open();
  await B.fillSetup({
    siteCode: 'DEMO-0001',
    siteName: '演示考点 · 威海市职业技能实训中心',
    district: '环翠区（演示）',
  });
  await B.createManager('周德华', '5555');
  await enrollDevice(pageB, authority, dir);
  const syncB = await B.goTo('sync');
  await syncB.importPackage(packageA1);
  await expect(syncB.importResults()).toContainText('已接收');
  // PINs stay on their device: B's manager sets PINs here for the examiners who score on B.
  const peopleB = await B.goTo('people');
  for (const name of ['李秀兰', '张海涛']) await peopleB.setPin(name, '2222');
  await B.signOut();
  for (const [name, sheets] of [
    ['李秀兰', [a2, low]],
    ['张海涛', [a3, low]],
  ] as const) {
    await B.signIn(name, '2222');
    const scoring = await B.goTo('scoring');
    for (const [i, ticket] of [first, second].entries()) {
      await scoring.openCandidate(ticket);
      await scoring.type(sheets[i]!);
      await scoring.submit('2222');
    }
    await B.signOut();
  }

  // A: 王建国 scores on the office laptop.
  await A.signOut();
  await A.signIn('王建国', '2222');
  const scoringA = await A.goTo('scoring');
  for (const [i, ticket] of [first, second].entries()) {
    await scoringA.openCandidate(ticket);
    await scoringA.type([a1, low][i]!);
    await scoringA.submit('2222');
  }
  await A.signOut();

  // The packages cross: B → A, then A → B (A carries B's batches back unchanged, and its own).
  await B.signIn('周德华', '5555');
  await B.goTo('sync');
  const packageB = await saveDownload(pageB, dir, () => syncB.exportButton().click());
  await A.signIn('刘志强', '1111');
  await A.goTo('sync');
  await syncA.importPackage(packageB);
  await expect(syncA.importResults()).toContainText('已接收');
  const packageA2 = await saveDownload(pageA, dir, () => syncA.exportButton().click());
  await syncB.importPackage(packageA2);
  await expect(syncB.importResults()).toContainText('已接收');
  // Importing the same package twice adds nothing.
  await syncB.importPackage(packageA2);
  await expect(syncB.importResults()).not.toContainText('已接收');

  const onA = await resultsText(pageA);
  const onB = await resultsText(pageB);
  expect(onA).toEqual(onB);
  expect(onA.rows.find((r) => r.includes(first))).toMatch(/86\.00\s+85\.00\s+87\.00\s+86\.00\s+合格/);
  expect(onA.rows.find((r) => r.includes(second))).toMatch(/50\.00\s+50\.00\s+50\.00\s+50\.00\s+不合格/);
  expect(errors).toEqual([]);
});
