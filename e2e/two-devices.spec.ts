/**
 * Several devices at one site: the office laptop (A) and the scoring laptop (B) exchange signed
 * packages on "USB"; examiners score on both; after the exchange both compute the same results.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { generateSigner } from '../authority/nodeCrypto';
import { demoSite } from '../shared/domain/demoSite';
import { encodePublicKey } from '../shared/ledger/signing';
import { openSealedIndependently } from '../test/support/independentSeal';
import { pdfQrCode, pdfText } from '../test/pdfFiles';
import { authoritySealSeedHex } from '../tools/testVectors';
import { expect, test } from './fixtures';
import { appPage, demoSessionName } from './pages/appPage';
import { devicesPlanFile, enrollDevice, preferDownloads, saveDownload } from './pages/enrollment';
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

  // A: the demo site, enrolled. B: a second laptop of the same site, with its own manager, enrolled.
  await A.open();
  await A.loadDemo();
  await A.signIn('刘志强', '1111');
  const requestA = await enrollDevice(pageA, authority, dir);
  await B.open();
  await B.fillSetup({
    siteCode: 'DEMO-0001',
    siteName: '演示考点 · 威海市职业技能实训中心',
    district: '环翠区（演示）',
  });
  await B.createManager('周德华', '5555');
  const requestB = await enrollDevice(pageB, authority, dir);
  // The district's plan lists both laptops and their seal keys, so each can open the other's packages.
  const plan = await devicesPlanFile(dir, authority, 'DEMO-0001', [requestA, requestB]);
  for (const app of [A, B]) await (await app.goTo('sessions')).importPlan(plan);

  // A: the session opened and two candidates checked in; a sealed package out.
  await A.openDemoSession();
  await A.checkInPresent([first, second]);
  const syncA = await A.goTo('sync');
  const packageA1 = await saveDownload(pageA, dir, () => syncA.exportButton().click());
  // Sealed: no name, ID number or photo in the clear, and it opens (read independently) for the authority.
  const candidates = demoSite().candidates.slice(0, 2);
  const fileA1 = await readFile(packageA1);
  expect(fileA1.subarray(0, 8).toString()).toBe('KDSEAL1\n');
  for (const { name, idNumber } of candidates) {
    expect(fileA1.includes(Buffer.from(name))).toBe(false);
    expect(fileA1.includes(Buffer.from(idNumber))).toBe(false);
  }
  const opened = openSealedIndependently(fileA1, authoritySealSeedHex, encodePublicKey(authority.publicKey));
  expect(opened.plain.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
  // What the seal hides is there inside: the candidates' names and ID numbers in the batches.
  const inside = Buffer.concat(Object.values(unzipSync(opened.plain)));
  for (const { name, idNumber } of candidates) {
    expect(inside.includes(Buffer.from(name))).toBe(true);
    expect(inside.includes(Buffer.from(idNumber))).toBe(true);
  }
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

  // B takes in A's package.
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
    // The PIN B's manager set is one-time: each examiner chooses their own at first sign-in.
    await B.signIn(name, '2222');
    await B.chooseOwnPin('2468');
    const scoring = await B.goTo('scoring');
    for (const [i, ticket] of [first, second].entries()) {
      await scoring.openCandidate(ticket);
      await scoring.type(sheets[i]!);
      await scoring.submit('2468');
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
