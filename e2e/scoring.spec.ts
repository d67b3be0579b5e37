/**
 * The heart of the product: three examiners score the demo session, one discrepancy is
 * arbitrated, the supervisor logs a note and a misconduct deduction, the session closes with
 * both countersignatures, and the results are checked against a hand calculation.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { demoSite } from '../shared/domain/demoSite';
import { pdfQrCode, pdfText } from '../test/pdfFiles';
import { expect, test } from './fixtures';
import { appPage, demoSessionName } from './pages/appPage';
import { sessionsPage, type ExportTable, type RecordPdf } from './pages/sessionsPage';
import { preferDownloads, saveDownload } from './pages/enrollment';
import { scoringPage } from './pages/scoringPage';
import { tempDir } from './rosterFiles';
import { a1, a2, a3, low, sheet } from './sheets';

test.setTimeout(240_000);

// See e2e/sheets.ts for the hand calculation of a1–a3 (86.00) and low (50.00).
const b1 = sheet([3.5, 6, 5, 14, 10, 8, 9, 7, 6, 3, 4]); // T2-1: 14
const b2 = { ...b1, 'T2-1': 9 }; // 14 − 9 = 5 > 30% × 15 = 4.5 → discrepancy
const b3 = { ...b1, 'T2-1': 12 }; // arbitrated to 12 → each 73.50; −10% → 66.15, pass
const c = low; // 50.00, fail

test('three examiners score, the leader arbitrates, the supervisor records, the session closes; results match the hand calculation; the records print and export', async ({
  page,
}) => {
  await preferDownloads(page);
  const app = appPage(page);
  const scoring = scoringPage(page);
  // The manager opens the session and checks in three candidates; the rest are absent.
  const sessions = await app.startDemoSessionAsManager();
  await sessions.tab('checkin');
  for (let n = 1; n <= 30; n += 1) {
    const ticket = `2026112601${String(n).padStart(2, '0')}`;
    if (n <= 3) await sessions.checkin.present(ticket);
    else await sessions.checkin.absent(ticket);
  }
  await expect(sessions.checkin.counts()).toHaveText('到考 3 · 缺考 27 · 迟到 0 · 替考 0 · 未签到 0');
  await app.signOut();

  const [A, B, C] = ['202611260101', '202611260102', '202611260103'];
  const examiners: [string, Record<string, number>[]][] = [
    ['王建国', [a1, b1, c]],
    ['李秀兰', [a2, b2, c]],
    ['张海涛', [a3, b3, c]],
  ];
  for (const [name, sheets] of examiners) {
    await app.signIn(name, '2222');
    await app.goTo('scoring');
    // Only the three present candidates are there to score.
    await expect(scoring.candidates()).toHaveCount(3);
    await scoring.openCandidate(A!);
    for (const [i, ticket] of [A, B, C].entries()) {
      // After a submission the next unscored candidate opens by itself, its first box focused.
      await expect(scoring.sheet()).toContainText(ticket!);
      // Independence: nobody else's scores are on screen before one's own is submitted.
      for (const [other] of examiners.filter(([n]) => n !== name))
        await expect(scoring.sheet()).not.toContainText(other);
      await scoring.type(sheets[i]!);
      await scoring.submitByKeyboard('2222');
    }
    await scoring.openCandidate(A!);
    if (name === '张海涛') {
      // Everyone has submitted: now the others' scores can be seen.
      await expect(scoring.sheet()).toContainText('王建国');
    } else {
      // Not before every examiner of the group has submitted, even after one's own.
      await expect(scoring.othersHidden()).toBeVisible();
      for (const [other] of examiners.filter(([n]) => n !== name))
        await expect(scoring.sheet()).not.toContainText(other);
    }
    await app.signOut();
  }

  // The group leader sees the discrepancy waiting on 评分 and reviews it with his PIN.
  await app.signIn('王建国', '2222');
  await expect(app.scoringBadge()).toContainText('1');
  await app.goTo('scoring');
  await expect(scoring.disputeLine()).toHaveText(
    /（202611260102）· T2-1 主体造型.*：各考评员评分差异超过允许的 4\.50 分/,
  );
  await expect(scoring.disputePoints()).toContainText('王建国：14.00');
  await expect(scoring.disputePoints()).toContainText('李秀兰：9.00');
  await expect(scoring.disputePoints()).toContainText('张海涛：12.00');
  await expect(scoring.candidate(B!)).toContainText('待组长复核');
  await scoring.openCandidate(B!);
  await expect(page.locator('.kd-disputed-row')).toContainText('T2-1');
  await page.screenshot({ path: test.info().outputPath('leader-arbitration.png'), fullPage: true });
  await scoring.arbitrate('T2-1', 12, '组长复核成品：主体比例基本协调，表面裂口 3 处，按评分标准扣 3 分', '2222');
  await expect(scoring.decided()).toContainText('复核得分 12.00');
  await expect(scoring.disputeLine()).toHaveCount(0);
  await expect(scoring.arbitrated('T2-1')).toHaveText('12.00');
  await expect(app.scoringBadge()).toHaveCount(0);
  await app.signOut();

  // The supervisor: a note, a 10% deduction for candidate B, the checklist.
  await app.signIn('赵淑芳', '3333');
  const supervision = await app.goTo('supervision');
  await supervision.addNote('B 考生在结束信号后继续整形约 2 分钟，当场制止。', B!);
  await expect(supervision.notes()).toContainText('结束信号后继续整形');
  await supervision.addMisconduct(B!, '扣分', '结束信号后继续操作约 2 分钟，按规定扣除总分 10%');
  await expect(supervision.misconduct()).toContainText('扣分 10%');
  await supervision.completeChecklist(['考场布置', '身份核验', '试卷与材料管理', '考场纪律', '安全', '评分过程']);
  await app.signOut();

  // The manager reads the results and closes the session with both countersignatures.
  await app.signIn('刘志强', '1111');
  await app.goTo('sessions');
  await sessions.open(demoSessionName);
  await sessions.tab('results');
  const { results } = sessions;
  await expect(results.summary()).toHaveText(
    '名册 30 人 · 实考 3 人 · 缺考 27 人 · 已出分 3 人 · 合格 2 人 · 合格率 66.67%',
  );
  const row = results.row;
  await expect(row(A!)).toContainText('86.0085.0087.0086.00合格');
  await expect(row(B!)).toContainText('73.50'); // B's examiners' own totals are 75.50, 70.50, 73.50; the final uses the arbitrated item
  await expect(row(B!)).toContainText('66.15合格');
  await expect(row(B!)).toContainText('扣分');
  await expect(row(B!)).toContainText('组长复核');
  await expect(row(C!)).toContainText('50.00不合格');
  await expect(row('202611260104')).toContainText('缺考');

  await results.startClosing();
  await expect(page.getByText('完整性检查通过，可以结束场次。')).toBeVisible();
  await results.countersign('1111', '0000');
  await expect(results.closeProblem()).toContainText('赵淑芳');
  await results.countersign('1111', '3333');
  await expect(sessions.status()).toHaveText('已结束');

  await printedRecordsAndExports(page);
});

/**
 * The closed session's paper records read back with pdftotext and a QR decoder, the QR checked
 * on the "check a paper record" screen, and the spreadsheets opened with exceljs.
 */
