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
import { preferDownloads, saveDownload, testAuthority } from './pages/enrollment';
import { tempDir } from './rosterFiles';

test('a device enrols offline, pins the authority key and imports a signed plan', async ({ page }) => {
  await preferDownloads(page);
  const app = appPage(page);
  const dir = await tempDir();
  const authority = generateSigner();
  const authorityId = 'weihai-hrss';
  const at = formatTime(Date.now(), 480);
  await app.completeSetup();

  // A plan cannot be verified before enrolment.
  const sessions = await app.goTo('sessions');
  await sessions.tryImportPlan();
  await expect(page.getByText('本机尚未注册到鉴定机构，无法验证考核计划')).toBeVisible();

  // The request file, signed by the device key (proof of possession).
  const device = await app.goTo('device');
  const { enrollment } = device;
  await enrollment.fillCode('K7Q2-9XMD');
  const requestFile = await saveDownload(page, dir, () => enrollment.requestButton().click());
  const request = await verifyEnrollRequest(JSON.parse(await readFile(requestFile, 'utf8')), nodeVerify);
  expect(request).toMatchObject({ code: 'K7Q2-9XMD', site: demoProfile.siteCode });
  expect(path.basename(requestFile)).toBe(`enroll-${request.device}.json`);
  await expect(device.id()).toHaveText(request.device);

  // A reply for another device is refused; the right one shows the authority's fingerprint.
  const wrong = await makeEnrollReply({ ...request, device: uuidV4() }, await testAuthority(authority), at);
  const wrongFile = path.join(dir, 'wrong-reply.json');
  await writeFile(wrongFile, JSON.stringify(wrong));
  await enrollment.importReply(wrongFile);
  await expect(enrollment.error()).toContainText('unknown_key');

  const reply = await makeEnrollReply(request, await testAuthority(authority), at);
  const replyFile = path.join(dir, 'reply.json');
  await writeFile(replyFile, JSON.stringify(reply));
  await enrollment.importReply(replyFile);
  await expect(enrollment.pendingFingerprint()).toHaveText(fingerprint(authority.publicKey));
  await enrollment.confirm();
  await expect(enrollment.authorityFingerprint()).toHaveText(fingerprint(authority.publicKey));

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

  await app.goTo('sessions');
  await sessions.importPlan(tamperedFile);
  await expect(page.getByText(/考核计划未通过验证：数字签名验证失败/)).toBeVisible();
  await sessions.importPlan(planFile);
  await expect(page.getByText('已导入考核计划：1 个场次、5 名考生')).toBeVisible();
  await sessions.open('鉴定机构计划场次');
  await expect(sessions.roster.count()).toHaveText('共 5 条');
  await sessions.tab('assignments');
  await expect(sessions.assignments.examiners()).toContainText('陈立华');
  await expect(sessions.assignments.staffingOk()).toBeVisible();
});
