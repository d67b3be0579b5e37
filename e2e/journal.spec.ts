/**
 * Durability beyond the database: the journal outside IndexedDB (browser mode: the Origin
 * Private File System) and its marker. Emptying IndexedDB behind the marker must raise the loss
 * alarm, never a silent fresh start; the journal is sealed (no name or ID number in it), its key
 * wrapped under the site manager's PIN in browser mode; the restore asks for that PIN, brings back
 * every event byte for byte, and the people sign in again, choosing their own PINs anew.
 */
import { storedEventsWithHashes } from './browserProcess';
import type { Page } from '@playwright/test';
import { demoSite } from '../shared/domain/demoSite';
import { expect, test } from './fixtures';
import { appPage, demoSessionName } from './pages/appPage';

test.setTimeout(120_000);

/**
 * Every event held (device/seq order), straight from IndexedDB: its stored hash and its text
 * with members in sorted order (the canonical order; a restored event was parsed from that text).
 */
async function ledgerDump(page: Page): Promise<string[]> {
  const sorted = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sorted)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
          )
        : value;
  return (await storedEventsWithHashes(page)).map((row) => `${row.hash} ${JSON.stringify(sorted(row.event))}`);
}

/** Every journal segment's text, in order, as the Origin Private File System holds it. */
function journalText(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('kaodian-journal');
    const names: string[] = [];
    for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
    let text = '';
    for (const name of names.filter((n) => n.startsWith('segment-')).sort())
      text += await (await (await dir.getFileHandle(name)).getFile()).text();
    return text;
  });
}

function markerText(page: Page): Promise<string | null> {
  return page.evaluate(async () => {
    try {
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('kaodian-journal');
      return await (await (await dir.getFileHandle('marker.json')).getFile()).text();
    } catch {
      return null;
    }
  });
}

test('emptying IndexedDB behind the journal raises the loss alarm; the restore brings every event back byte for byte', async ({
  page,
}) => {
  const app = appPage(page);
  await app.startDemoSessionAsManager();
  const before = await ledgerDump(page);
  expect(before.length).toBeGreaterThan(40);
  // The marker follows the ledger; the journal and the marker's settings (PINs, profile) are sealed.
  await expect.poll(async () => JSON.parse((await markerText(page)) ?? '{"events":0}').events).toBe(before.length);
  await expect
    .poll(async () => (JSON.parse((await markerText(page)) ?? '{"settings":""}').settings as string).slice(0, 5))
    .toBe('kdj1:');
  const journal = await journalText(page);
  expect(
    journal
      .split('\n')
      .filter(Boolean)
      .every((line) => line.startsWith('kdj1:')),
  ).toBe(true);
  for (const candidate of demoSite().candidates.slice(0, 5)) {
    expect(journal).not.toContain(candidate.name);
    expect(journal).not.toContain(candidate.idNumber);
  }

  // The browser data is cleared behind the app's back.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.deleteDatabase('kaodian');
        request.onsuccess = () => resolve();
        request.onerror = () => reject(request.error);
      }),
  );
  await page.reload();
  await expect(app.lossAlarm()).toHaveText('本机数据库缺少已保存的记录');
  await expect(page.getByText('数据库是空的，但备份日志表明本机曾保存过记录')).toBeVisible();
  await expect(page.getByText(`${before.length} 条记录`)).toBeVisible();
  // Nothing was started fresh behind the alarm.
  expect(await ledgerDump(page)).toEqual([]);

  // One date format on every screen (not a raw ISO time).
  await expect(page.getByTestId('loss-last-written')).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  // Sealed under the site manager's PIN (browser mode): the restore asks for it, and waits for it.
  await expect(page.getByTestId('restore-journal')).toBeDisabled();
  await app.restoreJournal('0000');
  await expect(app.restoreError()).toContainText('考点负责人 PIN 码不正确');
  expect(await ledgerDump(page)).toEqual([]);
  await app.restoreJournal('1111');
  await expect(app.loginHeading()).toBeVisible();
  expect(await ledgerDump(page)).toEqual(before);
  // Restored PINs are one-time: the manager chooses their own again.
  await app.signIn('刘志强', '1111');
  await app.chooseOwnPin('2580');
  const sessions = await app.goTo('sessions');
  await expect(sessions.table()).toContainText(demoSessionName);
  await expect(sessions.table()).toContainText('考核中');
  // The restored device writes on: a new event continues the journalled chain.
  await sessions.open(demoSessionName);
  await sessions.tab('checkin');
  await sessions.checkin.absent('202611260101');
  await expect.poll(async () => JSON.parse((await markerText(page)) ?? '{"events":0}').events).toBe(before.length + 1);
});