async function printedRecordsAndExports(page: Page) {
  const app = appPage(page);
  const sessions = sessionsPage(page);
  const { records } = sessions;
  const dir = await tempDir();
  const [a, b, c] = demoSite().candidates;
  const savePdf = (kind: RecordPdf) => saveDownload(page, dir, () => records.savePdfButton(kind).click());
  const exportTable = (table: ExportTable) => saveDownload(page, dir, () => records.exportButton(table).click());
  await sessions.tab('records');

  const summary = await savePdf('summary');
  // pdftotext drops the spaces between CJK characters, so compare without any whitespace.
  const flat = (text: string) => text.replace(/\s+/g, '');
  const summaryText = flat(await pdfText(summary));
  for (const expected of [
    '成绩汇总表',
    '胶东花饽饽制作 2026 年第 4 期',
    a!.name,
    b!.name,
    c!.name,
    '86.00',
    '66.15',
    '50.00',
    '合格率 66.67%',
    // 备注 says what the results screen shows: B's arbitrated item and deduction.
    '组长复核；扣 10%',
    '考点（盖章）',
    '第 1 页 共 2 页',
    '督导员（赵淑芳）签名',
  ])
    expect(summaryText).toContain(flat(expected));
  const summaryCode = await pdfQrCode(summary);
  expect(summaryCode).toMatch(/^KD1\|summary\|[0-9a-f-]{36}\|[0-9a-f]{64}$/);
  // Under the QR, a short 核验码 for a site without a scanner: kind, end of the session id, start of the hash.
  const [, , sessionId, summaryHash] = summaryCode!.split('|');
  const shortCode = `H-${sessionId!.slice(-6)}-${summaryHash!.slice(0, 8)}`.toUpperCase();
  expect(summaryText).toContain(`核验码${shortCode}`);

  await records.chooseCandidate(b!.ticket);
  const sheets = await savePdf('sheet');
  const sheetText = flat(await pdfText(sheets));
  for (const expected of [
    '评分记录表',
    b!.name,
    b!.ticket,
    '王建国',
    '李秀兰',
    '张海涛',
    '组长复核',
    '加权总分（满分 100）',
    '75.50',
    '70.50',
    '考评员签名',
  ])
    expect(sheetText).toContain(flat(expected));
  expect(await pdfQrCode(sheets)).toMatch(/^KD1\|sheet\|/);

  expect(await pdfText(await savePdf('checkin'))).toMatch(/考生签到表[\s\S]*到考[\s\S]*缺考/);
  expect(await pdfText(await savePdf('supervision'))).toContain('结束信号后继续整形');
  expect(flat(await pdfText(await savePdf('incident')))).toContain('扣分10%');

  // Excel: the default layout, scores as numbers, nothing a spreadsheet would evaluate.
  const xlsx = await exportTable('results');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.read(createReadStream(xlsx));
  const rows = workbook.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
  expect(rows[0]!.slice(1, 4)).toEqual(['准考证号', '姓名', '证件类型']);
  expect(rows[0]).toContain('最终成绩');
  const rowA = rows.find((r) => r.includes(a!.ticket))!;
  expect(rowA).toContain(86);
  expect(rowA).toContain('合格');
  workbook.worksheets[0]!.eachRow((row) =>
    row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)),
  );

  await records.chooseFormat('CSV GB18030');
  const csv = await exportTable('roster');
  const csvText = new TextDecoder('gb18030').decode(await readFile(csv));
  expect(csvText.split('\r\n')[0]).toBe(
    '准考证号,姓名,证件类型,证件号码,性别,民族,文化程度,联系电话,培训机构,工作单位,考生来源,新考/补考',
  );
  expect(csvText).toContain(`${a!.ticket},${a!.name},居民身份证,${a!.idNumber}`);

  // The QR on the paper leads back to its record; a changed code does not pass.
  const check = await app.goTo('records');
  await check.check(summaryCode!);
  await expect(check.verdict()).toContainText('与本机数据一致');
  await expect(check.details()).toContainText('成绩汇总表');
  await expect(check.details()).toContainText(demoSessionName);
  await check.check(summaryCode!.replace(/[0-9a-f]$/, (d) => (d === '0' ? '1' : '0')));
  await expect(check.verdict()).toContainText('此纸质记录已过时');
  // Typed by hand from the paper, in any case: the same verdict; one wrong digit of the hash is out of date.
  await check.check(shortCode.toLowerCase());
  await expect(check.verdict()).toContainText('与本机数据一致');
  await expect(check.details()).toContainText('成绩汇总表');
  await check.check(shortCode.replace(/.$/, (d) => (d === '0' ? '1' : '0')));
  await expect(check.verdict()).toContainText('此纸质记录已过时');
  await check.check('https://example.com/not-ours');
  await expect(check.verdict()).toContainText('这不是考点系统打印的记录二维码');
}
