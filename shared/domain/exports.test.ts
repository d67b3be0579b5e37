import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extendChain, newChain } from '../../test/support/chains';
import { project } from '../state/project';
import { demoSite } from './demoSite';
import {
  checkInTable,
  defaultResultColumns,
  exportFileName,
  resultsTable,
  rosterTable,
  safeCell,
  tableCsv,
  tableXlsx,
} from './exports';
import { encodeGb18030 } from './gb18030';
import { sessionResults } from './scoring';

const site = demoSite();
const state = project(extendChain(newChain(), [...site.setup, ...site.scoring, ...site.supervision('ef'.repeat(32))]));

describe('formula injection', () => {
  it('neutralises every cell a spreadsheet would evaluate, and only those', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', '正常', '1=1'].map(safeCell)).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@SUM(A1)",
      "'\t=1",
      "'\r=1",
      '正常',
      '1=1',
    ]);
  });

  it('no exported text cell starts a formula, whatever a roster holds', () => {
    const hostile = { ...state, candidates: { ...state.candidates } };
    const first = Object.keys(hostile.candidates)[0]!;
    hostile.candidates[first] = {
      ...hostile.candidates[first]!,
      name: '=HYPERLINK("http://evil","x")',
      employer: '@cmd',
      trainingUnit: '+1',
    };
    for (const table of [
      resultsTable(hostile, [site.session], ['name', 'employer', 'trainingUnit']),
      rosterTable(hostile, site.session),
    ]) {
      for (const row of [table.header, ...table.rows])
        for (const cell of row) if (typeof cell === 'string') expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
  });
});

describe('results table', () => {
  it('the default layout: registration fields, one column per task, final score and result', () => {
    const table = resultsTable(state, [site.session]);
    expect(table.header).toEqual([
      '准考证号',
      '姓名',
      '证件类型',
      '证件号码',
      '性别',
      '文化程度',
      '联系电话',
      '培训机构',
      '原料准备与面团调制（20%）',
      '造型制作（40%）',
      '蒸制与上色（30%）',
      '安全卫生与文明操作（10%）',
      '最终成绩',
      '考核结果',
    ]);
    expect(defaultResultColumns).toContain('tasks');
    const results = sessionResults(state, site.session).candidates;
    expect(table.rows).toHaveLength(30);
    for (const [i, r] of results.entries()) {
      const row = table.rows[i]!;
      expect(row[1]).toBe(state.candidates[r.candidate]!.name);
      if (r.status === 'scored') {
        expect(row.at(-2)).toBe(r.final! / 100);
        expect(row.at(-1)).toBe(r.pass ? '合格' : '不合格');
        // Task scores add up to the aggregate before deductions (to within rounding of each part).
        const parts = (row.slice(8, 12) as number[]).reduce((a, b) => a + b, 0);
        expect(Math.abs(parts - r.aggregated! / 100)).toBeLessThanOrEqual(0.04);
      } else expect(row.at(-1)).toBe('缺考');
    }
  });

  it('a chosen layout, in the order given', () => {
    const table = resultsTable(state, [site.session], ['name', 'ticket', 'examiners', 'flags']);
    expect(table.header).toEqual([
      '姓名',
      '准考证号',
      '考评员1（王建国）',
      '考评员2（李秀兰）',
      '考评员3（张海涛）',
      '备注',
    ]);
    expect(table.rows.some((r) => r.at(-1) === '扣分')).toBe(true);
  });
});

describe('files', () => {
  it('CSV in UTF-8 starts with a BOM; scores have two decimals', () => {
    const bytes = tableCsv(resultsTable(state, [site.session], ['ticket', 'final']));
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text.split('\r\n')[0]).toBe('准考证号,最终成绩');
    expect(text).toMatch(/\r\n202611260101,\d+\.\d\d\r\n/);
  });

  it('CSV in GB18030 decodes back to the same text', () => {
    const table = rosterTable(state, site.session);
    const gb = tableCsv(table, 'gb18030');
    const utf8 = tableCsv(table, 'utf-8');
    expect(new TextDecoder('gb18030').decode(gb)).toBe(new TextDecoder().decode(utf8.slice(3)));
    expect(gb.length).toBeLessThan(utf8.length);
  });

  it('GB18030 encodes any text of the BMP and beyond (except the private-use code points GB18030-2022 moved)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        const clean = [...text].filter((c) => !(c.codePointAt(0)! >= 0xe000 && c.codePointAt(0)! <= 0xf8ff)).join('');
        expect(new TextDecoder('gb18030').decode(encodeGb18030(clean))).toBe(clean);
      }),
      { numRuns: 300 },
    );
    expect(new TextDecoder('gb18030').decode(encodeGb18030('考点 𠀀😀 €'))).toBe('考点 𠀀😀 €');
    // The replacement character is a character like any other (it once came out as "?").
    expect([...encodeGb18030('\ufffd')]).toEqual([0x84, 0x31, 0xa4, 0x37]);
  });

  it('xlsx: a frozen bold header, numbers as numbers, ID numbers as text', async () => {
    const bytes = await tableXlsx([resultsTable(state, [site.session]), checkInTable(state, site.session)]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['成绩', '考生签到表']);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(typeof sheet.getRow(2).getCell(13).value).toBe('number');
    expect(sheet.getRow(2).getCell(4).value).toBe(site.candidates[0]!.idNumber);
    expect(workbook.worksheets[1]!.getRow(2).getCell(4).value).toBe('到考');
  });

  it('file names keep the session name but nothing a file system refuses', () => {
    expect(exportFileName('成绩-胶东花饽饽/第4期:A', 'xlsx', Date.UTC(2026, 10, 26, 2), 480)).toBe(
      '成绩-胶东花饽饽_第4期_A-2026-11-26.xlsx',
    );
  });
});
