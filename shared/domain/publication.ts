/**
 * After the day (DESIGN.md §2): 成绩公示 and the 复核 window.
 *
 * - A closed session's results are published once, from a first day, for a number of working
 *   days (default 5), on a list that masks ID numbers (first 4 and last 4) and never shows a
 *   phone number.
 * - A candidate may ask for a review within the window: `reviewDays` working days (default 10)
 *   counted from the first day of publication. The group leader decides, the supervisor
 *   countersigns, and a changed result is in effect from the countersignature
 *   (scoring.ts, `reviewCorrections`). After the window nothing is recorded that changes a result.
 *
 * Working days are Monday to Friday: the public holidays and the weekend days worked in their
 * place are announced each year and not known here, so a site choosing the first day around a
 * holiday sets a longer period.
 */
import type { PublicationState, SiteState } from '../state/project';
import { formatTime } from '../ledger/ids';
import type { ExportTable } from './exports';
import { resultName, safeCell } from './exports';
import { formatPoints, sessionResults } from './scoring';
import { labelTerms } from './terms';

const dayMs = 24 * 60 * 60_000;

const isWorkingDay = (date: Date) => date.getUTCDay() !== 0 && date.getUTCDay() !== 6;

/** The last day of a period of `count` working days beginning on `from` (YYYY-MM-DD, on the next working day if it is not one). */
export function lastWorkingDay(from: string, count: number): string {
  let date = new Date(`${from}T00:00:00Z`);
  while (!isWorkingDay(date)) date = new Date(date.getTime() + dayMs);
  for (let left = count - 1; left > 0;) {
    date = new Date(date.getTime() + dayMs);
    if (isWorkingDay(date)) left -= 1;
  }
  return date.toISOString().slice(0, 10);
}

/** The publication period, first and last day. */
export function publicationPeriod(publication: Pick<PublicationState, 'from' | 'workingDays'>): {
  from: string;
  to: string;
} {
  return { from: publication.from, to: lastWorkingDay(publication.from, publication.workingDays) };
}

/** The last day a review may be asked for and decided. */
export function reviewDeadline(publication: Pick<PublicationState, 'from' | 'reviewDays'>): string {
  return lastWorkingDay(publication.from, publication.reviewDays);
}

/** The site's calendar day (China time) of a moment. */
export function siteDay(nowMs: number, offsetMinutes = 480): string {
  return formatTime(nowMs, offsetMinutes).slice(0, 10);
}

export type ReviewWindow = 'not_published' | 'before' | 'open' | 'closed';

/** Where a session stands for reviews on a day. */
export function reviewWindow(state: SiteState, session: string, day: string): ReviewWindow {
  const publication = state.publications[session];
  if (!publication) return 'not_published';
  if (day < publication.from) return 'before';
  return day <= reviewDeadline(publication) ? 'open' : 'closed';
}

/** 3710**********1624: the first 4 and last 4 characters, the rest hidden. */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length <= 8) return '*'.repeat(idNumber.length);
  return `${idNumber.slice(0, 4)}${'*'.repeat(idNumber.length - 8)}${idNumber.slice(-4)}`;
}

/** The 成绩公示 list: no phone numbers, ID numbers masked; the scores as the 成绩汇总表 has them. */
export function publicationTable(state: SiteState, session: string): ExportTable {
  const header = ['序号', '准考证号', '姓名', '证件号码', '成绩', '考核结果'];
  const rows = sessionResults(state, session).candidates.map((r, i) => {
    const c = state.candidates[r.candidate]!;
    return [
      i + 1,
      safeCell(c.ticket),
      safeCell(c.name),
      maskIdNumber(c.idNumber),
      r.final === undefined ? '' : Number(formatPoints(r.final)),
      resultName(r),
    ];
  });
  return { name: '成绩公示', header, rows };
}

/** What the list says of the period and of reviews, in the words printed above and below it. */
export function publicationNotice(publication: PublicationState): string {
  const { from, to } = publicationPeriod(publication);
  return `公示期：${from} 至 ${to}（${publication.workingDays} 个工作日）。对考核结果有异议的，可于 ${reviewDeadline(publication)} 前（含当日）向考点提出${labelTerms.review}申请。`;
}
