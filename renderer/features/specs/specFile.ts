/**
 * Specification files in and out: JSON (the `spec` body of FORMATS/docs) and Excel (two sheets,
 * 规范信息 with one field per row and 评分要素 with one score item per row). Reading returns the
 * parsed specification or the reasons it was refused.
 */
import { WireError } from '../../../shared/ledger/errors';
import type { z } from 'zod';
import { labelTerms, methodTerms, partTerms } from '../../../shared/domain/terms';
import {
  assessmentMethods,
  aggregationRules,
  specParts,
  specificationSchema,
  type Specification,
} from '../../../shared/domain/events';
import { parseStrictJson } from '../../../shared/ledger/strictJson';

export type SpecReadResult = { ok: true; spec: Specification } | { ok: false; reasons: SpecReason[] };
export const specProblems = [
  'missing',
  'not_number',
  'wrong_type',
  'out_of_range',
  'not_allowed',
  'unknown_field',
  'weights_sum',
  'must_be_odd',
  'ids_repeat',
  'parts_missing',
  'theory_not_in_method',
  'unreadable',
  'sheets_missing',
  'invalid',
] as const;
export type SpecProblem = (typeof specProblems)[number];

/** Why a specification file was refused: where (the schema's path) and what, for the screen to put into words. */
export interface SpecReason {
  path: (string | number)[];
  problem: SpecProblem;
  params?: Record<string, string | number>;
}

/** The value a path names inside what was read (zod's issues do not carry the input). */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (value, key) =>
      value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined,
    root,
  );
}

function problemOf(issue: z.core.$ZodIssue, root: unknown): Pick<SpecReason, 'problem' | 'params'> {
  if (issue.code === 'custom') {
    const code = issue.message as SpecProblem;
    const params = (issue as { params?: Record<string, string | number> }).params;
    return specProblems.includes(code) ? { problem: code, ...(params ? { params } : {}) } : { problem: 'invalid' };
  }
  if (issue.code === 'invalid_type') {
    const input = valueAt(root, issue.path);
    return input === undefined || input === ''
      ? { problem: 'missing' }
      : { problem: issue.expected === 'number' ? 'not_number' : 'wrong_type' };
  }
  if (issue.code === 'too_small' || issue.code === 'too_big') return { problem: 'out_of_range' };
  if (issue.code === 'invalid_value') return { problem: 'not_allowed' };
  if (issue.code === 'unrecognized_keys') return { problem: 'unknown_field', params: { keys: issue.keys.join('、') } };
  return { problem: 'invalid' };
}

const infoSheet = '规范信息';
const itemsSheet = '评分要素';
const infoRows: [keyof Specification, string][] = [
  ['code', labelTerms.specCode],
  ['name', '项目名称'],
  ['version', '版本'],
  ['method', '考核方式'],
  ['durationMinutes', '考核时长（分钟）'],
  ['minExaminers', '最少考评员'],
  ['passMark', '合格线'],
  ['aggregation', '成绩计算'],
  ['discrepancyPercent', '评分差异阈值（%）'],
  ['requirements', '场地与设备要求'],
];
/** The official words (shared/domain/terms.ts) first, then the ones files written earlier use. */
const methodWords: Record<string, (typeof assessmentMethods)[number]> = {
  ...Object.fromEntries(assessmentMethods.map((method) => [methodTerms[method], method])),
  实际操作: 'practical',
  计算机模拟: 'computer_simulation',
  '理论+实操': 'theory_practical',
  理论与实操: 'theory_practical',
};
const partWords: Record<string, (typeof specParts)[number]> = {
  ...Object.fromEntries(specParts.map((part) => [partTerms[part], part])),
  理论: 'theory',
  实操: 'practical',
};
const aggregationWords: Record<string, (typeof aggregationRules)[number]> = {
  算术平均: 'mean',
  中位数: 'median',
  去掉最高最低后平均: 'trimmed_mean',
};
const itemHeaders = [
  '任务编号',
  '工作任务',
  labelTerms.weight,
  '要素编号',
  '考核内容',
  '配分',
  labelTerms.step,
  '评分标准',
  '考核部分',
];

function judge(value: unknown, zodIssues: (error: z.ZodError, value: unknown) => SpecReason[]): SpecReadResult {
  const result = specificationSchema.safeParse(value);
  return result.success ? { ok: true, spec: result.data } : { ok: false, reasons: zodIssues(result.error, value) };
}

const issuesOf = (error: z.ZodError, value: unknown): SpecReason[] =>
  error.issues.map((issue) => ({ path: issue.path as (string | number)[], ...problemOf(issue, value) }));

