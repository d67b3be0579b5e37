/**
 * The records after the day, rendered by pdfmake in Node and read back with poppler: the
 * 成绩公示表 (masked ID numbers, no phone numbers, the period), the 合格人员花名册 with
 * certificate numbers, and the 补贴申领花名册 by training unit. KAODIAN_PRINT_DIR keeps the PNGs.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { defaultPriorityGroups } from '../shared/domain/priorityGroups';
import {
  passersDocument,
  publicationDocument,
  staffSignInDocument,
  subsidyDocument,
  ticketsDocument,
  type PrintContext,
} from '../renderer/features/print/documents';
import { renderPdfInNode } from './nodePdf';
import { pdfPageCount, pdfQrCode, pdfText } from './pdfFiles';
import { closedDemoSession } from './support/closedSession';
import { printSite } from './support/printState';

const flat = (text: string) => text.replace(/\s+/g, '');

async function render(name: string, doc: Parameters<typeof renderPdfInNode>[0]): Promise<string> {
  const dir = process.env.KAODIAN_PRINT_DIR ?? (await mkdtemp(path.join(os.tmpdir(), 'kaodian-after-')));
  const file = path.join(dir, `${name}.pdf`);
  await writeFile(file, await renderPdfInNode(doc));
  if (process.env.KAODIAN_PRINT_DIR)
    await promisify(execFile)('pdftoppm', ['-png', '-r', '60', file, file.slice(0, -4)]);
  return file;
}

describe('records after the day', { timeout: 60_000 }, () => {
  const { site, state, run, assignCertificates } = closedDemoSession(5);
  run([{ actor: site.manager, type: 'results.published', body: { session: site.session, from: '2026-12-03' } }]);
  const passed = assignCertificates();
  const session = state.sessions[site.session]!;
  const ctx = (kind: PrintContext['code']['kind']): PrintContext => ({
    state,
    site: printSite,
    code: { kind, subject: site.session, hash: 'cd'.repeat(32) },
    printedAt: '2026-12-03T09:00:00.000+08:00',
    subsidy: { fee: 180, priorityGroups: defaultPriorityGroups },
  });

  it('成绩公示表: names, masked ID numbers, the period and the review deadline; no phone number, no whole ID number', async () => {
    const file = await render('publication', publicationDocument(ctx('publication'), session));
    const text = flat(await pdfText(file));
    expect(text).toContain('成绩公示表');
    expect(text).toContain('公示期：2026-12-03至2026-12-09（5个工作日）');
    expect(text).toContain('2026-12-16前（含当日）');
    for (const c of Object.values(state.candidates)) {
      expect(text).toContain(c.name);
      expect(text).toContain(`${c.idNumber.slice(0, 4)}**********${c.idNumber.slice(-4)}`);
      expect(text).not.toContain(c.idNumber);
      if (c.mobile) expect(text).not.toContain(c.mobile);
    }
    expect(await pdfQrCode(file)).toMatch(/^KD1\|publication\|/);
  });

  it('合格人员花名册 prints every passer with the certificate number', async () => {
    const text = flat(await pdfText(await render('passers', passersDocument(ctx('passers'), session))));
    expect(text).toContain('合格人员花名册');
    expect(text).toContain(`合格${passed.length}人，证书编号由鉴定机构统一编码`);
    for (const r of passed) expect(text).toContain(state.candidates[r.candidate]!.name);
    expect(text).toContain('3710022026SD-JDHBB-00100001');
  });

  it('准考证: four to a page, each with its ticket, workstation, time, place and a photo box', async () => {
    const file = await render('tickets', ticketsDocument(ctx('tickets'), session));
    const text = flat(await pdfText(file));
    const candidates = Object.values(state.candidates).sort((a, b) => a.ticket.localeCompare(b.ticket));
    for (const c of candidates) expect(text).toContain(c.ticket);
    expect(text).toContain('工位号1');
    expect(text).toContain(`工位号${candidates.length}`);
    expect(text).toContain('09:00（180分钟）');
    expect(text).toContain('开考15分钟后不得入场');
    expect(await pdfPageCount(file)).toBe(Math.ceil(candidates.length / 4));
  });

  it('考评人员签到表 lists the examiners (leader marked) and the supervisor with columns to sign', async () => {
    const text = flat(await pdfText(await render('staff', staffSignInDocument(ctx('staff'), session))));
    for (const expected of [
      '考评人员签到表',
      '王建国',
      '考评组长',
      '李秀兰',
      '张海涛',
      '赵淑芳',
      '督导员',
      '签到时间',
      '签名',
      '签退时间',
    ])
      expect(text).toContain(expected);
  });

  it('补贴申领花名册 groups eligible passers by training unit with the 代领协议 and the fee', async () => {
    const text = flat(await pdfText(await render('subsidy', subsidyDocument(ctx('subsidy'), session))));
    expect(text).toContain('补贴申领花名册');
    expect(text).toMatch(/培训机构：威海/);
    expect(text).toContain('未签');
    expect(text).toMatch(/考核鉴定费合计\d+元/);
    expect(text).toContain('未签代领协议，不由培训机构代领');
  });
});
