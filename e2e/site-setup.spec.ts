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
  // antd puts a search box's test id on its wrapper; this finds the input either way.
  const box = (testId: string) => page.locator(`[data-testid="${testId}"] input, input[data-testid="${testId}"]`);
  await app.completeSetup();

  // Specifications: an invalid file is refused with its reasons; the built-in one is added.
  await app.openMenu('考核规范');
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
  await app.withFile(badSpec, () => page.getByTestId('import-spec').click());
  await expect(page.getByTestId('spec-errors')).toContainText('90');
  await page.getByTestId('add-demo-spec').click();
  await expect(page.getByTestId('spec-detail')).toContainText('胶东花饽饽制作');
  await expect(page.getByTestId('spec-detail')).toContainText('原料准备与面团调制');

  // People: three examiners (one from a training unit that must recuse), one more, a supervisor.
  await app.openMenu('人员');
  const register = async (name: string, role: '考评员' | '督导员', pin: string, trainingUnit = '') => {
    await page.getByTestId('register-person').click();
    await page.getByTestId('person-name').fill(name);
    await app.chooseOption('person-role', role);
    if (trainingUnit) await page.getByTestId('person-training-unit').fill(trainingUnit);
    await page.getByTestId('person-pin').fill(pin);
    await page.getByRole('button', { name: '保 存' }).click();
    await expect(page.getByTestId('people-table')).toContainText(name);
  };
  await register('王建国', '考评员', '2222');
  await register('李秀兰', '考评员', '2223');
  await register('张海涛', '考评员', '2224');
  await register('孙立新', '考评员', '2225', '文登区巧手面塑技能工作室');
  await register('赵淑芳', '督导员', '3333');

  // A session.
  await app.openMenu('考核场次');
  await page.getByTestId('create-session').click();
  await page.getByTestId('session-name').fill('胶东花饽饽制作 2026 年第 5 期');
  await page.getByTestId('session-room').fill('实训楼 201');
  await page.getByTestId('session-planned').fill('10');
  await page.getByTestId('session-save').click();
  await expect(page.getByTestId('session-detail')).toContainText('胶东花饽饽制作 2026 年第 5 期');
  await expect(page.getByTestId('session-status')).toHaveText('未开考');

  // A roster with bad rows: every bad row named, nothing imported.
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
  await page.getByTestId('roster-import').click();
  await app.withFile(badFile, () => page.getByTestId('roster-choose-file').click());
  await expect(page.getByTestId('roster-file-info')).toContainText('UTF-8');
  await page.getByTestId('roster-next').click();
  await expect(page.getByTestId('roster-summary')).toContainText('共 8 行：3 行正确，5 行有错误');
  const preview = page.getByTestId('roster-preview');
  await expect(preview).toContainText('身份证号校验码错误');
  await expect(preview).toContainText('性别与身份证号不符');
  await expect(preview).toContainText('准考证号与第 6 行重复');
  await expect(preview).toContainText('缺少准考证号');
  await expect(preview).toContainText('出生日期与身份证号不符');
  await expect(preview).toContainText('手机号码应为 11 位数字');
  await expect(preview).toContainText('就业重点群体“外星人”不在代码表中');
  await expect(page.getByTestId('roster-confirm')).toBeDisabled();
  await page.locator('.ant-modal-close:visible').click();
  await expect(page.getByText('名册为空。请导入名册文件。')).toBeVisible();

  // A GBK CSV, as Excel in China saves it: imported all at once.
  const gbkFile = await writeCsv(dir, '名册-GBK.csv', good, 'gbk');
  await page.getByTestId('roster-import').click();
  await app.withFile(gbkFile, () => page.getByTestId('roster-choose-file').click());
  await expect(page.getByTestId('roster-file-info')).toContainText('GB18030/GBK');
  await page.getByTestId('roster-next').click();
  await expect(page.getByTestId('roster-summary')).toContainText('共 10 行：10 行正确，0 行有错误');
  await page.getByTestId('roster-confirm').click();
  await expect(page.getByTestId('roster-count')).toHaveText('共 10 条');
  await expect(page.getByTestId('roster-table')).toContainText(good[3]![1]!);
  await box('roster-search').fill(good[3]![2]!);
  await expect(page.getByTestId('roster-count')).toHaveText('共 1 条');

  // Assignments: the examiner from the candidates' training unit is refused, saying why.
  await page.getByRole('tab', { name: '考评分工' }).click();
  const assign = async (testId: 'add-examiner' | 'add-supervisor', name: string) => {
    await page.getByTestId(testId).click();
    await app.chooseOption('assign-person', name);
    await page.getByRole('button', { name: '分 派' }).click();
  };
  await assign('add-examiner', '孙立新');
  await expect(page.getByText(/须回避：考生 .+（同一培训机构）/)).toBeVisible();
  await page.getByRole('button', { name: '取 消' }).click();
  await assign('add-examiner', '王建国');
  await assign('add-examiner', '李秀兰');
  await expect(page.getByTestId('staffing-problems')).toContainText('考评组 A 只有 2 名考评员，至少需要 3 名');
  await assign('add-examiner', '张海涛');
  await expect(page.getByTestId('staffing-problems')).toContainText('考评组 A 没有组长');

  // Opening is refused until the staffing is right.
  await page.getByTestId('open-session').click();
  await expect(page.getByTestId('device-clock')).toBeVisible();
  await page.getByTestId('confirm-clock').click();
  await expect(page.getByText(/考评人员配备不符合要求，不能开考/)).toBeVisible();
  await page.getByRole('button', { name: '取 消' }).click();

  await page.getByTestId('make-leader-王建国').click();
  await expect(page.getByTestId('examiners-table')).toContainText('组长');
  await assign('add-supervisor', '赵淑芳');
  await expect(page.getByText('考评人员配备符合要求')).toBeVisible();

  // Open, with the device clock confirmed.
  await page.getByTestId('open-session').click();
  await expect(page.getByTestId('device-clock')).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  await page.getByTestId('confirm-clock').click();
  await expect(page.getByTestId('session-status')).toHaveText('考核中');

  // Check-in: by ticket, the ID checked against the roster, the pledge, then present.
  await page.getByRole('tab', { name: '签到' }).click();
  const [ticket0, name0, id0] = good[0]!;
  await box('checkin-search').fill(ticket0!);
  await box('checkin-search').press('Enter');
  await expect(page.getByTestId('checkin-card')).toContainText(name0!);
  await page.getByTestId('checkin-id').fill(makeIdNumber('371002', '19900307', 1));
  await expect(page.getByTestId('checkin-id-differs')).toBeVisible();
  await page.getByTestId('checkin-id').fill(id0!);
  await expect(page.getByText('身份证号与名册一致')).toBeVisible();
  await expect(page.getByTestId('mark-present')).toBeDisabled();
  await page.getByTestId('checkin-pledge').click();
  await page.getByTestId('mark-present').click();
  await expect(page.getByText(`${name0}：到考`)).toBeVisible();

  // By ID number, as a scanner types it: absent; an unknown number is said plainly.
  await box('checkin-search').fill(good[1]![2]!);
  await box('checkin-search').press('Enter');
  await page.getByTestId('mark-absent').click();
  await box('checkin-search').fill('99999');
  await box('checkin-search').press('Enter');
  await expect(page.getByTestId('checkin-not-found')).toContainText('未找到“99999”');
  await expect(page.getByTestId('checkin-counts')).toHaveText('到考 1 · 缺考 1 · 迟到 0 · 替考 0 · 未签到 8');
  await expect(page.getByTestId('checkin-list')).toContainText('到考');

  // Everyone else is absent: 1 present of 10 planned is far from the plan.
  for (const row of good.slice(2)) {
    await box('checkin-search').fill(row[0]!);
    await box('checkin-search').press('Enter');
    await page.getByTestId('mark-absent').click();
    await expect(page.getByTestId('checkin-card')).toHaveCount(0);
  }
  await expect(page.getByTestId('attendance-warning')).toContainText('签到人数 1 与计划人数 10 相差超过 20%');

  // An examiner signs in and sees only what an examiner may see.
  await app.signOut();
  await app.signIn('王建国', '2222');
  await expect(page.getByTestId('signed-in-as')).toHaveText('王建国（考评员）');
  await expect(page.getByRole('menuitem')).toHaveText(['首页', '评分', '本机信息']);
  await expect(page.getByTestId('home')).toContainText('胶东花饽饽制作 2026 年第 5 期');

  // And the manager again, after a reload: everything is still there.
  await page.reload();
  await app.signIn(managerName, managerPin);
  await app.openMenu('考核场次');
  await expect(page.getByTestId('sessions-table')).toContainText('考核中');
});