export function readSpecJson(bytes: Uint8Array): SpecReadResult {
  let value: unknown;
  try {
    value = parseStrictJson(bytes);
  } catch (error) {
    // The strict parser's code (forbidden_key, duplicate_key, bad_json): the screen says it in words.
    const code = error instanceof WireError ? error.code : 'bad_json';
    return { ok: false, reasons: [{ path: [], problem: 'unreadable', params: { code } }] };
  }
  // Either a bare specification or a spec.defined body.
  const candidate = value && typeof value === 'object' && 'spec' in value ? (value as { spec: unknown }).spec : value;
  return judge(candidate, issuesOf);
}

type Cell =
  | string
  | number
  | boolean
  | Date
  | null
  | undefined
  | { result?: unknown; text?: string; richText?: { text: string }[] };

function cellText(value: unknown): string {
  const cell = value as Cell;
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'object' && !(cell instanceof Date)) {
    if ('richText' in cell && cell.richText) return cell.richText.map((r) => r.text).join('');
    if ('text' in cell && typeof cell.text === 'string') return cell.text;
    if ('result' in cell) return String(cell.result ?? '');
  }
  return String(cell).trim();
}

export async function readSpecXlsx(bytes: Uint8Array): Promise<SpecReadResult> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch {
    return { ok: false, reasons: [{ path: [], problem: 'unreadable' }] };
  }
  const info = workbook.getWorksheet(infoSheet);
  const items = workbook.getWorksheet(itemsSheet);
  if (!info || !items)
    return {
      ok: false,
      reasons: [{ path: [], problem: 'sheets_missing', params: { info: infoSheet, items: itemsSheet } }],
    };

  const spec: Record<string, unknown> = {};
  info.eachRow((row) => {
    const label = cellText(row.getCell(1).value);
    const value = cellText(row.getCell(2).value);
    // 规范代码 is the label files written before the official wording used.
    const field = infoRows.find(([, name]) => name === (label === '规范代码' ? labelTerms.specCode : label))?.[0];
    if (!field) return;
    if (['durationMinutes', 'minExaminers', 'passMark', 'discrepancyPercent'].includes(field))
      spec[field] = value === '' ? undefined : Number(value);
    else if (field === 'method') spec[field] = methodWords[value] ?? value;
    else if (field === 'aggregation') spec[field] = aggregationWords[value] ?? value;
    else spec[field] = value;
  });

  const tasks: { id: string; name: string; weight: number; part?: string; items: Record<string, unknown>[] }[] = [];
  items.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const cells = itemHeaders.map((_, i) => cellText(row.getCell(i + 1).value));
    if (cells.every((c) => c === '')) return;
    const [taskId, taskName, weight, itemId, content, maxPoints, step, criteria, part] = cells as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    let task = tasks.find((t) => t.id === taskId);
    if (!task)
      tasks.push(
        (task = {
          id: taskId,
          name: taskName,
          weight: Number(weight),
          ...(part ? { part: partWords[part] ?? part } : {}),
          items: [],
        }),
      );
    task.items.push({
      id: itemId,
      content,
      maxPoints: Number(maxPoints),
      step: step === '' ? undefined : Number(step),
      criteria,
    });
  });
  spec.tasks = tasks;
  return judge(spec, issuesOf);
}

export async function writeSpecXlsx(spec: Specification): Promise<Uint8Array<ArrayBuffer>> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const info = workbook.addWorksheet(infoSheet);
  info.columns = [{ width: 22 }, { width: 80 }];
  const methodWord = Object.entries(methodWords).find(([, v]) => v === spec.method)?.[0] ?? spec.method;
  const aggregationWord =
    Object.entries(aggregationWords).find(([, v]) => v === spec.aggregation)?.[0] ?? spec.aggregation;
  for (const [field, label] of infoRows) {
    const value = field === 'method' ? methodWord : field === 'aggregation' ? aggregationWord : spec[field];
    info.addRow([label, typeof value === 'object' ? '' : value]);
  }
  const items = workbook.addWorksheet(itemsSheet);
  items.columns = [8, 20, 8, 10, 24, 6, 12, 70, 14].map((width) => ({ width }));
  items.addRow(itemHeaders).font = { bold: true };
  for (const task of spec.tasks)
    for (const item of task.items)
      items.addRow([
        task.id,
        task.name,
        task.weight,
        item.id,
        item.content,
        item.maxPoints,
        item.step,
        item.criteria,
        partTerms[task.part ?? 'practical'],
      ]);
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}
