/**
 * Online sync against a real authority process on loopback with a real SQLite file: enrol with a
 * one-time code, sync, lose the network, keep working, regain it — synced with verified
 * receipts; the same events by USB and `authority import` are all duplicates (exactly once).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { execFile } from 'node:child_process';
import { fingerprint, decodePublicKey } from '../shared/ledger/signing';
import { expect, test } from './fixtures';
import { appPage } from './pages/appPage';
import { preferDownloads, saveDownload } from './pages/enrollment';

test.setTimeout(180_000);
// Cutting the network on purpose makes Chromium log the refused requests.
test.use({ expectedConsoleError: /Failed to load resource|ERR_FAILED|ERR_CONNECTION_REFUSED/ });

const run = promisify(execFile);
const port = 8797;
const base = `http://127.0.0.1:${port}`;
const cli = (dataDir: string, ...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'authority/cli.ts', ...args, '--data', dataDir]);

let authority: ChildProcess | undefined;
test.afterEach(() => {
  authority?.kill('SIGTERM');
});

async function startAuthority(dataDir: string) {
  authority = spawn(
    process.execPath,
    ['--import', 'tsx', 'authority/cli.ts', 'serve', '--port', String(port), '--data', dataDir],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 100; i += 1) {
    try {
      const response = await fetch(`${base}/v1/health`);
      if (response.ok) return (await response.json()) as { pub: string };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the authority did not start');
}

test('enrol online, sync, lose the network, work on, regain it; USB brings nothing twice', async ({ page }) => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kaodian-authority-'));
  const health = await startAuthority(dataDir);
  const code = (await cli(dataDir, 'enroll-code', '--site', 'DEMO-0001')).stdout.trim().split('\n').at(-1)!;
  await preferDownloads(page);
  const app = appPage(page);
  await app.open();
  await page.getByTestId('load-demo').click();
  await app.signIn('刘志强', '1111');

  // Online enrolment: the fingerprint shown is the authority's own.
  await app.openMenu('本机信息');
  await page.getByTestId('enroll-code').fill(code);
  await page.getByTestId('enroll-address').fill(base);
  await page.getByTestId('enroll-online').click();
  await expect(page.getByTestId('pending-fingerprint')).toHaveText(fingerprint(decodePublicKey(health.pub)!));
  await page.getByTestId('enroll-confirm').click();
  await expect(page.getByTestId('enrollment-status')).toHaveText('已注册');

  const syncAndWait = async () => {
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-waiting-count')).toHaveText('0', { timeout: 20_000 });
    await expect(page.getByTestId('sync-last-error')).toHaveCount(0);
  };
  await syncAndWait();
  await expect(page.getByTestId('last-synced')).not.toHaveText('从未');

  // Work: open the session, check a candidate in.
  const checkIn = async (ticket: string) => {
    await app.openDemoSession();
    await page.getByRole('tab', { name: '签到' }).click();
    await page.locator('[data-testid="checkin-search"] input').fill(ticket);
    await page.locator('[data-testid="checkin-search"] input').press('Enter');
    await page.getByTestId('checkin-pledge').click();
    await page.getByTestId('mark-present').click();
    await expect(page.getByTestId('checkin-card')).toHaveCount(0);
  };
  await checkIn('202611260101');
  await app.openMenu('本机信息');
  await syncAndWait();

  // The network goes: work goes on, sync says so in words and keeps the records.
  await page.route(`${base}/**`, (route) => route.abort('connectionrefused'));
  await checkIn('202611260102');
  await checkIn('202611260103');
  await app.openMenu('本机信息');
  await page.getByTestId('sync-now').click();
  await expect(page.getByTestId('sync-last-error')).toContainText('无法连接鉴定机构');
  await expect(page.getByTestId('sync-waiting-count')).toHaveText('2');

  // It comes back.
  await page.unroute(`${base}/**`);
  await syncAndWait();
  const held = await page.getByTestId('device-event-count').innerText();
  const status = (await cli(dataDir, 'status')).stdout;
  expect(status).toContain(`through ${held}`);

  // The same events by USB: the authority takes none of them twice.
  await app.openMenu('同步');
  await expect(page.getByTestId('sync-waiting')).toContainText('尚有 0 条');
  const identity = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve) => {
      const r = indexedDB.open('kaodian');
      r.onsuccess = () => resolve(r.result);
    });
    return new Promise<string>((resolve) => {
      const r = db.transaction('identity').objectStore('identity').get('device');
      r.onsuccess = () => resolve((r.result as { device: string }).device);
    });
  });
  // Everything is acknowledged, so a USB export now carries nothing; send the whole chain instead
  // through the authority's import by asking the app to export after forgetting the receipt.
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve) => {
      const r = indexedDB.open('kaodian');
      r.onsuccess = () => resolve(r.result);
    });
    await new Promise<void>((resolve) => {
      const tx = db.transaction('receipts', 'readwrite');
      tx.objectStore('receipts').clear();
      tx.oncomplete = () => resolve();
    });
  });
  await page.reload();
  await app.signIn('刘志强', '1111');
  await app.openMenu('同步');
  const file = await saveDownload(page, dataDir, () => page.getByTestId('export-package').click());
  const imported = (await cli(dataDir, 'import', file)).stdout.trim();
  expect(imported).toBe(`${identity} 1-${held} duplicate`);
});
