/** Page model of the district's console (authority/console): login, the menu, and each screen's controls. */
import { expect, type Page } from '@playwright/test';

export const consoleMenu = {
  overview: '总览',
  sites: '考点与设备',
  sync: '同步记录',
  quarantine: '隔离区',
  plans: '考核计划',
  results: '成绩',
  audit: '审计日志',
  operators: '操作员',
} as const;

/** antd writes two-character button labels with a space between (登 录). */
export const label = (text: string) => new RegExp(`^\\s*${[...text].join('\\s*')}\\s*$`);

export function consolePage(page: Page, origin: string) {
  const console = {
    async open() {
      await page.goto(`${origin}/console/`);
    },
    loginButton: () => page.getByRole('button', { name: label('登录') }),
    async login(login: string, password: string) {
      await page.getByLabel('账号').fill(login);
      await page.getByLabel('密码', { exact: true }).fill(password);
      await console.loginButton().click();
    },
    loginError: () => page.getByRole('alert'),
    async changePassword(current: string, next: string) {
      await page.getByLabel('当前密码').fill(current);
      await page.getByLabel('新密码（至少 12 个字符）').fill(next);
      await page.getByLabel('再次输入新密码').fill(next);
      await page.getByRole('button', { name: '修改密码' }).click();
      await expect(page.getByRole('menuitem', { name: consoleMenu.overview })).toBeVisible();
    },
    async goTo(screen: keyof typeof consoleMenu) {
      await page.getByRole('menuitem', { name: consoleMenu[screen] }).click();
      await expect(page.getByRole('heading', { level: 2, name: consoleMenu[screen] })).toBeVisible();
      // The screen with its data, not its loading state: axe and the assertions read what is shown.
      await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
    },
    async issueCode(site: string): Promise<string> {
      await console.goTo('sites');
      await page.getByLabel('考点代码').fill(site);
      await page.getByRole('button', { name: '发放注册码' }).click();
      const issued = page.getByTestId('issued-code');
      await expect(issued).toBeVisible();
      return (await issued.locator('h2').innerText()).trim();
    },
    /** The row of a table that contains `text`. */
    row: (text: string | RegExp) => page.locator('.ant-table-row').filter({ hasText: text }),
    async logout() {
      await page.getByRole('button', { name: '退出登录' }).click();
      await expect(console.loginButton()).toBeVisible();
    },
  };
  return console;
}
