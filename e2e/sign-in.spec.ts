import { expect, test } from './fixtures';
import { appPage, managerName, managerPin } from './pages/appPage';

test('five wrong PINs lock a person out; even the right PIN is refused until the time is up', async ({ page }) => {
  const app = appPage(page);
  await app.completeSetup();
  await app.signOut();
  for (const remaining of [4, 3, 2, 1]) {
    await app.signIn(managerName, '0000');
    await expect(app.loginProblem()).toHaveText(`PIN 码错误，还可尝试 ${remaining} 次`);
  }
  await app.signIn(managerName, '0000');
  await expect(app.loginProblem()).toContainText('连续输错 PIN 码，已锁定至');
  await app.signIn(managerName, managerPin);
  await expect(app.loginProblem()).toContainText('已锁定至');
  await expect(app.home()).toHaveCount(0);
});

test('the manager’s screen locks after five idle minutes; signing in again returns to it', async ({ page }) => {
  await page.clock.install();
  const app = appPage(page);
  await app.completeSetup();
  const people = await app.goTo('people');
  await page.clock.fastForward('04:00');
  await expect(people.table()).toBeVisible();
  await page.mouse.move(200, 200);
  await page.clock.fastForward('04:00');
  await expect(people.table()).toBeVisible();
  await page.clock.fastForward('01:30');
  await expect(app.loginHeading()).toBeVisible();
  await expect(page.getByText('长时间未操作，已自动锁定。请重新登录，登录后回到刚才的页面')).toBeVisible();
  await app.signIn(managerName, managerPin);
  await expect(people.table()).toBeVisible();
});
