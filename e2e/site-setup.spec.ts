/**
 * Site set-up as a site manager does it: a specification, people, a session, a roster with bad
 * rows (refused, nothing imported) and a GBK CSV (imported), assignments with recusal, opening
 * with the clock confirmed, and check-in at the door.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeIdNumber } from '../shared/domain/idNumber';
import { expect, test } from './fixtures';
import { appPage, managerName, managerPin } from './pages/appPage';
import { goodRows, tempDir, writeCsv } from './rosterFiles';

test.setTimeout(120_000);

test('a site manager sets up a session and checks candidates in', async ({ page }) => {
  const app = appPage(page);
  const dir = await tempDir();
  await app.completeSetup();

  // Specifications: an invalid file is refused with its reasons; the built-in one is added.
  const specs = await app.goTo('specs');
  const badSpec = path.join(dir, 'bad-spec.json');
  await writeFile(
    badSpec,
    JSON.stringify({
      code: 'X-1',
      name: '测试',
      version: '1',
      method: 'practical',
      durationMinutes: 60,
      tasks: [
        { id: 'T1', name: '任务', weight: 90, items: [{ id: 'I1', content: '内容', maxPoints: 10, criteria: '标准' }] },
      ],
    }),
  );
  await specs.importFile(badSpec);
  await expect(specs.errors()).toContainText('各工作任务的考核比重之和为 90，应为 100');
  await specs.addDemo();
  await expect(specs.detail()).toContainText('胶东花饽饽制作');
  await expect(specs.detail()).toContainText('原料准备与面团调制');

  // People: three examiners (one from a training unit that must recuse), one more, a supervisor.
  const people = await app.goTo('people');
  await people.register({ name: '王建国', role: '考评员', pin: '2222' });
  await people.register({ name: '李秀兰', role: '考评员', pin: '2223' });
  await people.register({ name: '张海涛', role: '考评员', pin: '2224' });
  await people.register({ name: '孙立新', role: '考评员', pin: '2225', trainingUnit: '文登区巧手面塑技能工作室' });
  await people.register({ name: '赵淑芳', role: '督导员', pin: '3333' });

  // A session.
  const sessions = await app.goTo('sessions');
  await sessions.create({ name: '胶东花饽饽制作 2026 年第 5 期', room: '实训楼 201', planned: 10 });
  await expect(sessions.detail()).toContainText('胶东花饽饽制作 2026 年第 5 期');
  await expect(sessions.status()).toHaveText('未开考');

  // A roster with bad rows: every bad row named, nothing imported.
  const { roster, assignments, checkin } = sessions;
  const good = goodRows(10);
  const bad = [
    ...goodRows(2, 50),
    ['ZK-BAD-1', '王五', '371002199003070120', '男', '', '', '', '', '', '', '', ''],
    ['ZK-BAD-2', '赵六', makeIdNumber('371002', '19900307', 13), '女', '', '', '', '', '', '', '', ''],
    [good[0]![0]!, '孙八', good[0]![2]!, good[0]![3]!, '', '', '', '', '', '', '', ''],
    ['', '', makeIdNumber('371002', '19800101', 2), '女', '', '', '', '', '', '', '', ''],
    [
      'ZK-BAD-5',
      '周九',
      makeIdNumber('371002', '19900307', 17),
      '男',
      '1991-01-01',
      '',
      '',
      '123',
      '',
      '',
      '外星人',
      '',
    ],
  ];
  const badFile = await writeCsv(dir, '名册-有错误.csv', [...bad.slice(0, 4), good[0]!, ...bad.slice(4)], 'utf-8');
  await roster.choose(badFile);
  await expect(roster.fileInfo()).toContainText('UTF-8');
  await roster.check();
  await expect(roster.summary()).toContainText('共 8 行：3 行正确，5 行有错误');
  for (const reason of [
    '身份证号校验码错误',
    '性别与身份证号不符',
    '准考证号与第 6 行重复',
    // A row without a ticket is numbered from the assessment day (自动编号); this one lacks a name.
    '自动编号',
    '缺少姓名',
    '出生日期与身份证号不符',
    '手机号码应为 11 位数字',
    '就业重点群体“外星人”不在代码表中',
  ])
    await expect(roster.preview()).toContainText(reason);
  await expect(roster.confirmButton()).toBeDisabled();
  await expect(roster.confirmButton()).toHaveText('有 5 行错误，请改正文件后重新选择（全部正确才能导入）');
  await roster.cancel();
  await expect(roster.empty()).toBeVisible();

  // A GBK CSV, as Excel in China saves it: imported all at once.
  const gbkFile = await writeCsv(dir, '名册-GBK.csv', good, 'gbk');
  await roster.choose(gbkFile);
  await expect(roster.fileInfo()).toContainText('GB18030/GBK');
  await roster.check();
  await expect(roster.summary()).toContainText('共 10 行：10 行正确，0 行有错误');
  await roster.confirm();
  await expect(roster.count()).toHaveText('共 10 条');
  await expect(roster.table()).toContainText(good[3]![1]!);
  await roster.search().fill(good[3]![2]!);
  await expect(roster.count()).toHaveText('共 1 条');

  // Assignments: the examiner from the candidates' training unit is recused from each of them; the
  // reason and what to do stay on screen (not a passing toast) until the manager changes the staffing.
  await sessions.tab('assignments');
  await assignments.assign('examiner', '孙立新');
  await expect(assignments.problems()).toContainText(
    `考评员 孙立新 须回避考生 ${good[0]![1]}（同一培训机构）：不评该考生，由本场次其他考评员评分`,
  );
  await expect(assignments.problems()).toContainText(/请再分派一名与该考生无回避关系的考评员/);
  await page.waitForTimeout(3500);
  await expect(assignments.problems()).toContainText('孙立新 须回避');
  await assignments.revoke('孙立新', '与本场次考生同属一所培训机构，改派他人');
  await expect(assignments.problems()).not.toContainText('孙立新');
  await assignments.assign('examiner', '王建国');
  await assignments.assign('examiner', '李秀兰');
  await expect(assignments.problems()).toContainText('考评组 A 只有 2 名考评员，至少需要 3 名');
  await assignments.assign('examiner', '张海涛');
  await expect(assignments.problems()).toContainText('考评组 A 没有组长');

  // Opening is refused until the staffing is right.
  await sessions.startOpening();
  await expect(page.getByText(/考评人员配备不符合要求，不能开考/)).toBeVisible();
  await assignments.cancel();

  await assignments.makeLeader('王建国');
  await expect(assignments.examiners()).toContainText('组长');
  await assignments.assign('supervisor', '赵淑芳');
  await expect(assignments.staffingOk()).toBeVisible();

  // Open, with the device clock confirmed.
  await sessions.openButton().click();
  await expect(sessions.deviceClock()).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  await sessions.confirmClock();
  await expect(sessions.status()).toHaveText('考核中');

  // Check-in: by ticket, the ID checked against the roster, the pledge, then present.
  await sessions.tab('checkin');
  const [ticket0, name0, id0] = good[0]!;
  await checkin.find(ticket0!);
  await expect(checkin.card()).toContainText(name0!);
  // No ID typed: admitting needs the manager's decision, not one click.
  await expect(checkin.idUnchecked()).toBeVisible();
  await checkin.signPledge();
  await expect(checkin.presentButton()).toHaveText('经负责人决定准予入场');
  await expect(checkin.presentButton()).toBeDisabled();
  await checkin.idNumber().fill(makeIdNumber('371002', '19900307', 1));
  await expect(checkin.idDiffers()).toBeVisible();
  await expect(checkin.presentButton()).toBeDisabled();
  await checkin.idNumber().fill(id0!);
  await expect(page.getByText('身份证号与名册一致')).toBeVisible();
  await checkin.markPresent();
  await expect(page.getByText(`${name0}：到考`)).toBeVisible();

  // By ID number, as a scanner types it: absent; an unknown number is said plainly.
  await checkin.find(good[1]![2]!);
  await checkin.markAbsent();
  await checkin.find('99999');
  await expect(checkin.notFound()).toContainText('未找到“99999”');
  await expect(checkin.counts()).toHaveText('到考 1 · 缺考 1 · 迟到 0 · 替考 0 · 未签到 8');
  await expect(checkin.list()).toContainText('到考');

  // Everyone else is absent: 1 present of 10 planned is far from the plan.
  for (const row of good.slice(2)) await checkin.absent(row[0]!);
  await expect(checkin.attendanceWarning()).toContainText('签到人数 1 与计划人数 10 相差超过 20%');

  // An examiner signs in and sees only what an examiner may see.
  await app.signOut();
  // The PIN the manager set works once: 王建国 chooses his own (not the same one) before anything else.
  await app.signIn('王建国', '2222');
  await app.chooseOwnPin('2222');
  await expect(page.getByText('请设置一个与临时 PIN 码不同的新 PIN 码')).toBeVisible();
  await app.chooseOwnPin('2468');
  await expect(app.signedInAs()).toHaveText('王建国（考评员）');
  await expect(app.menuItems()).toHaveText(['首页', '评分', '本机信息']);
  await expect(app.home()).toContainText('胶东花饽饽制作 2026 年第 5 期');

  // And the manager again, after a reload: everything is still there.
  await page.reload();
  await app.signIn(managerName, managerPin);
  await app.goTo('sessions');
  await expect(sessions.table()).toContainText('考核中');
});
