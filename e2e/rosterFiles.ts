/** Roster files for the tests, written the way Excel and WPS write them. */
import { writeFile, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { formatCsv } from '../shared/domain/csv';
import { makeIdNumber } from '../shared/domain/idNumber';

export const rosterHeader = [
  '准考证号',
  '姓名',
  '身份证号',
  '性别',
  '出生日期',
  '民族',
  '文化程度',
  '手机号码',
  '培训机构',
  '工作单位',
  '就业重点群体',
  '首考/补考',
];
const surnames = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗'];
const given = [...'秀英桂兰玉梅红霞建国志强海燕丽娟晓明春雷德华'];

export interface RosterRow {
  ticket: string;
  name: string;
  idNumber: string;
}

export function goodRows(count: number, start = 1, unit = '文登区巧手面塑技能工作室'): string[][] {
  return Array.from({ length: count }, (_, i) => {
    const n = start + i;
    const seq = (n * 7) % 1000;
    const birth = `19${70 + (n % 30)}0${1 + (n % 9)}1${n % 10}`;
    const idNumber = makeIdNumber('371002', birth, seq);
    const sex = seq % 2 === 1 ? '男' : '女';
    const name = surnames[n % surnames.length]! + given[(n * 3) % given.length]! + given[(n * 5) % given.length]!;
    return [
      `2026112602${String(n).padStart(4, '0')}`,
      name,
      idNumber,
      sex,
      `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`,
      '汉族',
      '高中',
      `139${String(10000000 + n).slice(-8)}`,
      unit,
      '',
      n % 3 === 0 ? '城镇登记失业人员' : '',
      '首考',
    ];
  });
}

export async function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'kaodian-e2e-'));
}

export async function writeCsv(
  dir: string,
  name: string,
  rows: string[][],
  encoding: 'utf-8' | 'gbk',
): Promise<string> {
  const text = formatCsv([rosterHeader, ...rows]);
  const file = path.join(dir, name);
  await writeFile(
    file,
    encoding === 'gbk'
      ? iconv.encode(text, 'gbk')
      : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]),
  );
  return file;
}

export async function writeXlsx(dir: string, name: string, rows: (string | { formula: string })[][]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('考生名册');
  sheet.addRow(rosterHeader);
  for (const row of rows) sheet.addRow(row);
  const file = path.join(dir, name);
  await workbook.xlsx.writeFile(file);
  return file;
}
