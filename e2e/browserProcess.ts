/** A Chromium process of its own on a profile folder, so a test can kill it (SIGKILL) and reopen the same profile. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import type { LedgerEvent } from '../shared/ledger/event';
import { chromiumArgs, findChromium } from '../scripts/chromium';

export interface BrowserProcess {
  process: ChildProcess;
  browser: Browser;
  page: Page;
}

export async function launch(profile: string): Promise<BrowserProcess> {
  const portFile = path.join(profile, 'DevToolsActivePort');
  // A killed browser leaves its port file behind; the new one writes a fresh one.
  rmSync(portFile, { force: true });
  const child = spawn(
    findChromium()!,
    [...chromiumArgs, '--headless=new', `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'],
    { stdio: 'ignore' },
  );
  // The file appears before its port is written in it: wait for the number, not the file.
  const portIn = () => (existsSync(portFile) ? /^(\d+)\n/.exec(readFileSync(portFile, 'utf8'))?.[1] : undefined);
  for (let i = 0; i < 200 && !portIn(); i += 1) await new Promise((r) => setTimeout(r, 50));
  const port = portIn();
  if (!port) throw new Error(`Chromium wrote no DevTools port into ${portFile}`);
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const page = await browser.contexts()[0]!.newPage();
  return { process: child, browser, page };
}

export async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** Reads one object store of the app's database straight from IndexedDB. */
export async function storedRows<T>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('kaodian');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    return new Promise<T[]>((resolve, reject) => {
      const request = db.transaction(name).objectStore(name).getAll();
      request.onsuccess = () => {
        db.close();
        resolve(request.result as T[]);
      };
      request.onerror = () => reject(request.error);
    });
  }, store);
}

/**
 * Every event the database holds, with its hash, straight from IndexedDB: the sealed segments'
 * canonical texts and the open tail's (renderer/db/eventStore.ts), in (device, seq) order.
 */
export async function storedEventsWithHashes(page: Page): Promise<{ event: LedgerEvent; hash: string }[]> {
  const segments = await storedRows<{ texts: string[]; hashes: string[] }>(page, 'segments');
  const tail = await storedRows<{ text: string; hash: string }>(page, 'tail');
  return [...segments.flatMap((s) => s.texts.map((text, i) => ({ text, hash: s.hashes[i]! }))), ...tail]
    .map(({ text, hash }) => ({ event: JSON.parse(text) as LedgerEvent, hash }))
    .sort((a, b) =>
      a.event.device === b.event.device ? a.event.seq - b.event.seq : a.event.device < b.event.device ? -1 : 1,
    );
}

export async function storedEvents(page: Page): Promise<LedgerEvent[]> {
  return (await storedEventsWithHashes(page)).map((stored) => stored.event);
}
