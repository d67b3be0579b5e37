/**
 * A database from before schema 8 — 30,000 events seeded through the app's write path, then laid
 * out a row per event as schema 7 stored them — moves into segments at start, behind a progress
 * bar, while the browser is killed (SIGKILL) mid-move again and again. After every kill each event
 * is held exactly once: in segments up to the move's mark, a row after it. At the end every event
 * and hash is as before, in segments alone, and the journal raises no alarm.
 */
import type { Page } from '@playwright/test';
import type { LedgerEvent } from '../shared/ledger/event';
import { seededRandom } from '../shared/domain/demoSite';
import { bundleHarness } from '../test/bundleHarness';
import { kill, launch, storedEventsWithHashes, storedRows, type BrowserProcess } from './browserProcess';
import { expect, test } from './fixtures';
import { appPage } from './pages/appPage';
import { tempDir } from './rosterFiles';

const seedEvents = 30_000;
const kills = 5;
test.setTimeout(6 * 60_000);

type Harness = Record<string, (...args: unknown[]) => Promise<unknown>>;

async function call(page: Page, global: string, fn: string, ...args: unknown[]) {
  return page.evaluate(
    ([g, name, rest]) =>
      (window as unknown as Record<string, Harness>)[g as string]![name as string]!(...(rest as unknown[])),
    [global, fn, args] as const,
  );
}

/** The app's origin without the app: a blank page there reads its IndexedDB and migrates nothing. */
async function openBlank(page: Page, baseURL: string) {
  await page.route('**/blank-for-reading', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<html></html>' }),
  );
  await page.goto(new URL('/blank-for-reading', baseURL).href);
}

const key = (stored: { event: LedgerEvent; hash: string }) =>
  `${stored.event.device}/${stored.event.seq}/${stored.hash}`;

test('a database stored a row per event moves into segments at start, through kills, behind a progress bar', async ({
  baseURL,
}) => {
  const random = seededRandom(20261203);
  const profile = await tempDir();
  let run: BrowserProcess = await launch(profile);
  let before: { event: LedgerEvent; hash: string }[];
  try {
    await run.page.goto(baseURL!);
    await expect(appPage(run.page).setupHeading()).toBeVisible();
    await run.page.evaluate(await bundleHarness('bench/harness/ledgerBench.ts', 'KaodianLedgerBench'));
    const seeded = (await call(run.page, 'KaodianLedgerBench', 'seed', seedEvents, '1234')) as { events: number };
    before = await storedEventsWithHashes(run.page);
    expect(before).toHaveLength(seeded.events);
    expect(await call(run.page, 'KaodianLedgerBench', 'toLegacyLayout')).toBe(before.length);
  } finally {
    await run.browser.close().catch(() => undefined);
    await kill(run.process);
  }
  const expected = before.map(key).sort();

  // Killed mid-move, again and again: each time, every event is in exactly one layout.
  const left: number[] = [];
  for (let k = 1; k <= kills; k++) {
    run = await launch(profile);
    try {
      await run.page.goto(baseURL!);
      const progress = run.page.getByTestId('migration-progress');
      await expect(progress).toBeVisible();
      if (k === 1) {
        await expect(run.page.getByText('正在升级本机数据的存储方式')).toBeVisible();
        await run.page.evaluate(() => document.fonts.ready);
        await run.page.screenshot({ path: 'test-results/migration-progress.png' });
      }
      // Once the move is under way, at a random moment: between steps or in the middle of one.
      await expect(run.page.getByText(/已转换 [1-9]/)).toBeVisible();
      await new Promise((r) => setTimeout(r, Math.floor(random() * 300)));
    } finally {
      await kill(run.process);
    }
    run = await launch(profile);
    try {
      await openBlank(run.page, baseURL!);
      // Rows up to the mark were copied into segments (the last step clears the table); the rest
      // are still rows.
      const [mark] = await storedRows<{ through: [string, number] }>(run.page, 'moves');
      const rows = (
        await storedRows<{ device: string; seq: number; event: LedgerEvent; hash: string }>(run.page, 'events')
      ).filter(
        (row) => !mark || row.device > mark.through[0] || (row.device === mark.through[0] && row.seq > mark.through[1]),
      );
      const moved = await storedEventsWithHashes(run.page);
      expect([...rows, ...moved].map(key).sort()).toEqual(expected);
      left.push(rows.length);
    } finally {
      await run.browser.close().catch(() => undefined);
      await kill(run.process);
    }
  }
  // The kills fell mid-move: some events had moved and some had not.
  expect(left.some((n) => n > 0 && n < before.length)).toBe(true);

  // The last start finishes the move: every event and hash as before, in segments alone.
  run = await launch(profile);
  try {
    await run.page.goto(baseURL!);
    await run.page.waitForFunction(() => performance.getEntriesByName('kaodian:interactive').length > 0, undefined, {
      timeout: 60_000,
    });
    await expect(appPage(run.page).lossAlarm()).toHaveCount(0);
    await openBlank(run.page, baseURL!);
    expect(await storedRows(run.page, 'events')).toHaveLength(0);
    expect((await storedEventsWithHashes(run.page)).map(key)).toEqual(before.map(key));
  } finally {
    await run.browser.close().catch(() => undefined);
    await kill(run.process);
  }
  test.info().annotations.push({ type: 'events left to move after each kill', description: left.join(', ') });
});
