/**
 * `npm run bench` (or `npm run bench -- --quick`): the figures a site feels, measured in the real
 * renderer in Chromium, its database seeded through the app's own write path (with the journal),
 * each printed beside its anchor measured in the same run, as a ratio:
 *
 * - start-up to the first interactive screen with 100,000 events held, next to an empty database;
 * - the JS heap with those events loaded, next to the empty app;
 * - a search keystroke to the updated list painted, in a 1,000-candidate session, next to a
 *   30-candidate one;
 * - rebuilding the projection from 100,000 events, next to the fold alone in memory;
 * - the USB export of everything with 200 photos, next to fflate zipping the same bytes; the
 *   import and verification of that package into an empty database, next to the storage ceiling
 *   (the same canonical texts written as segment rows, issue 20) and to plain event rows;
 * - the submit latency with 100,000 events held, next to a raw strict IndexedDB put;
 * - then the printing, authority-import and sync figures from their own benchmarks' latest runs
 *   (`npm run bench:print`, `bench:authority`, `bench:sync`), so the report is whole.
 *
 * Results go into docs/performance.md between its `bench:app` markers. `--quick` seeds 10,000
 * events and takes fewer samples; it finishes in a few minutes here.
 */
import { readFile } from 'node:fs/promises';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { preview } from 'vite';
import { formatTime } from '../shared/ledger/ids';
import { makeEnrollReply } from '../shared/sync/enrollment';
import { sealIdentityFromSeed } from '../shared/sync/seal';
import { randomBytes } from 'node:crypto';
import { encodePublicKey } from '../shared/ledger/signing';
import { chromiumArgs, chromiumInstallHint, findChromium } from '../scripts/chromium.ts';
import { bundleHarness } from '../test/bundleHarness.ts';
import { generateSigner, nodeSealCrypto } from '../authority/nodeCrypto';
import type { usbTimes } from './harness/ledgerBench';
import { performanceDoc, runStamp, writeReportSection } from './report';

const quick = process.argv.includes('--quick');
const seedEvents = quick ? 10_000 : 100_000;
const samples = quick ? 150 : 400;
const reloads = quick ? 3 : 7;
const keystrokes = quick ? 60 : 200;
const photos = quick ? 20 : 200;
const photoBytes = 60 * 1024;
const port = 4175;
const origin = `http://127.0.0.1:${port}/`;
const pin = '8642';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const median = (values: number[]) => percentile(values, 50);

type Harness = Record<string, (...args: unknown[]) => Promise<unknown>>;
async function harness(page: Page) {
  await page.evaluate(await bundleHarness('bench/harness/ledgerBench.ts', 'KaodianLedgerBench'));
  return <T>(name: string, ...args: unknown[]) =>
    page.evaluate(
      ([fn, rest]) =>
        (window as unknown as { KaodianLedgerBench: Harness }).KaodianLedgerBench[fn as string]!(
          ...(rest as unknown[]),
        ),
      [name, args] as const,
    ) as Promise<T>;
}

/**
 * Reloads and reads the app's marks (ms from navigation start): the first interactive screen,
 * and the ledger loaded (behind the sign-in screen when people are stored: renderer/app/boot.ts).
 */
async function startupTimes(page: Page, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    await page.reload();
    await page.waitForFunction(
      () =>
        performance.getEntriesByName('kaodian:interactive').length > 0 &&
        performance.getEntriesByName('kaodian:ledger-loaded').length > 0,
      undefined,
      { timeout: 120_000 },
    );
    const [interactive, loaded] = await page.evaluate(() =>
      ['kaodian:interactive', 'kaodian:ledger-loaded'].map((name) => performance.getEntriesByName(name)[0]!.startTime),
    );
    times.push(interactive!);
    ledgerLoadedTimes.push(loaded!);
  }
  return times;
}
/** The ledger-loaded marks of the last startupTimes call's reloads. */
let ledgerLoadedTimes: number[] = [];

/** The renderer's JS heap after a full garbage collection, in bytes. */
async function heapAfterGc(context: BrowserContext, page: Page): Promise<number> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize;
}

/**
 * Keystroke → updated list painted: from the keydown to the frame after the list's DOM changed.
 * The keys type a ticket number and delete it again ("S00457", then Backspace six times), so
 * most of them change the list; a key that leaves the list as it was (every ticket starts with
 * "S") has nothing to paint and is not counted. Stops after `count` measured keys.
 */
