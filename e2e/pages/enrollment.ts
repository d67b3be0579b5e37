/** Enrols the device in `page` with a test authority, through the request and reply files, as a site manager does on USB. */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { formatTime } from '../../shared/ledger/ids';
import { makeEnrollReply, verifyEnrollRequest } from '../../shared/sync/enrollment';
import { nodeVerify, type NodeSigner } from '../../authority/nodeCrypto';
import { appPage } from './appPage';

export const testAuthorityId = 'weihai-hrss';

/** Browser mode saves through a download where the File System Access picker cannot be driven. */
export async function preferDownloads(page: Page): Promise<void> {
  await page.addInitScript(() => {
    delete (window as unknown as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  });
}

export async function saveDownload(page: Page, dir: string, click: () => Promise<void>): Promise<string> {
  const download = page.waitForEvent('download');
  await click();
  const file = path.join(dir, (await download).suggestedFilename());
  await (await download).saveAs(file);
  return file;
}

export async function enrollDevice(page: Page, authority: NodeSigner, dir: string): Promise<void> {
  const { enrollment } = await appPage(page).goTo('device');
  await enrollment.fillCode(`CODE-${Math.random().toString(36).slice(2, 8)}`);
  const requestFile = await saveDownload(page, dir, () => enrollment.requestButton().click());
  const request = await verifyEnrollRequest(JSON.parse(await readFile(requestFile, 'utf8')), nodeVerify);
  const reply = await makeEnrollReply(request, { id: testAuthorityId, signer: authority }, formatTime(Date.now(), 480));
  const replyFile = path.join(dir, `reply-${request.device}.json`);
  await writeFile(replyFile, JSON.stringify(reply));
  await enrollment.importReply(replyFile);
  await enrollment.confirm();
}
