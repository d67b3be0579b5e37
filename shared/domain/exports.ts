/**
 * Tables the site exports to Excel and CSV: results (with a configurable column layout), the
 * roster and the check-in list. The app and the authority's `export` build them here, so both
 * write the same columns. Headings are Chinese: these files go into the provincial system.
 *
 * Every text cell that a spreadsheet would read as a formula (starting with = + - @, a tab or a
 * carriage return) is neutralised with a leading apostrophe; scores are numbers, not text.
 */
import type { SiteState } from '../state/project';
import { formatTime } from '../ledger/ids';
import {
  aggregate,
  candidateSheets,
  formatPoints,
  reviewCorrections,
  sessionResults,
  specOfSession,
  taskSubtotals,
  type CandidateResult,
} from './scoring';
import { formatCsv } from './csv';
import { specParts, type EventBody } from './events';
import { encodeGb18030 } from './gb18030';
import {
  attemptTerms,
  checkInTerms,
  flagTerms,
  identityTerms,
  idTypeTerms,
  labelTerms,
  partTerms,
  recordTerms,
  resultTerms,
  sexTerms,
} from './terms';

export type Cell = string | number;
export interface ExportTable {
  name: string;
  header: string[];
  rows: Cell[][];
}

/** Neutralises a text cell a spreadsheet would otherwise evaluate. */
export function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
const safe = (value: Cell): Cell => (typeof value === 'string' ? safeCell(value) : value);

/** A check-in's identity cell: how it was checked, and the manager's reason when it was not confirmed. */
export function identityCell(checkIn: Pick<EventBody<'candidate.checked_in'>, 'identity' | 'identityReason'>): string {
  if (!checkIn.identity) return '';
  const name = identityTerms[checkIn.identity];
  return checkIn.identityReason ? `${name}（负责人准予：${checkIn.identityReason}）` : name;
}
export function resultName(r: CandidateResult): string {
  if (r.status === 'scored') return r.pass ? resultTerms.pass : resultTerms.fail;
  return resultTerms[r.status];
}

/** The registration fields, then per-task scores, then the outcome; a layout is a list of these keys. */
export const resultColumnKeys = [
  'session',
  'ticket',
  'name',
  'idType',
  'idNumber',
  'sex',
  'ethnicGroup',
  'education',
  'mobile',
  'trainingUnit',
  'employer',
  'source',
  'attempt',
  'tasks',
  'parts',
  'examiners',
  'final',
  'result',
  'flags',
] as const;
export type ResultColumnKey = (typeof resultColumnKeys)[number];
export const defaultResultColumns: ResultColumnKey[] = [
  'ticket',
  'name',
  'idType',
  'idNumber',
  'sex',
  'education',
  'mobile',
  'trainingUnit',
  'tasks',
  'parts',
  'final',
  'result',
];

export const resultColumnTitles: Record<ResultColumnKey, string> = {
  session: '考核场次',
  ticket: '准考证号',
  name: '姓名',
  idType: '证件类型',
  idNumber: '证件号码',
  sex: '性别',
  ethnicGroup: '民族',
  education: '文化程度',
  mobile: '联系电话',
  trainingUnit: '培训机构',
  employer: '工作单位',
  source: '考生来源',
  attempt: labelTerms.attempt,
  tasks: '各模块得分',
  parts: '理论知识考试、技能操作考核成绩',
  examiners: '各考评员评分',
  final: '最终成绩',
  result: '考核结果',
  flags: '备注',
};

/**
 * A task's score for a candidate: the specification's aggregation rule over each sheet's weighted
 * task subtotal (arbitrated items replaced), shown only once the candidate is scored.
 */
function taskScores(state: SiteState, session: string, result: CandidateResult): (number | '')[] {
  const spec = specOfSession(state, session)!;
  if (result.status !== 'scored') return spec.tasks.map(() => '');
  const arbitrated = Object.fromEntries(
    Object.values(state.arbitrations)
      .filter((a) => a.session === session && a.candidate === result.candidate)
      .map((a) => [a.item, a.points]),
  );
  const reviewed = reviewCorrections(
    Object.values(state.reviews).filter((r) => r.session === session && r.candidate === result.candidate),
  );
  const perSheet = candidateSheets(state, session, result.candidate).map((s) =>
    taskSubtotals(spec, { ...s.items, ...arbitrated, ...reviewed }),
  );
  return spec.tasks.map(
    (_, i) =>
      aggregate(
        spec.aggregation,
        perSheet.map((t) => t[i]!.weighted),
      )! / 100,
  );
}

