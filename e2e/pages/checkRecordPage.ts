/** Page model of 核验纸质记录: a printed record's QR code checked against this device's data. */
import type { Page } from '@playwright/test';
import { search } from './controls';

export function checkRecordPage(page: Page) {
  return {
    verdict: () => page.getByTestId('record-verdict'),
    details: () => page.getByTestId('record-details'),
    async check(code: string) {
      await search(page, 'record-code', code);
    },
  };
}
