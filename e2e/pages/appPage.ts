/** A page model of the app shell: what a person sees and does, in words the tests read. */
import { expect, type Page } from '@playwright/test';

export interface SiteProfileInput {
  siteCode: string;
  siteName: string;
  district: string;
}

export const demoProfile: SiteProfileInput = { siteCode: 'WH-0301', siteName: '威海市职业技能实训中心', district: '环翠区' };

export function appPage(page: Page) {
  return {
    async open() {
      await page.goto('/');
    },
    setupHeading: () => page.getByRole('heading', { name: '首次使用：设置考点信息' }),
    async fillSetup(profile: SiteProfileInput) {
      await page.getByTestId('site-code').fill(profile.siteCode);
      await page.getByTestId('site-name').fill(profile.siteName);
      await page.getByTestId('district').fill(profile.district);
      await page.getByTestId('setup-submit').click();
    },
    async expectHome(profile: SiteProfileInput) {
      await expect(page.getByTestId('home')).toBeVisible();
      await expect(page.getByTestId('home-site-name')).toHaveText(profile.siteName);
      await expect(page.getByTestId('home-site-code')).toHaveText(profile.siteCode);
    },
    async chooseLanguage(label: '简体中文' | 'English') {
      await page.getByTestId('language-switch').click();
      // antd renders the visible options outside the accessible listbox; pick the visible one.
      await page.locator(`.ant-select-item-option[title="${label}"]`).click();
    },
    async openMenu(name: string) {
      await page.getByRole('menuitem', { name }).click();
    },
  };
}