async function keystrokeTimes(page: Page, count: number): Promise<number[]> {
  const input = page.locator('[data-testid="roster-search"] input');
  await input.click();
  await page.evaluate(() => {
    const w = window as unknown as { keyTimes: number[]; keyObserver?: MutationObserver };
    w.keyTimes = [];
    const box = document.querySelector('[data-testid="roster-search"] input')!;
    const list = document.querySelector('[data-testid="roster-table"]')!;
    box.addEventListener(
      'keydown',
      () => {
        // A key that changed nothing must not lend its start time to the next key's change.
        w.keyObserver?.disconnect();
        const started = performance.now();
        const observer = new MutationObserver(() => {
          observer.disconnect();
          requestAnimationFrame(() => setTimeout(() => w.keyTimes.push(performance.now() - started), 0));
        });
        w.keyObserver = observer;
        observer.observe(list, { subtree: true, childList: true, characterData: true });
      },
      { capture: true },
    );
  });
  const keys = [...'S00457', ...Array<string>(6).fill('Backspace')];
  const measured = () => page.evaluate(() => (window as unknown as { keyTimes: number[] }).keyTimes.length);
  for (let i = 0; (await measured()) < count && i < count * 4; i++) {
    const before = await measured();
    await page.keyboard.press(keys[i % keys.length]!);
    await page
      .waitForFunction((n) => (window as unknown as { keyTimes: number[] }).keyTimes.length > n, before, {
        timeout: 250,
      })
      .catch(() => undefined);
  }
  return page.evaluate(() => (window as unknown as { keyTimes: number[] }).keyTimes);
}

async function signInAndOpenSession(page: Page, session: string): Promise<void> {
  const sessions = page.getByRole('menuitem', { name: '考核场次' });
  if (!(await sessions.isVisible())) {
    await page.getByTestId('login-person').click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: '基准负责人' })
      .first()
      .click();
    await page.getByTestId('login-pin').fill(pin);
    await page.getByTestId('login-submit').click();
  }
  await sessions.click();
  const search = page.locator('[data-testid="sessions-search"] input, input[data-testid="sessions-search"]');
  if (await search.count()) await search.fill(session);
  await page.getByTestId('sessions-table').getByText(session, { exact: true }).click();
  await page.getByRole('tab', { name: '考生名册' }).click();
  await page.getByTestId('roster-table').waitFor();
}

/** The table rows of another benchmark's latest run in docs/performance.md, with its stamp. */
async function recordedRows(name: string): Promise<{ stamp: string; rows: string[] }> {
  const doc = await readFile(performanceDoc, 'utf8');
  const section = new RegExp(`<!-- bench:${name}:start -->([\\s\\S]*?)<!-- bench:${name}:end -->`).exec(doc)?.[1] ?? '';
  const lines = section.trim().split('\n');
  return {
    stamp: lines[0]?.startsWith('Run ') ? lines[0].slice(4, 24) : 'not run',
    rows: lines.filter((l) => l.startsWith('| ') && !l.startsWith('| figure')),
  };
}

