/**
 * The printed records rendered by pdfmake in Node with the bundled font, then read back with
 * poppler (pdftotext, pdftoppm) and a QR decoder — the way a person and a scanner read paper.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatRecordCode } from '../shared/domain/records';
import { pdfPageCount, pdfQrCode, pdfText } from './pdfFiles';
import { renderPdfInNode } from './nodePdf';
import { printSite, scoredSession } from './support/printState';
import {
  checkInDocument,
  incidentDocument,
  manifestDocument,
  scoreSheetDocument,
  summaryDocument,
  supervisionDocument,
  type PrintContext,
} from '../renderer/features/print/documents';

const flat = (text: string) => text.replace(/\s+/g, '');
const hash = 'ab'.repeat(32);

async function render(doc: Parameters<typeof renderPdfInNode>[0]): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kaodian-print-'));
  const file = path.join(dir, 'record.pdf');
  await writeFile(file, await renderPdfInNode(doc));
  return file;
}

describe('printed records', { timeout: 60_000 }, () => {
  const { state, session, site } = scoredSession();
  const ctx = (kind: PrintContext['code']['kind'], subject = session): PrintContext => ({
    state,
    site: printSite,
    code: { kind, subject, hash },
    printedAt: '2026-11-26T15:02:00.000+08:00',
  });

  it('成绩汇总表: every candidate with names and numbers, page numbers, signature lines, and the QR of its event', async () => {
    const file = await render(summaryDocument(ctx('summary'), state.sessions[session]!));
    const text = flat(await pdfText(file));
    const pages = await pdfPageCount(file);
    expect(pages).toBe(2);
    for (const c of site.candidates) expect(text).toContain(c.name);
    for (const expected of [
      '成绩汇总表',
      '第1页共2页',
      '第2页共2页',
      '考评组长（王建国）签名',
      '督导员（赵淑芳）签名',
      '考点（盖章）',
      '扣10%',
      '缺考',
    ])
      expect(text).toContain(expected);
    expect(await pdfQrCode(file)).toBe(formatRecordCode({ kind: 'summary', subject: session, hash }));
  });

  it('评分记录表: the item table, task subtotals, weighted total, signature line; a long name wraps instead of being cut', async () => {
    const sheetId = Object.keys(state.sheets)[0]!;
    const sheet = state.sheets[sheetId]!;
    const longName = '阿卜杜热合曼·买买提艾力·司马义艾则孜·吐尔逊';
    const withLongName = {
      ...state,
      candidates: { ...state.candidates, [sheet.candidate]: { ...state.candidates[sheet.candidate]!, name: longName } },
    };
    const file = await render(scoreSheetDocument({ ...ctx('sheet', sheetId), state: withLongName }, [sheetId]));
    const text = flat(await pdfText(file));
    for (const expected of [
      '序号',
      '考核内容',
      '评分要素',
      '配分',
      '评分标准',
      '扣分',
      '得分',
      '备注',
      '原料准备与面团调制小计',
      '加权总分（满分100）',
      '考评员签名',
      longName,
    ])
      expect(text).toContain(flat(expected));
    expect(await pdfQrCode(file)).toBe(formatRecordCode({ kind: 'sheet', subject: sheetId, hash }));
  });

  it('签到表, 督导记录表, 考场情况记录表 and 同步包清单 carry their content', async () => {
    const s = state.sessions[session]!;
    expect(flat(await pdfText(await render(checkInDocument(ctx('checkin'), s))))).toMatch(
      /签到表.*应到30人，实到28人.*到考.*缺考/,
    );
    const supervision = flat(await pdfText(await render(supervisionDocument(ctx('supervision'), s))));
    for (const expected of [
      '督导检查表',
      '考场布置',
      '符合',
      '身份核验两人一组进行',
      '督导员签名',
      'PIN码重置记录',
      '无',
    ])
      expect(supervision).toContain(expected);
    // A PIN the manager reset on the day is on the record: whose, by whom, when (never the PIN).
    const withReset = {
      ...state,
      pinResets: {
        r1: {
          id: 'r1',
          person: site.supervisor,
          by: site.manager,
          at: `${s.openedAt!.slice(0, 10)}T09:12:00.000+08:00`,
        },
      },
    };
    const resetText = flat(
      await pdfText(await render(supervisionDocument({ ...ctx('supervision'), state: withReset }, s))),
    );
    const resets = resetText.slice(resetText.indexOf('PIN码重置记录'));
    expect(resets).toContain(`${state.people[site.supervisor]!.name}（督导员）`);
    expect(resets).toContain(state.people[site.manager]!.name);
    expect(flat(await pdfText(await render(incidentDocument(ctx('incident'), s))))).toMatch(
      /考场情况记录表.*扣分10%.*结束信号后继续操作/,
    );
    const manifest = {
      id: '0190a1b2-c3d4-4e5f-8a9b-0c1d2e3f4a5b',
      createdAt: '2026-11-26T16:00:00.000+08:00',
      fileHash: 'cd'.repeat(32),
      attachments: 1,
      batches: [
        { device: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c', from: 1, to: 120, events: 120, head: 'ef'.repeat(32) },
      ],
      sealedTo: [
        { kid: 'a'.repeat(32), name: '鉴定机构 weihai-hrss' },
        { kid: 'b'.repeat(32), name: '本机 0190a1b2' },
      ],
    };
    const file = await render(manifestDocument(ctx('manifest', manifest.id), manifest));
    const text = flat(await pdfText(file));
    for (const expected of [
      '同步包清单',
      manifest.id,
      '1–120',
      'ef'.repeat(32),
      '交件人签名',
      '接收人签名',
      '1个批次，120条记录，1个附件',
      '已加密，仅以下收件方可打开：鉴定机构weihai-hrss、本机0190a1b2',
    ])
      expect(text).toContain(expected);
  });

  it('签到表 shows how identity was checked; 考场情况记录表 lists the exceptions with the manager’s reason', async () => {
    const s = state.sessions[session]!;
    const [admitted, impostor] = Object.values(state.checkIns).filter(
      (c) => c.session === session && c.state === 'present',
    );
    const checkIns = {
      ...state.checkIns,
      [`${session}/${admitted!.candidate}`]: {
        ...admitted!,
        identity: 'id_mismatched' as const,
        identityReason: '身份证换发新号，已核对户口簿',
      },
      [`${session}/${impostor!.candidate}`]: {
        ...impostor!,
        state: 'substituted' as const,
        identity: 'id_mismatched' as const,
      },
    };
    const withExceptions = { ...ctx('checkin'), state: { ...state, checkIns } };
    const sheet = flat(await pdfText(await render(checkInDocument(withExceptions, s))));
    expect(sheet).toContain('身份核验');
    expect(sheet).toContain('证号不一致');
    const incident = flat(
      await pdfText(await render(incidentDocument({ ...withExceptions, code: ctx('incident').code }, s))),
    );
    const exceptions = incident.slice(incident.indexOf('签到异常'));
    expect(exceptions).toContain(state.candidates[admitted!.candidate]!.name);
    expect(exceptions).toContain('证号不一致（负责人准予：身份证换发新号，已核对户口簿）');
    expect(exceptions).toContain(`${state.candidates[impostor!.candidate]!.name}替考证号不一致`);
    expect(flat(await pdfText(await render(incidentDocument(ctx('incident'), s))))).toContain('本场次无签到异常');
  });

  it('an empty incident record says so instead of printing an empty table', async () => {
    const quiet = { ...state, misconduct: {} };
    expect(
      flat(
        await pdfText(await render(incidentDocument({ ...ctx('incident'), state: quiet }, state.sessions[session]!))),
      ),
    ).toContain('本场次无违纪情况记录');
  });
});
