/**
 * The district's console (issue 17), in a real browser against a real authority process over
 * https: an admin created by the command line logs in, changes the initial password, issues a
 * code, publishes a plan built in the forms (the roster read from .xlsx and checked as the app
 * checks it), reviews a quarantined fork, revokes a device and exports the results — each in the
 * audit trail. An auditor sees every screen and can change nothing (every write route 403); a
 * logged-out browser gets only the login page; a cross-site form post is refused.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { demoSpecification } from '../shared/domain/demoSpec';
import { decodePublicKey } from '../shared/ledger/signing';
import { verifyPlan } from '../shared/sync/package';
import { nodeVerify } from '../authority/nodeCrypto';
import { consolePage, label } from './pages/consolePage';
import { chooseOption } from './pages/controls';
import { districtBrowser, districtCall, quarantinedFork, startTlsAuthority } from './districtTls';
import { goodRows, tempDir, writeXlsx } from './rosterFiles';
import { violations } from './axe';

test.setTimeout(180_000);

function watchErrors(page: Page, errors: string[], allowed: RegExp) {
  page.on('console', (message) => {
    if (message.type() === 'error' && !allowed.test(message.text())) errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
}

test('operators run the district from the console; each action is audited; an auditor changes nothing', async () => {
  const authority = await startTlsAuthority();
  const browser = await districtBrowser(authority.ca);
  const errors: string[] = [];
  const dir = await tempDir();
  try {
    const adminPassword = (await authority.cli('operator', 'add', 'wang.fang', '--role', 'admin')).at(-1)!;
    const auditorPassword = (await authority.cli('operator', 'add', 'shen.jie', '--role', 'auditor')).at(-1)!;
    const forked = await quarantinedFork(authority, 'SD0002');
    const context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    // The refusals below are answered with 401/403, which Chromium logs.
    watchErrors(page, errors, /status of (401|403)/);
    const district = consolePage(page, authority.origin);

    // Logged out: the login page, and nothing from the API.
    await page.goto(`${authority.origin}/`);
    await expect(page).toHaveURL(`${authority.origin}/console/`);
    await expect(district.loginButton()).toBeVisible();
    const loggedOut = await page.evaluate(async () => {
      const response = await fetch('/console/api/overview');
      return { status: response.status, body: await response.text() };
    });
    expect(loggedOut.status).toBe(401);
    expect(loggedOut.body).not.toContain('SD0002');
    expect(await violations(page)).toEqual([]);
    await district.login('wang.fang', 'not the password');
    await expect(district.loginError()).toContainText('账号或密码错误');

    // The admin's first login: the initial password must go.
    await district.login('wang.fang', adminPassword);
    await expect(page.getByText('这是初始密码，请设置新密码后继续。')).toBeVisible();
    await district.changePassword(adminPassword, 'wang-fang-2026-new');

    // A code for a new site.
    const code = await district.issueCode('SD0001');
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await expect(district.row(code)).toContainText('有效');

    // A plan built in the forms: a bad roster is refused row by row, a good one publishes.
    await district.goTo('plans');
    await page.getByLabel('考点代码').fill('SD0001');
    await chooseOption(page, 'plan-spec', demoSpecification.name);
    await page.getByLabel('场次名称').fill('十二月花饽饽场次');
    await page.getByLabel('考场').fill('201');
    await page.getByLabel('考核开始时间').click();
    await page.getByLabel('考核开始时间').fill('2026-12-10 09:00');
    await page.getByLabel('考核开始时间').press('Enter');
    await page.getByLabel('姓名').first().fill('陈立华');
    await page.getByRole('button', { name: '添加人员' }).click();
    await page.getByLabel('姓名').nth(1).fill('马秀英');
    await chooseOption(page, 'person-role-1', '督导员');
    const bad = goodRows(4);
    bad[2]![2] = '371002198001011234';
    const upload = page.locator('input[type=file]');
    await upload.setInputFiles(await writeXlsx(dir, '有错误的名册.xlsx', bad));
    await expect(page.getByTestId('roster-check')).toContainText('名册共 4 行，其中 1 行有错误');
    await expect(page.getByTestId('roster-check')).toContainText('身份证号校验码错误');
    await expect(page.getByRole('button', { name: '签名并发布' })).toBeDisabled();
    await upload.setInputFiles(await writeXlsx(dir, '名册.xlsx', goodRows(5)));
    await expect(page.getByTestId('roster-check')).toContainText('名册共 5 行，全部通过检查');
    await page.getByRole('button', { name: '签名并发布' }).click();
    await expect(page.getByText(/计划已签名发布/).first()).toBeVisible();
    const planRow = district.row('SD0001');
    await expect(planRow).toContainText('wang.fang');
    const download = page.waitForEvent('download');
    await planRow.getByRole('button', { name: '下载计划文件' }).click();
    const planFile = `${dir}/plan.json`;
    await (await download).saveAs(planFile);
    const health = await districtCall(authority, 'GET', '/v1/health');
    const plan = await verifyPlan(
      JSON.parse(await readFile(planFile, 'utf8')),
      decodePublicKey(String(health.body.pub))!,
      nodeVerify,
    );
    expect([plan.site, plan.sessions.length, plan.candidates.length, plan.people.length]).toEqual(['SD0001', 1, 5, 2]);
    expect(plan.sessions[0]).toMatchObject({ name: '十二月花饽饽场次', startsAt: '2026-12-10T09:00:00.000+08:00' });

    // The quarantined fork, its code in words; a review is a note.
    await district.goTo('quarantine');
    const fork = district.row('fork');
    await expect(fork).toContainText('发现同一序号的不同记录（分叉）');
    await fork.getByRole('button', { name: label('审阅') }).click();
    await page.getByLabel('核查意见').fill('考点确认为重装系统后重复发送，已要求其用补发密钥码重新注册');
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect(fork).toContainText('已要求其用补发密钥码重新注册');

    // The forking device revoked.
    await district.goTo('sites');
    const device = district.row(forked);
    await device.getByRole('button', { name: label('吊销') }).click();
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect(device).toContainText('已吊销');

    // The results exported.
    await district.goTo('results');
    const results = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出成绩（.xlsx）' }).click();
    expect((await results).suggestedFilename()).toBe('考核成绩.xlsx');

    // The screens an operator works in meet WCAG 2.2 AA as axe reads them.
    // The export's toast is let go first: it would start fading mid-check.
    await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 10_000 });
    const problems: Record<string, string[]> = {};
    for (const screen of ['overview', 'sites', 'quarantine', 'plans', 'results'] as const) {
      await district.goTo(screen);
      problems[screen] = await violations(page);
    }
    expect(problems).toEqual({ overview: [], sites: [], quarantine: [], plans: [], results: [] });

    // Every one of those is in the audit trail.
    await district.goTo('audit');
    for (const action of [
      'login',
      'password.changed',
      'code.issued',
      'plan.published',
      'export.plan',
      'quarantine.reviewed',
      'device.revoked',
      'export.results',
    ])
      await expect(district.row(new RegExp(`wang\\.fang\\s*${action.replace('.', '\\.')}`)).first()).toBeVisible();
    await district.logout();

    // The auditor sees every screen and may change nothing.
    await district.login('shen.jie', auditorPassword);
    await district.changePassword(auditorPassword, 'shen-jie-2026-new');
    await expect(page.getByText('审计员只能查看，不能更改')).toBeVisible();
    for (const screen of ['overview', 'sites', 'sync', 'quarantine', 'plans', 'results', 'audit', 'operators'] as const)
      await district.goTo(screen);
    await district.goTo('sites');
    await expect(page.getByRole('button', { name: '发放注册码' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: label('吊销') })).toHaveCount(0);
    const writes = await page.evaluate(async (device) => {
      const { csrfToken } = (await (await fetch('/console/api/session')).json()) as { csrfToken: string };
      const answers: string[] = [];
      for (const [path, body] of [
        ['/codes', { site: 'SD0009' }],
        ['/codes/XXXX-XXXX/cancel', {}],
        [`/devices/${device}/revoke`, {}],
        [`/devices/${device}/rekey`, {}],
        ['/quarantine/1/review', { note: 'x' }],
        ['/plans', {}],
        ['/operators', { login: 'mallory', role: 'admin' }],
        ['/operators/wang.fang/disable', {}],
      ] as const) {
        const response = await fetch(`/console/api${path}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken },
          body: JSON.stringify(body),
        });
        answers.push(`${response.status} ${((await response.json()) as { error: string }).error}`);
      }
      return answers;
    }, forked);
    expect(writes).toEqual(Array(8).fill('403 forbidden'));

    // A form on another site posting to the console: no token, no cookie (SameSite=Strict) — refused.
    const codesBefore = (await authority.cli('codes')).length;
    const attacker = await context.newPage();
    await attacker.setContent(
      `<form method="post" action="${authority.origin}/console/api/codes"><input name="site" value="EVIL-1"></form>`,
    );
    const [answer] = await Promise.all([
      attacker.waitForResponse(`${authority.origin}/console/api/codes`),
      attacker.locator('form').evaluate((form: HTMLFormElement) => form.submit()),
    ]);
    expect([answer.status(), ((await answer.json()) as { error: string }).error]).toEqual([403, 'csrf']);
    expect((await authority.cli('codes')).length).toBe(codesBefore);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
    authority.stop();
  }
});
