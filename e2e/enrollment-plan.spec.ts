/**
 * Offline enrolment (request file out, reply in, authority fingerprint confirmed and pinned),
 * then an authority-signed plan imported — and a tampered one refused.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { demoSpecification } from '../shared/domain/demoSpec';
import { makeIdNumber } from '../shared/domain/idNumber';
import { formatTime, uuidV4 } from '../shared/ledger/ids';
import { fingerprint, signDocument } from '../shared/ledger/signing';
import { makeEnrollReply, verifyEnrollRequest } from '../shared/sync/enrollment';
import { generateSigner, nodeVerify } from '../authority/nodeCrypto';
import { expect, test } from './fixtures';
import { appPage, demoProfile } from './pages/appPage';
import { tempDir } from './rosterFiles';

test('a device enrols offline, pins the authority key and imports a signed plan', async ({ page }) => {
  // Browser mode falls back to a download where the File System Access picker is not wanted.
  await page.addInitScript(() => {
    delete (window as unknown as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  });
  const app = appPage(page);
  const dir = await tempDir();
  const authority = generateSigner();
  const authorityId = 'weihai-hrss';
  const at = formatTime(Date.now(), 480);
  await app.completeSetup();

  // A plan cannot be verified before enrolment.
  await app.openMenu('考核场次');
  await page.getByTestId('import-plan').click();
  await expect(page.getByText('本机尚未注册到鉴定机构，无法验证考核计划')).toBeVisible();

  // The request file, signed by the device key (proof of possession).
  await app.openMenu('本机信息');
  await page.getByTestId('enroll-code').fill('K7Q2-9XMD');
  const download = page.waitForEvent('download');
  await page.getByTestId('enroll-request').click();
  const requestFile = path.join(dir, (await download).suggestedFilename());
  await (await download).saveAs(requestFile);
  const request = await verifyEnrollRequest(JSON.parse(await readFile(requestFile, 'utf8')), nodeVerify);
  expect(request).toMatchObject({ code: 'K7Q2-9XMD', site: demoProfile.siteCode });
  expect(path.basename(requestFile)).toBe(`enroll-${request.device}.json`);
  await expect(page.getByTestId('device-id')).toHaveText(request.device);

  // A reply for another device is refused; the right one shows the authority's fingerprint.
  const wrong = await makeEnrollReply({ ...request, device: uuidV4() }, { id: authorityId, signer: authority }, at);
  const wrongFile = path.join(dir, 'wrong-reply.json');
  await writeFile(wrongFile, JSON.stringify(wrong));
  await app.withFile(wrongFile, () => page.getByTestId('enroll-import-reply').click());
  await expect(page.getByTestId('enrollment-error')).toContainText('unknown_key');

  const reply = await makeEnrollReply(request, { id: authorityId, signer: authority }, at);
  const replyFile = path.join(dir, 'reply.json');
  await writeFile(replyFile, JSON.stringify(reply));
  await app.withFile(replyFile, () => page.getByTestId('enroll-import-reply').click());
  await expect(page.getByTestId('pending-fingerprint')).toHaveText(fingerprint(authority.publicKey));
  await page.getByTestId('enroll-confirm').click();
  await expect(page.getByTestId('enrollment-status')).toHaveText('已注册');
  await expect(page.getByTestId('authority-fingerprint')).toHaveText(fingerprint(authority.publicKey));

  // A plan signed by the pinned authority: its session, people and candidates arrive.
  const session = uuidV4();
  const examiners = [uuidV4(), uuidV4(), uuidV4()];
  const supervisor = uuidV4();
  const candidates = Array.from({ length: 5 }, (_, i) => ({
    candidate: uuidV4(),
    session,
    ticket: `PLAN00${i + 1}`,
    name: ['宋佳怡', '韩立伟', '冯晓燕', '于海波', '董丽萍'][i]!,
    idType: 'resident_id',
    idNumber: makeIdNumber('371002', '19880512', 100 + i),
    sex: (100 + i) % 2 ? 'male' : 'female',
  }));
  const unsigned = {
    v: 1,
    kind: 'kaodian.plan',
    id: uuidV4(),
    authority: authorityId,
    kid: authority.kid,
    issuedAt: at,
    site: demoProfile.siteCode,
    specs: [demoSpecification],
    sessions: [
      {
        session,
        spec: demoSpecification.code,
        specVersion: demoSpecification.version,
        name: '鉴定机构计划场次',
        room: '201',
        startsAt: '2026-12-01T09:00:00.000+08:00',
        plannedCandidates: 5,
      },
    ],
    people: [
      ...examiners.map((person, i) => ({ person, name: ['陈立华', '林海燕', '郭志刚'][i]!, role: 'examiner' })),
      { person: supervisor, name: '马秀英', role: 'supervisor' },
    ],
    candidates,
    assignments: [
      ...examiners.map((person, i) => ({ session, person, role: 'examiner', group: 'A', leader: i === 0 })),
      { session, person: supervisor, role: 'supervisor', group: 'A', leader: false },
    ],
    devices: [],
  };
  const plan = await signDocument(unsigned, authority);
  const tampered = { ...plan, sessions: [{ ...plan.sessions[0], plannedCandidates: 50 }] };
  const tamperedFile = path.join(dir, 'plan-tampered.json');
  await writeFile(tamperedFile, JSON.stringify(tampered));
  const planFile = path.join(dir, 'plan.json');
  await writeFile(planFile, JSON.stringify(plan));

  await app.openMenu('考核场次');
  await app.withFile(tamperedFile, () => page.getByTestId('import-plan').click());
  await expect(page.getByText(/考核计划未通过验证：数字签名验证失败/)).toBeVisible();
  await app.withFile(planFile, () => page.getByTestId('import-plan').click());
  await expect(page.getByText('已导入考核计划：1 个场次、5 名考生')).toBeVisible();
  await page.getByTestId('sessions-table').getByText('鉴定机构计划场次').click();
  await expect(page.getByTestId('roster-count')).toHaveText('共 5 条');
  await page.getByRole('tab', { name: '考评分工' }).click();
  await expect(page.getByTestId('examiners-table')).toContainText('陈立华');
  await expect(page.getByText('考评人员配备符合要求')).toBeVisible();
});
