/**
 * The seams through the app's own package import (FORMATS.md §3, §5, §6), as a site manager
 * meets them: a chain restarted at seq 1 and one spliced at a batch boundary are refused batch by
 * batch; once a plan from the authority says a device's key is revoked, the site refuses what
 * that key signed after the revocation — a batch, and a package it packed — naming the device in
 * Chinese; an unsigned package declaring 512 MiB is refused before it is opened; a package sealed
 * for others says so, naming who sealed it. Nothing refused
 * changes what the site holds.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { formatTime, uuidV4 } from '../shared/ledger/ids';
import { signDocument } from '../shared/ledger/signing';
import { writePackage } from '../shared/sync/package';
import type { Batch } from '../shared/sync/schemas';
import {
  corpusAuthorityId,
  corpusDevice,
  corpusDir,
  corpusKeys,
  corpusRevokedAt,
  corpusRevokedDevice,
  corpusSite,
} from '../test/attackCorpus';
import { expect, test } from './fixtures';
import { appPage } from './pages/appPage';
import { syncPage } from './pages/syncPage';
import { enrollDevice, preferDownloads, testAuthoritySeal } from './pages/enrollment';
import { nodeSealCrypto } from '../authority/nodeCrypto';
import { sealPackage } from '../shared/sync/seal';
import { tempDir } from './rosterFiles';

test.setTimeout(120_000);

const at = (ms: number) => formatTime(ms, 480);
const corpusBatch = async (name: string) => JSON.parse(await readFile(path.join(corpusDir, name), 'utf8')) as Batch;

async function importFile(page: Page, file: string) {
  await syncPage(page).importPackage(file);
}

/** The status the import results give a device's batch starting at `from`. */
const resultRow = (page: Page, from: number, to: number) =>
  syncPage(page)
    .importRows()
    .filter({ hasText: `${from}–${to}` });

test('restarted, spliced, revoked and unsigned packages are refused by the app with their reasons, changing nothing', async ({
  page,
}) => {
  const dir = await tempDir();
  const keys = await corpusKeys();
  const app = appPage(page);
  await preferDownloads(page);
  await app.open();
  await app.loadDemo();
  await app.signIn('刘志强', '1111');
  await enrollDevice(page, keys.authority, dir);
  const sync = await app.goTo('sync');
  await expect(sync.waiting()).toContainText(/尚有 \d+ 条记录/);
  const waiting = await sync.waiting().innerText();

  // A device's packages, made as the corpus device would (its cert inside, as the format asks).
  const devicePackage = async (name: string, batches: Batch[], certs = [keys.certs.device]) => {
    const file = path.join(dir, name);
    await writeFile(
      file,
      await writePackage(
        {
          id: uuidV4(),
          createdAt: at(Date.parse('2026-11-26T10:00:00.000+08:00')),
          by: corpusDevice,
          site: corpusSite,
        },
        { batches, certs },
        keys.device,
      ),
    );
    return file;
  };

  // Seq 1 whose prev is not 64 zeros: refused, though every signature verifies.
  await importFile(page, await devicePackage('restart.kdpkg', [await corpusBatch('restart-1-3.json')]));
  await expect(resultRow(page, 1, 3)).toContainText('拒绝：记录链不连续或顺序错误');

  // The real 1–5, then 6–8 naming another predecessor than event 5.
  await importFile(page, await devicePackage('valid.kdpkg', [await corpusBatch('valid-batch-1-5.json')]));
  await expect(resultRow(page, 1, 5)).toContainText('已接收');
  await importFile(page, await devicePackage('splice.kdpkg', [await corpusBatch('splice-6-8.json')]));
  await expect(resultRow(page, 6, 8)).toContainText('拒绝：记录链不连续或顺序错误');

  // Before the site knows of the revocation, the revoked device's later batch would pass; the
  // authority's plan tells it (FORMATS.md §6).
  const plan = await signDocument(
    {
      v: 1 as const,
      kind: 'kaodian.plan' as const,
      id: uuidV4(),
      authority: corpusAuthorityId,
      kid: keys.authority.kid,
      issuedAt: at(Date.now()),
      site: 'DEMO-0001',
      specs: [],
      sessions: [],
      people: [],
      candidates: [],
      assignments: [],
      devices: [],
      revoked: [{ device: corpusRevokedDevice, kid: keys.revoked.kid, at: at(corpusRevokedAt) }],
    },
    keys.authority,
  );
  const planFile = path.join(dir, 'plan.kdpkg');
  await writeFile(
    planFile,
    await writePackage(
      { id: uuidV4(), createdAt: at(Date.now()), by: corpusAuthorityId, site: 'DEMO-0001' },
      { plans: [plan] },
      keys.authority,
    ),
  );
  await importFile(page, planFile);
  // Held now: the corpus device's 1–5 (relayed, waiting for the authority) and this device's plan.imported.
  const held = Number(/\d+/.exec(waiting)![0]) + 5 + 1;
  const expectHeld = async () => {
    await app.openMenu('home');
    await app.goTo('sync');
    await expect(sync.waiting()).toContainText(`尚有 ${held} 条记录`);
  };
  await expectHeld();

  // A batch the revoked key signed at 09:00, after its revocation at 08:00: refused, the device named.
  await importFile(
    page,
    await devicePackage(
      'revoked-batch.kdpkg',
      [await corpusBatch('revoked-key.json')],
      [keys.certs.device, keys.certs.revoked],
    ),
  );
  await expect(resultRow(page, 1, 2)).toContainText('拒绝：此设备密钥已被鉴定机构吊销');
  await expect(sync.revokedDevice()).toContainText(
    `设备 ${corpusRevokedDevice.slice(0, 8)} 的密钥已被鉴定机构吊销（2026-11-26 08:00）`,
  );
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.screenshot({ path: 'test-results/package-seams-revoked.png', fullPage: true });

  // A package the revoked device packed after its revocation, with its own cert: refused whole.
  await importFile(page, path.join(corpusDir, 'revoked-packer.kdpkg'));
  await expect(sync.error()).toContainText(
    `打包此同步包的设备 ${corpusRevokedDevice.slice(0, 8)} 的密钥已被鉴定机构吊销`,
  );

  // Eight entries declaring 64 MiB each, and no valid signature: refused before any is inflated.
  const started = Date.now();
  await importFile(page, path.join(corpusDir, 'unsigned-512mib.kdpkg'));
  await expect(sync.error()).toContainText('同步包被拒绝：数字签名验证失败，数据可能已被篡改（bad_signature）');
  expect(Date.now() - started).toBeLessThan(5_000);

  // A package the corpus device sealed to the authority alone: this laptop is told, in Chinese, who sealed it.
  const sealedFile = path.join(dir, 'sealed-for-authority.kdpkg');
  const info = { id: uuidV4(), createdAt: at(Date.now()), by: corpusDevice, site: corpusSite };
  const plainPackage = await writePackage(
    info,
    { batches: [await corpusBatch('valid-batch-1-5.json')], certs: [keys.certs.device] },
    keys.device,
  );
  await writeFile(
    sealedFile,
    await sealPackage(plainPackage, info, {
      signer: keys.device,
      cert: keys.certs.device,
      recipients: [(await testAuthoritySeal()).publicKey],
      crypto: nodeSealCrypto,
    }),
  );
  await importFile(page, sealedFile);
  await expect(sync.error()).toContainText(
    `此同步包不是发给本机的：它由设备 ${corpusDevice.slice(0, 8)}（考点 ${corpusSite}）加密`,
  );

  // Nothing refused was taken in.
  await expectHeld();
});
