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
  await app.loadDemo();
  await app.signIn('刘志强', '1111');

  // Online enrolment: the fingerprint shown is the authority's own.
  const device = await app.goTo('device');
  const { enrollment, online } = device;
  await enrollment.online(code, base);
  await expect(enrollment.pendingFingerprint()).toHaveText(fingerprint(decodePublicKey(health.pub)!));
  await enrollment.confirm();

  await online.syncAndWait();
  await expect(online.lastSynced()).not.toHaveText('从未');

  // Work: open the session, check a candidate in.
  const checkIn = async (ticket: string) => {
    await app.openDemoSession();
    await app.checkInPresent([ticket]);
  };
  await checkIn('202611260101');
  await app.goTo('device');
  await online.syncAndWait();

  // The network goes: work goes on, sync says so in words and keeps the records.
  // The app reaches the authority through its page server (shared/sync/district.ts): cut that way.
  await page.route('**/district/**', (route) => route.abort('connectionrefused'));
  await checkIn('202611260102');
  await checkIn('202611260103');
  await app.goTo('device');
  await online.syncNow();
  await expect(online.lastError()).toContainText('无法连接鉴定机构');
  await expect(online.waitingCount()).toHaveText('2');

  // It comes back.
  await page.unroute('**/district/**');
  await online.syncAndWait();
  const held = await device.eventCount().innerText();
  const status = (await cli(dataDir, 'status')).stdout;
  expect(status).toContain(`through ${held}`);

  // The same events by USB: the authority takes none of them twice.
  const sync = await app.goTo('sync');
  // Nothing waits: the page says so plainly and offers no empty package.
  await expect(sync.waiting()).toHaveText('鉴定机构已确认本机的全部记录，没有需要导出的记录。');
  await expect(sync.exportButton()).toBeDisabled();
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
  await app.goTo('sync');
  const file = await saveDownload(page, dataDir, () => sync.exportButton().click());
  const imported = (await cli(dataDir, 'import', file)).stdout.trim();
  expect(imported).toBe(`${identity} 1-${held} duplicate`);
});
