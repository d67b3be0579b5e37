/**
 * One source for the official wording: the screens (zh-CN), the printed records and the exports
 * say each term the same way, from shared/domain/terms.ts — the drift it ends (理论+实操 on screen
 * and 理论与实操 in print; 首考 on screen and 首次 in the export) cannot come back unnoticed.
 */
import { describe, expect, it } from 'vitest';
import { resultsTable, rosterTable } from '../shared/domain/exports';
import { recordTitles } from '../shared/domain/records';
import {
  attemptTerms,
  checkInTerms,
  flagTerms,
  labelTerms,
  methodTerms,
  misconductTerms,
  recordTerms,
} from '../shared/domain/terms';
import { zhCN } from '../renderer/i18n/zh-CN';
import { rosterTemplateHeaders } from '../shared/domain/roster';
import { scoredSession } from './support/printState';

describe('official wording', () => {
  it('the screens use the terms themselves', () => {
    expect(zhCN.specs.methods).toEqual(methodTerms);
    expect(zhCN.specs.methods.theory_practical).toBe('理论知识考试+技能操作考核');
    expect(zhCN.roster.attempts).toEqual(attemptTerms);
    expect(zhCN.checkin.states).toEqual(checkInTerms);
    expect(zhCN.checkin.states.late_refused).toBe('迟到不得入场');
    expect(zhCN.supervision.actions).toEqual(misconductTerms);
    expect(zhCN.results.flagNames).toEqual(flagTerms);
    expect(zhCN.specs.weight).toBe('考核比重');
    expect(zhCN.specs.step).toBe('最小给分单位');
    expect(zhCN.specs.code).toBe('考核规范编号');
    expect(zhCN.scoring.arbitration).toBe('组长复核');
    expect(zhCN.sessions.tabs.assignments).toBe('考评人员安排');
    expect(zhCN.setup.district).toBe('所属县（市、区）');
    expect(zhCN.records.kinds).toEqual(recordTitles);
    expect(recordTitles.checkin).toBe('考生签到表');
    expect(recordTitles.supervision).toBe('质量督导记录表');
    expect(rosterTemplateHeaders.attempt).toBe(labelTerms.attempt);
  });

  it('the exports use them too', () => {
    const { state, session } = scoredSession();
    const roster = rosterTable(state, session);
    expect(roster.header).toContain('新考/补考');
    expect(new Set(roster.rows.map((row) => row.at(-1)))).toEqual(new Set(['新考', '补考']));
    const results = resultsTable(state, [session], ['ticket', 'attempt', 'result']);
    expect(results.rows.map((row) => row[1]).every((cell) => cell === '新考' || cell === '补考')).toBe(true);
    expect(Object.values(recordTerms)).toContain('成绩公示表');
  });
});
