/** Page models: what a person sees and does, in words the tests read. */
import { expect, type Page } from '@playwright/test';

export interface SiteProfileInput {
  siteCode: string;
  siteName: string;
  district: string;
}

export const demoProfile: SiteProfileInput = {
  siteCode: 'WH-0301',
  siteName: '威海市职业技能实训中心',
  district: '环翠区',
};
export const managerName = '刘志强';
export const managerPin = '8642';
export const demoSessionName = '胶东花饽饽制作 2026 年第 4 期';

export function appPage(page: Page) {
  const app = {
    /** `url`: the app's address when the page has no base URL (a browser process of its own). */
    async open(url = '/') {
      await page.goto(url);
    },
    setupHeading: () => page.getByRole('heading', { name: '首次使用：设置考点信息' }),
    async fillSetup(profile: SiteProfileInput) {
      await page.getByTestId('site-code').fill(profile.siteCode);
      await page.getByTestId('site-name').fill(profile.siteName);
      await page.getByTestId('district').fill(profile.district);
      await page.getByTestId('setup-submit').click();
    },
    async createManager(name = managerName, pin = managerPin) {
      await page.getByTestId('manager-name').fill(name);
      await page.getByTestId('manager-pin').fill(pin);
      await page.getByTestId('manager-pin-again').fill(pin);
      await page.getByTestId('manager-create').click();
    },
    /** Site profile, then the first manager: ends on the home screen, signed in. */
    async completeSetup(profile: SiteProfileInput = demoProfile) {
      await app.open();
      await app.fillSetup(profile);
      await app.createManager();
      await app.expectHome(profile);
    },
    async expectHome(profile: SiteProfileInput) {
      await expect(page.getByTestId('home')).toBeVisible();
      await expect(page.getByTestId('home-site-name')).toHaveText(profile.siteName);
      await expect(page.getByTestId('home-site-code')).toHaveText(profile.siteCode);
    },
    async signIn(name: string, pin: string) {
      await app.chooseOption('login-person', name);
      await page.getByTestId('login-pin').fill(pin);
      await page.getByTestId('login-submit').click();
    },
    async signOut() {
      await page.getByTestId('sign-out').click();
      await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
    },
    /**
     * Picks an option of an antd Select by (part of) its label; typing filters searchable ones.
     * Done again until the select shows the label: a click can land in the dropdown of the select
     * before, still fading out (a person was once registered as 考评员 instead of 督导员 so).
     */
    async chooseOption(testId: string, label: string) {
      const select = page.getByTestId(testId);
      await expect(async () => {
        await select.click();
        const input = select.locator('input');
        if (await input.isEditable().catch(() => false)) await input.fill(label);
        // antd renders the visible options outside the accessible listbox; pick the visible one.
        await page
          .locator('.ant-select-dropdown:visible .ant-select-item-option')
          .filter({ hasText: label })
          .first()
          .click({ timeout: 5_000 });
        await expect(select).toContainText(label, { timeout: 2_000 });
      }).toPass({ timeout: 30_000 });
    },
    async chooseLanguage(label: '简体中文' | 'English') {
      await page.getByTestId('language-switch').first().click();
      await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${label}"]`).click();
    },
    async openMenu(name: string) {
      await page.getByRole('menuitem', { name }).click();
    },
    /** A visitor's start: the demo site loaded, the site manager signed in, the session opened. */
    async startDemoSessionAsManager(url = '/') {
      await app.open(url);
      await page.getByTestId('load-demo').click();
      await app.signIn('刘志强', '1111');
      await app.openDemoSession();
    },
    /** The demo session's page, opened (the device clock confirmed) if it was not yet. */
    async openDemoSession() {
      await app.openMenu('考核场次');
      await page.getByTestId('sessions-table').getByText(demoSessionName).click();
      if (await page.getByTestId('open-session').isVisible()) {
        await page.getByTestId('open-session').click();
        await expect(page.getByTestId('device-clock')).toBeVisible();
        await page.getByTestId('confirm-clock').click();
        await expect(page.getByTestId('session-status')).toHaveText('考核中');
      }
    },
    /** On the session's 签到 tab: each ticket checked in present with the pledge signed. */
    async checkInPresent(tickets: readonly string[]) {
      await page.getByRole('tab', { name: '签到' }).click();
      const search = page.locator('[data-testid="checkin-search"] input');
      for (const ticket of tickets) {
        await search.fill(ticket);
        await search.press('Enter');
        await page.getByTestId('checkin-pledge').click();
        await page.getByTestId('mark-present').click();
        await expect(page.getByTestId('checkin-card')).toHaveCount(0);
      }
    },
    /** Answers the next file dialog with `path`. */
    async withFile(path: string, open: () => Promise<void>) {
      const chooser = page.waitForEvent('filechooser');
      await open();
      await (await chooser).setFiles(path);
    },
  };
  return app;
}
