/** Page model of 同步: what waits to be sent, USB packages out and in, and the courier's manifest. */
import type { Page } from '@playwright/test';
import { tableRows, withFile } from './controls';

export function syncPage(page: Page) {
  const sync = {
    /** "尚有 N 条记录…" */
    waiting: () => page.getByTestId('sync-waiting'),
    importResults: () => page.getByTestId('import-results'),
    importRows: () => tableRows(page, 'import-results'),
    error: () => page.getByTestId('sync-error'),
    revokedDevice: () => page.getByTestId('revoked-device'),
    exportButton: () => page.getByTestId('export-package'),
    manifestButton: () => page.getByTestId('save-manifest'),
    async importPackage(file: string) {
      await withFile(page, file, () => page.getByTestId('import-package').click());
    },
  };
  return sync;
}