export function resultsTable(
  state: SiteState,
  sessions: string[],
  columns: readonly ResultColumnKey[] = defaultResultColumns,
): ExportTable {
  const firstSpec = sessions.length ? specOfSession(state, sessions[0]!) : undefined;
  // Theory + practical: a column for each part when any session's specification has both.
  const withParts = sessions.some((s) => specOfSession(state, s)?.method === 'theory_practical');
  const examinersOf = (session: string) =>
    Object.values(state.assignments)
      .filter((a) => a.session === session && a.role === 'examiner')
      .map((a) => a.person);
  const header = columns.flatMap((key): string[] => {
    if (key === 'tasks') return (firstSpec?.tasks ?? []).map((t) => `${t.name}（${t.weight}%）`);
    // Only a theory + practical specification has parts (each must pass on its own).
    if (key === 'parts') return withParts ? specParts.map((p) => `${partTerms[p]}成绩`) : [];
    if (key === 'examiners')
      return examinersOf(sessions[0] ?? '').map((p, i) => `考评员${i + 1}（${state.people[p]?.name ?? ''}）`);
    return [resultColumnTitles[key]];
  });
  const rows: Cell[][] = [];
  for (const session of sessions) {
    const examiners = examinersOf(session);
    for (const r of sessionResults(state, session).candidates) {
      const c = state.candidates[r.candidate]!;
      const row = columns.flatMap((key): Cell[] => {
        switch (key) {
          case 'session':
            return [state.sessions[session]?.name ?? ''];
          case 'idType':
            return [idTypeTerms[c.idType]];
          case 'sex':
            return [sexTerms[c.sex]];
          case 'attempt':
            return [attemptTerms[c.attempt]];
          case 'tasks':
            return taskScores(state, session, r);
          case 'parts':
            if (!withParts) return [];
            return specParts.map((p) => (r.parts ? r.parts[p] / 100 : ''));
          case 'examiners':
            return examiners.map((p) => (r.examinerTotals[p] === undefined ? '' : r.examinerTotals[p]! / 100));
          case 'final':
            return [r.final === undefined ? '' : r.final / 100];
          case 'result':
            return [resultName(r)];
          case 'flags':
            return [r.flags.map((f) => flagTerms[f]).join('、')];
          default:
            return [String(c[key] ?? '')];
        }
      });
      rows.push(row.map(safe));
    }
  }
  return { name: '成绩', header: header.map(safeCell), rows };
}

export function rosterTable(state: SiteState, session: string): ExportTable {
  const header = [
    '准考证号',
    '姓名',
    '证件类型',
    '证件号码',
    '性别',
    '民族',
    '文化程度',
    '联系电话',
    '培训机构',
    '工作单位',
    '考生来源',
    labelTerms.attempt,
  ];
  const rows = Object.values(state.candidates)
    .filter((c) => c.session === session)
    .sort((a, b) => a.ticket.localeCompare(b.ticket))
    .map((c) =>
      [
        c.ticket,
        c.name,
        idTypeTerms[c.idType],
        c.idNumber,
        sexTerms[c.sex],
        c.ethnicGroup,
        c.education,
        c.mobile,
        c.trainingUnit,
        c.employer,
        c.source,
        attemptTerms[c.attempt],
      ].map(safe),
    );
  return { name: '考生名册', header, rows };
}

export function checkInTable(state: SiteState, session: string): ExportTable {
  const header = ['准考证号', '姓名', '证件号码', '签到状态', '身份核验', '签到时间', '诚信承诺', '现场照片'];
  const rows = Object.values(state.candidates)
    .filter((c) => c.session === session)
    .sort((a, b) => a.ticket.localeCompare(b.ticket))
    .map((c) => {
      const checkIn = state.checkIns[`${session}/${c.candidate}`];
      return [
        c.ticket,
        c.name,
        c.idNumber,
        checkIn ? checkInTerms[checkIn.state] : resultTerms.not_checked_in,
        checkIn ? identityCell(checkIn) : '',
        checkIn ? displayTime(checkIn.at) : '',
        checkIn?.pledge ? '已签' : '',
        checkIn?.photo ? '有' : '',
      ].map(safe);
    });
  return { name: recordTerms.checkin, header, rows };
}

/** "2026-11-26T09:03:12.345+08:00" → "2026-11-26 09:03:12": the site's wall clock as recorded. */
export function displayTime(at: string): string {
  return at.length >= 19 ? `${at.slice(0, 10)} ${at.slice(11, 19)}` : at;
}

export type CsvEncoding = 'utf-8' | 'gb18030';

/** CSV bytes: UTF-8 with a BOM (Excel then detects it), or GB18030 for older installations. */
export function tableCsv(table: ExportTable, encoding: CsvEncoding = 'utf-8'): Uint8Array {
  const text = formatCsv([
    table.header,
    ...table.rows.map((row) => row.map((cell) => (typeof cell === 'number' ? formatNumber(cell) : cell))),
  ]);
  if (encoding === 'gb18030') return encodeGb18030(text);
  const body = new TextEncoder().encode(text);
  const out = new Uint8Array(body.length + 3);
  out.set([0xef, 0xbb, 0xbf]);
  out.set(body, 3);
  return out;
}

/** Scores as exactly two decimals, as on the paper record. */
function formatNumber(value: number): string {
  return formatPoints(Math.round(value * 100));
}

/** A file name for an export: the session's name (without characters a file name cannot hold) and the date. */
export function exportFileName(base: string, extension: string, now: number, offsetMinutes: number): string {
  // eslint-disable-next-line no-control-regex -- control characters cannot be in a file name
  const clean = base.replace(/[/\\:*?"<>|\u0000-\u001f]/g, '_').slice(0, 80);
  return `${clean}-${formatTime(now, offsetMinutes).slice(0, 10)}.${extension}`;
}

/**
 * An .xlsx workbook with one sheet per table: a bold, frozen header row, columns sized to their
 * content, scores as numbers with two decimals. Loads exceljs on first use (it is large).
 */
export async function tableXlsx(tables: readonly ExportTable[]): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '考点 Kaodian';
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow(table.header).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row);
    sheet.columns.forEach((column, i) => {
      const widest = Math.max(
        ...[table.header[i] ?? '', ...table.rows.map((r) => r[i] ?? '')].map((cell) => displayWidth(String(cell))),
      );
      column.width = Math.min(40, Math.max(6, widest + 2));
      if (table.rows.some((r) => typeof r[i] === 'number')) column.numFmt = '0.00';
    });
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** Width in Excel's character units: a CJK character is about two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += char.codePointAt(0)! > 0x2e80 ? 2 : 1;
  return width;
}
