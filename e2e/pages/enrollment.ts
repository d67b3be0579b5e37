/** Enrols the device in `page` with a test authority, through the request and reply files, as a site manager does on USB. */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { formatTime, uuidV4 } from '../../shared/ledger/ids';
import type { EnrollRequest } from '../../shared/sync/schemas';
import { makeEnrollReply, verifyEnrollRequest } from '../../shared/sync/enrollment';
import { nodeSealCrypto, nodeVerify, type NodeSigner } from '../../authority/nodeCrypto';
import { encodePublicKey, signDocument } from '../../shared/ledger/signing';
import { sealIdentityFromSeed } from '../../shared/sync/seal';
import { authoritySealSeedHex } from '../../tools/testVectors';
import { appPage } from './appPage';

export const testAuthorityId = 'weihai-hrss';

/** The test authority's seal key: the test-vector seed, so a test can open what the app sealed to it. */
export async function testAuthoritySeal() {
  return sealIdentityFromSeed(nodeSealCrypto, Uint8Array.from(Buffer.from(authoritySealSeedHex, 'hex')));
}

/** The test authority as makeEnrollReply takes it. */
export async function testAuthority(signer: NodeSigner) {
  return { id: testAuthorityId, signer, sealPub: encodePublicKey((await testAuthoritySeal()).publicKey) };
}

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

/** Enrols the device through the request and reply files; returns its request (device, keys). */
export async function enrollDevice(page: Page, authority: NodeSigner, dir: string): Promise<EnrollRequest> {
  const { enrollment } = await appPage(page).goTo('device');
  await enrollment.fillCode(`CODE-${Math.random().toString(36).slice(2, 8)}`);
  const requestFile = await saveDownload(page, dir, () => enrollment.requestButton().click());
  const request = await verifyEnrollRequest(JSON.parse(await readFile(requestFile, 'utf8')), nodeVerify);
  const reply = await makeEnrollReply(request, await testAuthority(authority), formatTime(Date.now(), 480));
  const replyFile = path.join(dir, `reply-${request.device}.json`);
  await writeFile(replyFile, JSON.stringify(reply));
  await enrollment.importReply(replyFile);
  await enrollment.confirm();
  return request;
}

/**
 * A plan of the test authority listing the site's devices with their seal keys (FORMATS.md §6),
 * as a district sends it so that a site's laptops can open each other's sealed packages.
 */
export async function devicesPlanFile(
  dir: string,
  authority: NodeSigner,
  site: string,
  devices: readonly EnrollRequest[],
): Promise<string> {
  const plan = await signDocument(
    {
      v: 1 as const,
      kind: 'kaodian.plan' as const,
      id: uuidV4(),
      authority: testAuthorityId,
      kid: authority.kid,
      issuedAt: formatTime(Date.now(), 480),
      site,
      specs: [],
      sessions: [],
      people: [],
      candidates: [],
      assignments: [],
      devices: devices.map(({ device, kid, pub, sealPub }) => ({ device, kid, pub, sealPub })),
      revoked: [],
    },
    authority,
  );
  const file = path.join(dir, `plan-${plan.id}.json`);
  await writeFile(file, JSON.stringify(plan));
  return file;
}
