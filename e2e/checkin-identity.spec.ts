/**
 * The ID check at the door is a decision with a trace: a number that differs from the roster (or
 * none typed) cannot be admitted with one click; the manager admits with a reason and their PIN,
 * or marks an impersonation, and both are on the 签到表 and the 考场情况记录表.
 */
import { pdfText } from '../test/pdfFiles';
import { makeIdNumber } from '../shared/domain/idNumber';
import { expect, test } from './fixtures';
import { appPage } from './pages/appPage';
import { preferDownloads, saveDownload } from './pages/enrollment';
import { tempDir } from './rosterFiles';

const flat = (text: string) => text.replace(/\s+/g, '');

test('a mismatched ID needs the manager’s decision with a reason, and the records show it', async ({ page }) => {
  await preferDownloads(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  const app = appPage(page);
  const sessions = await app.startDemoSessionAsManager();
  const { checkin, records } = sessions;
  await sessions.tab('checkin');

  // A number that differs from the roster (with a bad check digit too): no plain 到考.
  await checkin.find('202611260101');
  await checkin.idNumber().fill(makeIdNumber('371002', '19900307', 1).slice(0, 17) + '0');
  await expect(checkin.idDiffers()).toBeVisible();
  await checkin.signPledge();
  await expect(checkin.presentButton()).toHaveText('经负责人决定准予入场');
  await expect(checkin.presentButton()).toBeDisabled();
  await checkin.identityReason().fill('身份证换发新号，已核对户口簿与照片');
  await expect(checkin.presentButton()).toBeEnabled();
  await page.waitForTimeout(400); // the button's colour transition, for the screenshot only
  await page.screenshot({ path: test.info().outputPath('checkin-mismatch.png') });
  // A wrong PIN changes nothing.
  await checkin.presentButton().click();
  await page.getByTestId('pin-confirm-pin').fill('9999');
  await page.getByTestId('pin-confirm-ok').click();
  await expect(page.getByTestId('pin-confirm-problem')).toBeVisible();
  await expect(checkin.counts()).toContainText('到考 0');
  await page.getByTestId('pin-confirm-pin').fill('1111');
  await page.getByTestId('pin-confirm-ok').click();
  await expect(checkin.card()).toHaveCount(0);
  await expect(checkin.counts()).toContainText('到考 1');
  await expect(checkin.list()).toContainText('证号不一致');

  // Another: the card is someone else's — an impersonation, recorded with how it was found.
  await checkin.find('202611260102');
  await checkin.idNumber().fill(makeIdNumber('371002', '19850101', 5));
  await checkin.markSubstituted();
  await expect(checkin.counts()).toContainText('替考 1');

  // A genuine card: plain 到考, no reason asked.
  await checkin.present('202611260103');
  await expect(checkin.counts()).toContainText('到考 2');

  // A state already recorded changes only with a reason, and the earlier one stays visible.
  await checkin.absent('202611260104');
  await checkin.find('202611260104');
  await checkin.typeCardId();
  await checkin.signPledge();
  await checkin.markPresent();
  await expect(page.getByText('已有签到记录，更改签到状态须写明理由')).toBeVisible();
  await checkin.changeReason().fill('开考前 3 分钟到场，误记为缺考');
  await checkin.markPresent();
  await expect(checkin.counts()).toContainText('到考 3');
  await checkin.find('202611260104');
  await expect(checkin.card()).toContainText('此前：缺考');

  await sessions.tab('records');
  const dir = await tempDir();
  const signIn = flat(await pdfText(await saveDownload(page, dir, () => records.savePdfButton('checkin').click())));
  expect(signIn).toContain('身份核验');
  expect(signIn).toMatch(/到考证号不一致/);
  expect(signIn).toMatch(/替考证号不一致/);
  expect(signIn).toMatch(/到考证号一致/);
  const incident = flat(await pdfText(await saveDownload(page, dir, () => records.savePdfButton('incident').click())));
  const exceptions = incident.slice(incident.indexOf('签到异常'));
  expect(exceptions).toContain('证号不一致（负责人准予：身份证换发新号，已核对户口簿与照片）');
  expect(exceptions).toContain('替考');
});