const executablePath = findChromium();
if (!executablePath) throw new Error(chromiumInstallHint);
const server = await preview({
  configFile: 'vite.config.ts',
  logLevel: 'silent',
  preview: { port, strictPort: true, host: '127.0.0.1' },
});
const browser = await chromium.launch({ executablePath, args: chromiumArgs });
try {
  // The anchors of start-up and memory: the app with an empty database.
  const emptyContext = await browser.newContext();
  const emptyPage = await emptyContext.newPage();
  await emptyPage.goto(origin);
  ledgerLoadedTimes = [];
  const emptyStartup = await startupTimes(emptyPage, reloads);
  const emptyLoaded = ledgerLoadedTimes;
  const emptyHeap = await heapAfterGc(emptyContext, emptyPage);
  await emptyContext.close();

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(origin);
  let call = await harness(page);
  console.log(`seeding ${seedEvents.toLocaleString()} events through the app's write path (with the journal)…`);
  const seeded = await call<{ events: number; ms: number }>('seed', seedEvents, pin);
  console.log(`seeded ${seeded.events.toLocaleString()} events in ${(seeded.ms / 1000).toFixed(1)} s`);
  await call('prepareSignIn', pin);
  await call('seedSession', 1000, '千人场次');
  await call('seedSession', 30, '三十人场次');

  console.log('start-up and memory…');
  await startupTimes(page, 1); // the first start after seeding warms the caches; not counted
  ledgerLoadedTimes = [];
  const seededStartup = await startupTimes(page, reloads);
  const seededLoaded = ledgerLoadedTimes;
  const seededHeap = await heapAfterGc(context, page);
  const held = await page.evaluate(async () => {
    const request = indexedDB.open('kaodian');
    const db = await new Promise<IDBDatabase>((resolve) => (request.onsuccess = () => resolve(request.result)));
    // Each device's chain is held gap-free from seq 1 (renderer/db/eventStore.ts eventCount).
    const heads = await new Promise<{ seq: number }[]>((resolve) => {
      const r = db.transaction('chainHeads').objectStore('chainHeads').getAll();
      r.onsuccess = () => resolve(r.result as { seq: number }[]);
    });
    db.close();
    return heads.reduce((n, head) => n + head.seq, 0);
  });

  console.log('search keystrokes…');
  await signInAndOpenSession(page, '千人场次');
  const bigKeys = await keystrokeTimes(page, keystrokes);
  await signInAndOpenSession(page, '三十人场次');
  const smallKeys = await keystrokeTimes(page, keystrokes);

  console.log('submit latency, rebuild, USB export and import…');
  call = await harness(page);
  await call('attach');
  // Submits first: the USB figures leave large scratch databases behind them (deleted, but the
  // store they share compacts for a while), which the submit p99 would otherwise pay for.
  const { submit, raw, journal } = await call<{ submit: number[]; raw: number[]; journal: number[] }>(
    'measure',
    samples,
  );
  const rebuild = await call<{ events: number; rebuildMs: number; foldMs: number }>('rebuildTimes');
  const authority = generateSigner();
  const key = await call<{ device: string; kid: string; pub: string; sealPub: string }>('deviceKey');
  const cert = await makeEnrollReply(
    { device: key.device, site: 'BENCH-01', kid: key.kid, pub: key.pub, sealPub: key.sealPub },
    {
      id: 'bench-authority',
      signer: authority,
      sealPub: encodePublicKey((await sealIdentityFromSeed(nodeSealCrypto, randomBytes(32))).publicKey),
    },
    formatTime(Date.now(), 480),
  );
  const enrollment = {
    authority: 'bench-authority',
    authorityKid: authority.kid,
    authorityPub: encodePublicKey(authority.publicKey),
    cert,
    pinnedAt: cert.at,
  };
  const usb = await call<Awaited<ReturnType<typeof usbTimes>>>(
    'usbTimes',
    JSON.stringify(enrollment),
    photos,
    photoBytes,
  );
  // Last: it lays the whole database out a row per event as schema 7 did, then moves it back.
  console.log('migration from one row per event…');
  const migration = await call<{ events: number; ms: number; segmentMs: number }>('migrationTimes');

  const n = held.toLocaleString();
  const ms = (v: number) => v.toFixed(v < 10 ? 2 : 0);
  const rows = [
    `| start-up to the first interactive screen, ${n} events held (median of ${reloads}) | ${ms(median(seededStartup))} ms | empty database | ${ms(median(emptyStartup))} ms | ${(median(seededStartup) / median(emptyStartup)).toFixed(2)}× | ≤ 1,000 ms and ≤ 1.3× |`,
    `| the ledger loaded behind it (projection read), ${n} events held | ${ms(median(seededLoaded))} ms | empty database | ${ms(median(emptyLoaded))} ms | ${(median(seededLoaded) / median(emptyLoaded)).toFixed(2)}× | — |`,
    `| JS heap with ${n} events loaded | ${(seededHeap / 2 ** 20).toFixed(0)} MB | empty app | ${(emptyHeap / 2 ** 20).toFixed(0)} MB | ${(seededHeap / emptyHeap).toFixed(2)}× | ≤ 300 MB |`,
    `| search keystroke → list painted, 1,000 candidates, p99 (${keystrokes} keys) | ${ms(percentile(bigKeys, 99))} ms | the same, 30 candidates | ${ms(percentile(smallKeys, 99))} ms | ${(percentile(bigKeys, 99) / percentile(smallKeys, 99)).toFixed(2)}× | ≤ 50 ms |`,
    `| the same, p50 | ${ms(median(bigKeys))} ms | the same, 30 candidates | ${ms(median(smallKeys))} ms | ${(median(bigKeys) / median(smallKeys)).toFixed(2)}× | — |`,
    `| rebuild the projection from ${rebuild.events.toLocaleString()} events | ${ms(rebuild.rebuildMs)} ms | the fold alone, in memory | ${ms(rebuild.foldMs)} ms | ${(rebuild.rebuildMs / rebuild.foldMs).toFixed(2)}× | ≤ 1,000 ms |`,
    `| USB export, ${usb.events.toLocaleString()} events + ${photos} photos (${(usb.bytes / 2 ** 20).toFixed(1)} MiB) | ${ms(usb.exportMs)} ms | fflate zipping the same bytes | ${ms(usb.zipMs)} ms | ${(usb.exportMs / usb.zipMs).toFixed(2)}× | ≤ 1.5× |`,
    `| sealing the export to its ${usb.recipients} recipients, and opening it for the read-back (FORMATS.md §5a) | ${ms(usb.sealMs + usb.openSealedMs)} ms (${ms(usb.sealMs)} + ${ms(usb.openSealedMs)}) | the same export without them | ${ms(usb.exportMs - usb.sealMs - usb.openSealedMs)} ms | ${(usb.exportMs / (usb.exportMs - usb.sealMs - usb.openSealedMs)).toFixed(2)}× the plain export | ≤ 1.3× |`,
    `| USB import and verification into an empty database | ${Math.round(usb.events / (usb.importMs / 1000)).toLocaleString()} events/s | the storage ceiling: the same canonical texts as segment rows (1,000 events a row, strict) | ${Math.round(usb.events / (usb.segmentMs / 1000)).toLocaleString()} events/s | ${(usb.importMs / usb.segmentMs).toFixed(2)}× the time | ≥ 50,000 events/s and ≤ 1.5× |`,
    `| of which: opening and verifying the package (signatures, hashes, chains) | ${ms(usb.verifyMs)} ms | judging and storing the batches (segments, heads, projection) | ${ms(usb.importMs - usb.verifyMs)} ms | — | — |`,
    `| the same import | ${Math.round(usb.events / (usb.importMs / 1000)).toLocaleString()} events/s | plain IndexedDB adding the same event rows (same key and indexes) | ${Math.round(usb.events / (usb.rawMs / 1000)).toLocaleString()} rows/s | ${(usb.importMs / usb.rawMs).toFixed(2)}× the time | — |`,
    `| submit → strict commit + journal, p50, ${n} events held | ${ms(median(submit))} ms | raw strict put, p50 | ${ms(median(raw))} ms | ${(median(submit) / median(raw)).toFixed(2)}× | — |`,
    `| submit → strict commit + journal, p99 | ${ms(percentile(submit, 99))} ms | raw strict put, p99 | ${ms(percentile(raw, 99))} ms | ${(percentile(submit, 99) / percentile(raw, 99)).toFixed(2)}× | ≤ 25 ms and ≤ 1.3× |`,
    `| migration at first start: ${migration.events.toLocaleString()} events stored a row each (schema 7) → segments, every hash checked | ${ms(migration.ms)} ms (${Math.round(migration.events / (migration.ms / 1000)).toLocaleString()} events/s) | the storage ceiling: the same texts written as segment rows | ${ms(migration.segmentMs)} ms | ${(migration.ms / migration.segmentMs).toFixed(2)}× | — |`,
    `| of which: the journal after the commit (sealed, written to the file), p50 / p99 | ${ms(median(journal))} / ${ms(percentile(journal, 99))} ms | the commit before it (the submit less its journal), p50 / p99 | ${ms(median(submit.map((s, i) => s - journal[i]!)))} / ${ms(
      percentile(
        submit.map((s, i) => s - journal[i]!),
        99,
      ),
    )} ms | — | — |`,
    `| seeding through the app's write path | ${Math.round(seeded.events / (seeded.ms / 1000)).toLocaleString()} events/s | — | — | — | — |`,
  ];
  for (const [name, command] of [
    ['print', 'bench:print'],
    ['authority', 'bench:authority'],
    ['sync', 'bench:sync'],
  ] as const) {
    const recorded = await recordedRows(name);
    for (const row of recorded.rows) rows.push(row.replace(/^\| /, `| (\`${command}\`, ${recorded.stamp}) `));
  }
  const table = [
    '| figure | value | anchor | anchor value | ratio | target |',
    '|---|---:|---|---:|---:|---|',
    ...rows,
  ].join('\n');
  console.log(`\n${table}\n`);
  await writeReportSection(
    'app',
    runStamp('npm run bench', quick, `Chromium ${browser.version()}, Node ${process.version}`),
    table,
  );
} finally {
  await browser.close();
  await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
}
