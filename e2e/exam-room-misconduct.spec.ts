/**
 * R2 of the exam-room rules: the examiner deals with misconduct in their room and writes it in
 * the 考场记录; the supervisor confirms it, and until then the session cannot close. Working past
 * the end signal is a warning with 10% off.
 */
import { expect, test } from './fixtures';
import { appPage } from './pages/appPage';
import { supervisionPage } from './pages/supervisionPage';

test('an examiner records working past the end signal; the supervisor confirms it', async ({ page }) => {
  const app = appPage(page);
  await app.startDemoSessionAsManager();
  await app.checkInPresent(['202611260101']);
  await app.signOut();

  await app.signIn('王建国', '2222');
  await app.goTo('scoring');
  const room = supervisionPage(page);
  await room.addMisconduct('202611260101', '结束信号后继续操作', '结束信号后继续整形约 2 分钟，当场劝止');
  await expect(room.misconduct()).toContainText('待督导员确认');
  await expect(room.misconduct()).toContainText('王建国');
  await app.signOut();

  await app.signIn('赵淑芳', '3333');
  const supervision = await app.goTo('supervision');
  await expect(supervision.misconduct()).toContainText('结束信号后继续操作');
  await supervision.confirmMisconduct();
  await expect(supervision.misconduct()).toContainText('督导员 赵淑芳 已确认');
  await expect(page.getByTestId('confirm-misconduct')).toHaveCount(0);
});
