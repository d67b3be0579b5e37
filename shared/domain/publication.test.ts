import { describe, expect, it } from 'vitest';
import { closedDemoSession } from '../../test/support/closedSession';
import {
  lastWorkingDay,
  maskIdNumber,
  publicationNotice,
  publicationPeriod,
  publicationTable,
  reviewDeadline,
  reviewWindow,
} from './publication';
import { checkCommand } from './rules';
import { candidateResult, sessionResults } from './scoring';
import { resultsTable } from './exports';

/** Noon on a day, China time. */
const on = (day: string) => Date.parse(`${day}T12:00:00+08:00`);

describe('成绩公示', () => {
  it('counts working days Monday to Friday', () => {
    expect(lastWorkingDay('2026-12-03', 5)).toBe('2026-12-09'); // Thu → next Wed
    expect(lastWorkingDay('2026-12-05', 1)).toBe('2026-12-07'); // a Saturday start begins on Monday
    expect(lastWorkingDay('2026-12-03', 10)).toBe('2026-12-16');
  });

  it('masks the ID number (first 4, last 4) and never lists a phone number', () => {
    expect(maskIdNumber('371002199003071624')).toBe('3710**********1624');
    const { site, state, run } = closedDemoSession();
    run([{ actor: site.manager, type: 'results.published', body: { session: site.session, from: '2026-12-03' } }]);
    const table = publicationTable(state, site.session);
    expect(table.header).toEqual(['序号', '准考证号', '姓名', '证件号码', '成绩', '考核结果']);
    const mobiles = Object.values(state.candidates)
      .map((c) => c.mobile)
      .filter(Boolean);
    const ids = Object.values(state.candidates).map((c) => c.idNumber);
    const cells = table.rows.flat().map(String);
    expect(mobiles.length).toBeGreaterThan(0);
    for (const secret of [...mobiles, ...ids]) expect(cells).not.toContain(secret);
    expect(cells.filter((c) => /^\d{4}\*{10}[\dX]{4}$/.test(c))).toHaveLength(30);
    const publication = state.publications[site.session]!;
    expect(publication).toMatchObject({ workingDays: 5, reviewDays: 10 });
    expect(publicationPeriod(publication)).toEqual({ from: '2026-12-03', to: '2026-12-09' });
    expect(publicationNotice(publication)).toContain('2026-12-16 前');
  });

  it('publishes only a closed session, once, by the site manager', () => {
    const { site, state, run } = closedDemoSession();
    const publish = {
      actor: site.manager,
      type: 'results.published',
      body: { session: site.session, from: '2026-12-03' },
    };
    expect(checkCommand(state, { ...publish, actor: site.examiners[0]! })).toMatchObject({ code: 'not_manager' });
    run([publish]);
    expect(checkCommand(state, publish)).toMatchObject({ code: 'already_published' });
  });
});

describe('复核', () => {
  it('a request in the window, the leader’s decision and the supervisor’s countersignature change the result', () => {
    const { site, state, run, chain } = closedDemoSession();
    const failed = sessionResults(state, site.session).candidates.find((r) => r.status === 'scored' && !r.pass);
    const candidate =
      failed?.candidate ?? sessionResults(state, site.session).candidates.find((r) => r.status === 'scored')!.candidate;
    const before = candidateResult(state, site.session, candidate);
    const request = {
      actor: site.manager,
      type: 'review.requested',
      body: { session: site.session, candidate, requestedBy: '考生本人', about: '认为“造型”一项评分偏低' },
    };
    // Not before publication, not before its first day, not after the window.
    expect(checkCommand(state, request, { nowMs: on('2026-12-04') })).toMatchObject({ code: 'not_published' });
    run([{ actor: site.manager, type: 'results.published', body: { session: site.session, from: '2026-12-03' } }]);
    expect(reviewWindow(state, site.session, '2026-12-02')).toBe('before');
    expect(checkCommand(state, request, { nowMs: on('2026-12-02') })).toMatchObject({ code: 'review_not_yet' });
    expect(checkCommand(state, request, { nowMs: on('2026-12-17') })).toMatchObject({
      code: 'review_window_closed',
      params: { deadline: '2026-12-16' },
    });
    run([request], { nowMs: on('2026-12-07') });
    const requestId = chain.events.at(-1)!.id;
    expect(state.reviews[requestId]).toMatchObject({ requestedBy: '考生本人', candidate });

    // Every item at full marks for one task: the leader's decision.
    const items = { 'T2-1': 15, 'T2-2': 10 };
    const decide = {
      actor: site.examiners[0]!,
      type: 'review.decided',
      body: { request: requestId, outcome: 'changed', items, reason: '复看作品照片，造型要素评分偏低，予以更正' },
    };
    expect(checkCommand(state, { ...decide, actor: site.examiners[1]! })).toMatchObject({ code: 'not_group_leader' });
    expect(checkCommand(state, { ...decide, body: { ...decide.body, items: {} } })).toMatchObject({
      code: 'review_items_missing',
    });
    const countersign = { actor: site.supervisor, type: 'review.countersigned', body: { request: requestId } };
    expect(checkCommand(state, countersign)).toMatchObject({ code: 'review_not_decided' });
    run([decide], { nowMs: on('2026-12-08') });
    // Not in effect until the supervisor countersigns.
    expect(candidateResult(state, site.session, candidate).final).toBe(before.final);
    run([countersign], { nowMs: on('2026-12-08') });
    const after = candidateResult(state, site.session, candidate);
    expect(after.final).toBeGreaterThan(before.final!);
    expect(after.flags).toContain('reviewed');
    // Exports show it as the results screen does (the authority folds the same events).
    const row = resultsTable(state, [site.session], ['ticket', 'final', 'flags']).rows.find(
      (r) => r[0] === state.candidates[candidate]!.ticket,
    )!;
    expect(row[1]).toBe(after.final! / 100);
    expect(row[2]).toContain('复核更改');
    // After the window nothing changes a result.
    expect(checkCommand(state, request, { nowMs: on('2026-12-17') })).toMatchObject({ code: 'review_window_closed' });
    expect(reviewDeadline(state.publications[site.session]!)).toBe('2026-12-16');
  });
});
