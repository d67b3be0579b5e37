/**
 * 补录考生: one candidate entered by hand goes through the roster's own checks; the code lists
 * (证件类型, 民族, 文化程度) are selects, and a missing ticket is numbered from the assessment day.
 */
import { expect, test } from './fixtures';
import { appPage, demoSessionName } from './pages/appPage';

test('a candidate added by hand is checked like a roster row and numbered when the ticket is empty', async ({
  page,
}) => {
  const app = appPage(page);
  await app.open();
  await app.loadDemo();
  await app.signIn('刘志强', '1111');
  const sessions = await app.goTo('sessions');
  await sessions.open(demoSessionName);
  await sessions.tab('roster');
  const { roster } = sessions;
  await expect(roster.count()).toHaveText('共 30 条');

  // A passport holder who is 14 on the assessment day: refused with the reason, nothing written.
  await roster.addCandidate({
    name: '陈嘉怡',
    idType: '护照',
    idNumber: 'E12345678',
    sex: '女',
    birthDate: '2012-05-01',
    education: '初中',
  });
  await expect(roster.addProblems()).toContainText('未满 16 周岁');
  await page.screenshot({ path: test.info().outputPath('add-candidate.png') });
  await expect(roster.count()).toHaveText('共 30 条');

  // The right birth date: added, its ticket numbered from the assessment day.
  const birth = page.getByTestId('add-birth-date');
  await birth.click();
  await birth.fill('1996-05-01');
  await birth.press('Tab');
  await page.getByTestId('add-candidate-ok').click();
  await expect(page.getByText(/已补录考生 陈嘉怡（准考证号 \d{8}0001）/)).toBeVisible();
  await expect(roster.count()).toHaveText('共 31 条');
  // The list is virtual: found by its number, the document named beside it.
  await roster.search().fill('E12345678');
  await expect(roster.table()).toContainText('E12345678（护照）');
});
