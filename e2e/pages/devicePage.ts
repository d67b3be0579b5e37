/**
 * Page model of 本机信息: the device's identity and storage, enrolment with the authority (by
 * files or online), online sync, and the idle lock.
 */
import { expect, type Page } from '@playwright/test';
import { withFile } from './controls';

export function devicePage(page: Page) {
  const device = {
    root: () => page.getByTestId('device-page'),
    id: () => page.getByTestId('device-id'),
    fingerprint: () => page.getByTestId('device-fingerprint'),
    databaseVersion: () => page.getByTestId('device-db-version'),
    persistence: () => page.getByTestId('device-persistence'),
    eventCount: () => page.getByTestId('device-event-count'),

    enrollment: {
      status: () => page.getByTestId('enrollment-status'),
      error: () => page.getByTestId('enrollment-error'),
      pendingFingerprint: () => page.getByTestId('pending-fingerprint'),
      authorityFingerprint: () => page.getByTestId('authority-fingerprint'),
      async fillCode(code: string) {
        await page.getByTestId('enroll-code').fill(code);
      },
      requestButton: () => page.getByTestId('enroll-request'),
      async importReply(file: string) {
        await withFile(page, file, () => page.getByTestId('enroll-import-reply').click());
      },
      async online(code: string, address: string) {
        await device.enrollment.fillCode(code);
        await page.getByTestId('enroll-address').fill(address);
        await page.getByTestId('enroll-online').click();
      },
      /** The authority's fingerprint compared, pinned: 已注册. */
      async confirm() {
        await page.getByTestId('enroll-confirm').click();
        await expect(device.enrollment.status()).toHaveText('已注册');
      },
    },

    online: {
      waitingCount: () => page.getByTestId('sync-waiting-count'),
      lastError: () => page.getByTestId('sync-last-error'),
      lastSynced: () => page.getByTestId('last-synced'),
      async syncNow() {
        await page.getByTestId('sync-now').click();
      },
      /** Sync now, and wait until nothing is waiting, no error shows, and the app has said so. */
      async syncAndWait() {
        await device.online.syncNow();
        await expect(device.online.waitingCount()).toHaveText('0', { timeout: 20_000 });
        await expect(device.online.lastError()).toHaveCount(0);
        await expect(page.getByText('已同步：鉴定机构已确认接收本机的记录').last()).toBeVisible({ timeout: 20_000 });
      },
    },
  };
  return device;
}
