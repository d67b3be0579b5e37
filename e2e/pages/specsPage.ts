/** Page model of 考核规范: importing a specification file, or adding the built-in demo one. */
import type { Page } from '@playwright/test';
import { giveReason, withFile } from './controls';

export function specsPage(page: Page) {
  return {
    errors: () => page.getByTestId('spec-errors'),
    detail: () => page.getByTestId('spec-detail'),
    async importFile(file: string) {
      await withFile(page, file, () => page.getByTestId('import-spec').click());
    },
    withdrawn: () => page.getByTestId('withdrawn-specs'),
    async withdraw(code: string, reason: string) {
      await page.getByTestId(`withdraw-spec-${code}`).click();
      await giveReason(page, reason);
    },
    async addDemo() {
      await page.getByTestId('add-demo-spec').click();
    },
  };
}
