/**
 * Set-up mistakes corrected, each as an event with a reason shown in the record: a person's
 * particulars corrected and a person deactivated, a specification no session uses withdrawn so
 * its corrected file imports, a candidate withdrawn before check-in.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { demoSpecification } from '../shared/domain/demoSpec';
import { expect, test } from './fixtures';
import { appPage, demoSessionName } from './pages/appPage';
import { tempDir } from './rosterFiles';

test('people, a specification and a candidate are corrected with reasons, shown in the record', async ({ page }) => {
  const app = appPage(page);
  await app.open();
  await app.loadDemo();
  await app.signIn('刘志强', '1111');

  // A person: the employer corrected; deactivation refused while assigned, then done for a new one.
  const people = await app.goTo('people');
  await people.correctEmployer('李秀兰', '威海市第二职业中等专业学校', '工作单位登记错误');
  await expect(people.table()).toContainText('威海市第二职业中等专业学校');
  await expect(people.table()).toContainText('已更正 1 次');
  await people.deactivate('李秀兰', '调离本考点');
  await expect(page.getByText(/李秀兰仍被分派在场次“胶东花饽饽制作 2026 年第 4 期”中/)).toBeVisible();
  await page.getByRole('dialog').getByRole('button', { name: '取 消' }).click();
  await people.register({ name: '孙立新', role: '考评员', pin: '2229' });
  await people.deactivate('孙立新', '登记重复，已另行登记');
  await expect(people.inactiveTag('孙立新')).toHaveText('已停用：登记重复，已另行登记');

  // A specification with a wrong item maximum: withdrawn (no session uses it), the corrected file imports.
  const dir = await tempDir();
  const wrong = structuredClone(demoSpecification);
  wrong.code = 'ZX-TEST-01';
  wrong.tasks[0]!.items[0]!.maxPoints = 2;
  const file = path.join(dir, '规范-有误.json');
  await writeFile(file, JSON.stringify(wrong));
  const specs = await app.goTo('specs');
  await specs.importFile(file);
  await expect(page.getByText('场次使用中')).toBeVisible();
  const corrected = structuredClone(demoSpecification);
  corrected.code = 'ZX-TEST-01';
  await writeFile(file, JSON.stringify(corrected));
  await specs.importFile(file);
  await expect(page.getByText(/规范 ZX-TEST-01（.+）已存在/)).toBeVisible();
  await specs.withdraw('ZX-TEST-01', '第 1 个评分要素配分有误（应为 5 分）');
  await expect(specs.withdrawn()).toContainText('第 1 个评分要素配分有误（应为 5 分）');
  await specs.importFile(file);
  await expect(page.getByText(/已导入规范/).last()).toBeVisible();
  await expect(page.getByTestId('withdraw-spec-ZX-TEST-01')).toBeVisible();

  // A candidate withdrawn before check-in; once checked in, no longer.
  const sessions = await app.goTo('sessions');
  await sessions.open(demoSessionName);
  await sessions.openIfNotOpen();
  await app.checkInPresent(['202611260101']);
  await sessions.tab('roster');
  await expect(sessions.roster.withdrawButton('202611260101')).toHaveCount(0);
  await sessions.roster.withdraw('202611260102', '考生本人申请改考下一期');
  await expect(sessions.roster.withdrawn()).toContainText('202611260102');
  await expect(sessions.roster.withdrawn()).toContainText('考生本人申请改考下一期');
  await expect(sessions.roster.count()).toHaveText('共 29 条');

  // The deactivated person cannot sign in.
  await app.signOut();
  await page.getByTestId('login-person').click();
  const option = (name: string) => page.locator('.ant-select-item-option', { hasText: name });
  await expect(option('李秀兰')).toBeVisible();
  await expect(option('孙立新')).toHaveCount(0);
});
