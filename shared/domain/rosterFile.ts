/**
 * Roster files in: the first worksheet of an .xlsx, or a CSV in UTF-8 or GB18030/GBK; and the
 * template out. The checking itself is shared/domain/roster.ts.
 */
import { decodeText, type TextEncodingName } from './csv';
import { parseCsv } from './csv';
import { rosterFields, rosterTemplateHeaders } from './roster';

export const maxRosterFileBytes = 10 * 1024 * 1024;
export const maxRosterRows = 20_000;

export interface RosterTable {
  headers: string[];
  rows: string[][];
  encoding: TextEncodingName | 'xlsx';
}

export class RosterFileError extends Error {
  constructor(readonly code: 'too_large' | 'too_many_rows' | 'unreadable' | 'empty') {
    super(code);
  }
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const cell = value as {
      formula?: string;
      sharedFormula?: string;
      richText?: { text: string }[];
      text?: string;
      result?: unknown;
    };
    // A formula cell is reported as its formula, so that the check refuses it by name.
    if (cell.formula || cell.sharedFormula) return `=${cell.formula ?? cell.sharedFormula}`;
    if (cell.richText) return cell.richText.map((r) => r.text).join('');
    if (typeof cell.text === 'string') return cell.text;
    if ('result' in cell) return String(cell.result ?? '');
  }
  return String(value);
}

export async function readRosterFile(name: string, bytes: Uint8Array): Promise<RosterTable> {
  if (bytes.length > maxRosterFileBytes) throw new RosterFileError('too_large');
  let table: string[][];
  let encoding: RosterTable['encoding'];
  if (name.toLowerCase().endsWith('.xlsx')) {
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(
        bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
      );
    } catch {
      throw new RosterFileError('unreadable');
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new RosterFileError('empty');
    if (sheet.rowCount > maxRosterRows + 1) throw new RosterFileError('too_many_rows');
    table = [];
    sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      const cells: string[] = [];
      for (let column = 1; column <= sheet.columnCount; column += 1)
        cells.push(cellText(row.getCell(column).value).trim());
      table[rowNumber - 1] = cells;
    });
    table = Array.from(table, (row) => row ?? []);
    encoding = 'xlsx';
  } else {
    const decoded = decodeText(bytes);
    table = parseCsv(decoded.text);
    encoding = decoded.encoding;
  }
  while (table.length && table.at(-1)!.every((c) => c.trim() === '')) table.pop();
  const [headers, ...rows] = table;
  if (!headers || rows.length === 0) throw new RosterFileError('empty');
  if (rows.length > maxRosterRows) throw new RosterFileError('too_many_rows');
  return { headers: headers.map((h) => h.trim()), rows, encoding };
}

export async function rosterTemplate(): Promise<Uint8Array<ArrayBuffer>> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('考生名册');
  sheet.columns = rosterFields.map((field) => ({
    header: rosterTemplateHeaders[field],
    key: field,
    width: field === 'idNumber' ? 22 : field === 'trainingUnit' || field === 'employer' ? 28 : 14,
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.addRow({
    ticket: '202611260101',
    name: '张晓梅',
    idNumber: '11010519491231002X',
    sex: '女',
    birthDate: '1949-12-31',
    ethnicGroup: '汉族',
    education: '高中',
    mobile: '13800000000',
    trainingUnit: '威海市环翠区职业培训学校',
    employer: '',
    source: '社会人员',
    priorityGroups: '下岗失业人员',
    attempt: '首考',
  });
  // ID numbers and tickets are text, so Excel keeps their leading digits and the final X.
  for (const key of ['ticket', 'idNumber', 'mobile']) sheet.getColumn(key).numFmt = '@';
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}
