/**
 * The app and a district as deployed (issue 17): a real authority process over https under a
 * test CA and a host name that is not loopback. The app — which connects nowhere but its own
 * origin — enrols online with https://jianding.test:<port> using a code an operator issued in
 * the console, syncs, and the console in the same browser shows the device, its events and the
 * session's results.
 */
import { expect, test, type Page } from '@playwright/test';
import { browserModePort } from '../vite.config';
import { appPage, demoSessionName } from './pages/appPage';
import { consolePage } from './pages/consolePage';
import { districtBrowser, startTlsAuthority } from './districtTls';

test.setTimeout(180_000);

/**
 * Console errors a page logs (the fixtures' check, for a browser launched here). Chromium logs
 * every 404 answer as one; the only one expected is the app asking for its receipt before the
 * authority holds any of its events (404 unknown_device, FORMATS.md §8).
 */
function watchErrors(page: Page, errors: string[]) {
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 404/.test(message.text())) errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() === 404 && !/\/district\/v1\/devices\/[0-9a-f-]+\/receipt$/.test(response.url()))
      errors.push(`404 ${response.url()}`);
  });
}

test('the app enrols with and syncs to an https district; the console shows the device, events and results', async () => {
  const authority = await startTlsAuthority();
  const browser = await districtBrowser(authority.ca);
  const errors: string[] = [];
  try {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    const password = (await authority.cli('operator', 'add', 'wang.fang', '--role', 'operator')).at(-1)!;
    const fingerprint = (await authority.cli('status'))[0]!.match(/fingerprint (.+)$/)![1]!;

    // The district's operator issues a code in the console.
    const consoleTab = await context.newPage();
    watchErrors(consoleTab, errors);
    const district = consolePage(consoleTab, authority.origin);
    await district.open();
    await district.login('wang.fang', password);
    await district.changePassword(password, 'wang-fang-2026-new');
    const code = await district.issueCode('DEMO-0001');
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    // The site enrols online with the district's https address, and syncs.
    const page = await context.newPage();
    watchErrors(page, errors);
    const app = appPage(page);
    await app.open(`http://127.0.0.1:${browserModePort}/`);
    await app.loadDemo();
    await app.signIn('刘志强', '1111');
    const device = await app.goTo('device');
    await device.enrollment.online(code, authority.origin);
    await expect(device.enrollment.pendingFingerprint()).toHaveText(fingerprint);
    await device.enrollment.confirm();
    await app.openDemoSession();
    await app.checkInPresent(['202611260101']);
    await app.goTo('device');
    await device.online.syncAndWait();
    await expect(device.online.waitingCount()).toHaveText('0');

    // The console shows the device, the events it received and the session's results.
    await consoleTab.bringToFront();
    await district.goTo('sites');
    await expect(district.row('DEMO-0001').filter({ hasText: '考务机' })).toContainText('正常');
    await district.goTo('sync');
    await expect(district.row('DEMO-0001').first()).toBeVisible();
    await district.goTo('overview');
    const received = consoleTab.locator('.ant-statistic').filter({ hasText: '已接收事件' });
    await expect(received).toBeVisible();
    // The demo site's session, its people and candidates, and the check-in: well over 30 events.
    expect(
      Number((await received.locator('.ant-statistic-content-value').innerText()).replace(/\D/g, '')),
    ).toBeGreaterThan(30);
    await district.goTo('results');
    const site = consoleTab.getByTestId('site-DEMO-0001');
    await expect(site).toContainText(demoSessionName);
    await expect(site.locator('.ant-table-row')).toHaveCount(30);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
    authority.stop();
  }
});
