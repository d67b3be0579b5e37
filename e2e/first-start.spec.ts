import { appPage, demoProfile, managerName, managerPin } from './pages/appPage';
import { expect, test } from './fixtures';

test('first start asks for the site profile in Chinese and keeps it across a reload', async ({ page }) => {
  const app = appPage(page);
  await app.open();
  await expect(app.setupHeading()).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');

  // An empty form is refused field by field in Chinese (it once said "expected string, received undefined").
  await app.fillSetup({ siteCode: '', siteName: '', district: '' });
  await expect(page.getByText('请填写考点名称')).toBeVisible();
  await expect(page.getByText('请填写所属县（市、区）')).toBeVisible();
  await expect(page.getByText(/expected|received|undefined/)).toHaveCount(0);

  // A bad site code is refused with a translated reason, and nothing is saved.
  await app.fillSetup({ ...demoProfile, siteCode: '!' });
  await expect(page.getByText('考点代码为 2–32 位字母、数字或连字符')).toBeVisible();
  await page.reload();
  await expect(app.setupHeading()).toBeVisible();

  await app.fillSetup(demoProfile);
  // Next the site manager registers themself with a PIN.
  await expect(app.managerHeading()).toBeVisible();
  await app.createManager();
  await app.expectHome(demoProfile);
  await expect(app.welcomeHeading()).toBeVisible();

  // A reload keeps the profile and asks who is there.
  await page.reload();
  await expect(app.loginHeading()).toBeVisible();
  await expect(page.getByText(demoProfile.siteName)).toBeVisible();
  await expect(app.setupHeading()).toHaveCount(0);
  await app.signIn(managerName, managerPin);
  await app.expectHome(demoProfile);
});

test('the language can be switched and is remembered', async ({ page }) => {
  const app = appPage(page);
  await app.completeSetup();

  await app.chooseLanguage('English');
  await expect(page.getByRole('heading', { name: 'Welcome to Kaodian' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await app.signIn(managerName, managerPin);
  await expect(page.getByRole('heading', { name: 'Welcome to Kaodian' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'This device' })).toBeVisible();

  await app.chooseLanguage('简体中文');
  await expect(app.welcomeHeading()).toBeVisible();
  await page.reload();
  await expect(app.loginHeading()).toBeVisible();
});

test('the language chosen on the set-up screen is kept with the profile', async ({ page }) => {
  const app = appPage(page);
  await app.open();
  await app.chooseLanguage('English');
  await expect(page.getByRole('heading', { name: 'First start: set up the site' })).toBeVisible();
  await app.fillSetup(demoProfile);
  await expect(page.getByRole('heading', { name: 'Set up the site manager' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Set up the site manager' })).toBeVisible();
});

test('the device screen shows persistent storage, the estimate and the database version', async ({ page }) => {
  const app = appPage(page);
  await app.completeSetup();
  const device = await app.goTo('device');
  await expect(device.root()).toBeVisible();
  await expect(device.databaseVersion()).toHaveText('8');
  await expect(device.persistence()).toContainText(/已获准|未获准/);
  await expect(page.getByText('浏览器模式')).toBeVisible();
  await expect(page.getByText(/已用空间/)).toBeVisible();
});

test('storage not granted: the device screen offers to ask again and says what gets it granted', async ({ page }) => {
  // A browser that refuses persistence (as Chromium does for a site it rates as little used).
  await page.addInitScript(() => {
    const calls = { persist: 0 };
    Object.assign(window, { persistCalls: calls });
    navigator.storage.persisted = async () => false;
    navigator.storage.persist = async () => {
      calls.persist += 1;
      return false;
    };
  });
  const app = appPage(page);
  await app.completeSetup();
  const device = await app.goTo('device');
  await expect(device.persistence()).toContainText('未获准');
  const before = await page.evaluate(
    () => (window as unknown as { persistCalls: { persist: number } }).persistCalls.persist,
  );
  await page.getByTestId('request-persistence').click();
  await expect(page.getByTestId('persistence-how-to')).toContainText('请改用考点桌面程序');
  expect(
    await page.evaluate(() => (window as unknown as { persistCalls: { persist: number } }).persistCalls.persist),
  ).toBe(before + 1);
});
