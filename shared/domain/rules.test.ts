import { describe, expect, it } from 'vitest';
import { extendChain, newChain } from '../../test/support/chains';
import type { EventDraft } from '../ledger/append';
import { uuidV4 } from '../ledger/ids';
import { applyIncrementally, project, type SiteState } from '../state/project';
import { demoSite } from './demoSite';
import { checkCommand } from './rules';
import { recusedPairs, staffingProblems } from './assignment';
import { candidateResult, completeness, requiredSheets, specOfSession } from './scoring';
import { allocateByWorkstation, allocateEvenly, examinerGroups, workstationNumbers } from './groups';

/** Runs drafts through the rules and the fold, as the app does; returns the state. */
function run(
  drafts: EventDraft[],
  state: SiteState = project([]),
  chain = newChain(),
): { state: SiteState; chain: ReturnType<typeof newChain> } {
  for (const draft of drafts) {
    const problem = checkCommand(state, draft);
    if (problem) throw new Error(`${draft.type}: ${problem.code}`);
    applyIncrementally(state, extendChain(chain, [draft]));
  }
  return { state, chain };
}

const site = demoSite(11);
const setUp = () => run(site.setup);

describe('role rules in the domain layer', () => {
  it('let the demo site through, step by step', () => {
    const { state, chain } = setUp();
    run([...site.scoring, ...site.supervision('b'.repeat(64))], state, chain);
    expect(Object.keys(state.sheets)).toHaveLength(28 * 3);
  });

  it('an examiner cannot score a candidate of a session they are not assigned to', () => {
    const { state, chain } = setUp();
    const outsider = uuidV4();
    run(
      [
        {
          actor: site.manager,
          type: 'person.registered',
          body: { person: outsider, name: '孙立新', role: 'examiner' },
        },
      ],
      state,
      chain,
    );
    const candidate = site.candidates[0]!.id;
    expect(
      checkCommand(state, {
        actor: outsider,
        type: 'score.submitted',
        body: { session: site.session, candidate, examiner: outsider, items: {} },
      }),
    ).toEqual({ code: 'not_assigned' });
  });

  it('an amendment needs a reason (and the group leader): without one it is refused', () => {
    const { state, chain } = setUp();
    run(site.scoring.slice(0, 1), state, chain);
    const sheet = Object.values(state.sheets)[0]!;
    const leader = site.examiners[0]!;
    const amend = (reason: string) => ({
      actor: sheet.examiner,
      type: 'score.amended',
      body: { amends: sheet.id, reason, confirmedBy: leader, items: { 'T1-1': 1 } },
    });
    expect(checkCommand(state, amend(''))?.code).toBe('bad_body');
    expect(checkCommand(state, amend('   '))?.code).toBe('bad_body');
    expect(checkCommand(state, amend('复核：误记为 4 分，实为 1 分'))).toBeUndefined();
  });

  it('a note cannot be changed: there is no command for it, and a forged "note.updated" is refused', () => {
    const { state, chain } = setUp();
    run(site.supervision('b'.repeat(64)), state, chain);
    const note = Object.values(state.notes)[0]!;
    expect(
      checkCommand(state, {
        actor: site.supervisor,
        type: 'note.updated',
        body: { note: note.event, text: '改写后的记录' },
      })?.code,
    ).toBe('unknown_type');
    // A note is followed up by a new note that names it; the first stays as written.
    run(
      [
        {
          actor: site.supervisor,
          type: 'note.logged',
          body: {
            session: site.session,
            category: note.category,
            severity: 'info',
            text: '补充：已复查',
            follows: note.event,
          },
        },
      ],
      state,
      chain,
    );
    expect(state.notes[note.event]!.text).toBe(note.text);
  });

  it('an examiner cannot submit for someone else, and a supervisor cannot score', () => {
    const { state } = setUp();
    const candidate = site.candidates[0]!.id;
    const [a, b] = site.examiners;
    expect(
      checkCommand(state, {
        actor: a!,
        type: 'score.submitted',
        body: { session: site.session, candidate, examiner: b!, items: {} },
      })?.code,
    ).toBe('not_examiner');
    expect(
      checkCommand(state, {
        actor: site.supervisor,
        type: 'score.submitted',
        body: { session: site.session, candidate, examiner: site.supervisor, items: {} },
      })?.code,
    ).toBe('not_examiner');
  });

  it('only the manager changes the roster', () => {
    const { state } = setUp();
    const body = {
      candidate: uuidV4(),
      session: site.session,
      ticket: 'ZK999',
      name: '新考生',
      idType: 'resident_id',
      idNumber: '11010519491231002X',
      sex: 'female',
    };
    expect(checkCommand(state, { actor: site.examiners[0]!, type: 'candidate.registered', body })?.code).toBe(
      'not_manager',
    );
    expect(checkCommand(state, { actor: site.supervisor, type: 'candidate.registered', body })?.code).toBe(
      'not_manager',
    );
    expect(checkCommand(state, { actor: site.manager, type: 'candidate.registered', body })).toBeUndefined();
    expect(
      checkCommand(state, {
        actor: site.manager,
        type: 'candidate.registered',
        body: { ...body, idNumber: site.candidates[0]!.idNumber },
      })?.code,
    ).toBe('duplicate_candidate');
  });

  it('admitting a candidate records how identity was checked; without a matching ID it needs a reason', () => {
    const { state } = setUp();
    const absent = Object.values(state.checkIns).find((c) => c.state === 'absent')!.candidate;
    const admit = (body: object): EventDraft => ({
      actor: site.manager,
      type: 'candidate.checked_in',
      body: {
        session: site.session,
        candidate: absent,
        state: 'present',
        pledge: true,
        changeReason: '误记为缺考',
        ...body,
      },
    });
    expect(checkCommand(state, admit({}))).toEqual({ code: 'identity_unrecorded' });
    // The honesty pledge is a rule too, not only a disabled button.
    expect(checkCommand(state, admit({ identity: 'id_matched', pledge: false }))).toMatchObject({
      code: 'pledge_missing',
    });
    expect(checkCommand(state, admit({ identity: 'id_matched' }))).toBeUndefined();
    for (const identity of ['id_mismatched', 'not_checked'])
      expect(checkCommand(state, admit({ identity, identityReason: '  ' }))?.code).toBe('identity_reason_missing');
    expect(
      checkCommand(state, admit({ identity: 'id_mismatched', identityReason: '身份证换发，新号码已核实' })),
    ).toBeUndefined();
    // Refusing entry, or marking an impersonation, needs no such reason.
    expect(
      checkCommand(state, {
        ...admit({ identity: 'id_mismatched' }),
        body: {
          session: site.session,
          candidate: absent,
          state: 'substituted',
          identity: 'id_mismatched',
          changeReason: '发现替考',
        },
      }),
    ).toBeUndefined();
  });

  it('late is judged against the session start: refused only after 15 minutes, admitted after it with a reason', () => {
    const { state } = setUp();
    const absent = Object.values(state.checkIns).find((c) => c.state === 'absent')!.candidate;
    const start = Date.parse(state.sessions[site.session]!.startsAt);
    const minute = 60_000;
    const checkIn = (body: object): EventDraft => ({
      actor: site.manager,
      type: 'candidate.checked_in',
      body: { session: site.session, candidate: absent, changeReason: '考生到场', ...body },
    });
    const refuse = checkIn({ state: 'late_refused' });
    const admit = checkIn({ state: 'present', pledge: true, identity: 'id_matched' });
    expect(checkCommand(state, refuse, { nowMs: start + 14 * minute })).toMatchObject({
      code: 'not_late_yet',
      params: { start: '09:00', minutes: 15 },
    });
    expect(checkCommand(state, refuse, { nowMs: start + 16 * minute })).toBeUndefined();
    expect(checkCommand(state, admit, { nowMs: start + 10 * minute })).toBeUndefined();
    expect(checkCommand(state, admit, { nowMs: start + 16 * minute })).toMatchObject({ code: 'late_reason_missing' });
    expect(
      checkCommand(
        state,
        { ...admit, body: { ...admit.body, lateReason: '8:55 已到场，补录签到' } },
        { nowMs: start + 16 * minute },
      ),
    ).toBeUndefined();
    // Without a clock (a fold, a replay) nothing is judged by time.
    expect(checkCommand(state, refuse)).toBeUndefined();
  });

  it('changing a check-in state needs a reason, and the earlier state stays in the record', () => {
    const { state, chain } = setUp();
    const absent = Object.values(state.checkIns).find((c) => c.state === 'absent')!.candidate;
    const admit = (changeReason?: string): EventDraft => ({
      actor: site.manager,
      type: 'candidate.checked_in',
      body: {
        session: site.session,
        candidate: absent,
        state: 'present',
        pledge: true,
        identity: 'id_matched',
        ...(changeReason ? { changeReason } : {}),
      },
    });
    expect(checkCommand(state, admit())).toMatchObject({ code: 'change_reason_missing' });
    run([admit('考生开考前 5 分钟到达，误记为缺考')], state, chain);
    const now = state.checkIns[`${site.session}/${absent}`]!;
    expect(now).toMatchObject({ state: 'present', changeReason: '考生开考前 5 分钟到达，误记为缺考' });
    expect(now.earlier?.map((e) => e.state)).toEqual(['absent']);
  });

  it('no sheet for an absent candidate, and no second sheet', () => {
    const { state, chain } = setUp();
    const absent = Object.values(state.checkIns).find((c) => c.state === 'absent')!.candidate;
    const [a] = site.examiners;
    expect(
      checkCommand(state, {
        actor: a!,
        type: 'score.submitted',
        body: { session: site.session, candidate: absent, examiner: a!, items: {} },
      })?.code,
    ).toBe('candidate_not_present');
    const first = site.scoring[0]!;
    run([first], state, chain);
    expect(checkCommand(state, first)?.code).toBe('already_submitted');
  });

  it('refuses an examiner from a candidate’s training unit or employer, or with a declared relationship', () => {
    const { state, chain } = setUp();
    const [sameUnit, sameEmployer, related] = [uuidV4(), uuidV4(), uuidV4()];
    const c0 = site.candidates[0]!;
    const unit = state.candidates[c0.id]!.trainingUnit;
    run(
      [
        {
          actor: site.manager,
          type: 'person.registered',
          body: { person: sameUnit, name: '甲', role: 'examiner', trainingUnit: unit },
        },
        {
          actor: site.manager,
          type: 'person.registered',
          body: { person: sameEmployer, name: '乙', role: 'examiner', employer: '' },
        },
        { actor: site.manager, type: 'person.registered', body: { person: related, name: '丙', role: 'examiner' } },
        {
          actor: site.manager,
          type: 'conflict.declared',
          body: { person: related, candidate: c0.id, relation: 'relative' },
        },
      ],
      state,
      chain,
    );
    const assign = (person: string): EventDraft => ({
      actor: site.manager,
      type: 'assignment.made',
      body: { session: site.session, person, role: 'examiner', group: 'A' },
    });
    // Recusal is per pair: the assignment stands and the pair is listed, with the reason.
    run([assign(sameUnit), assign(related), assign(sameEmployer)], state, chain);
    const pairs = recusedPairs(state, site.session);
    expect(pairs.filter((p) => p.person === related)).toEqual([
      { person: related, candidate: c0.id, candidateName: c0.name, reason: 'declared' },
    ]);
    expect(pairs.some((p) => p.person === sameUnit && p.candidate === c0.id && p.reason === 'training_unit')).toBe(
      true,
    );
    // An empty employer is not a shared employer.
    expect(pairs.some((p) => p.person === sameEmployer)).toBe(false);
    // The recused examiner cannot score that candidate, and still scores the others.
    const submit = (examiner: string, candidate: string): EventDraft => ({
      actor: examiner,
      type: 'score.submitted',
      body: { session: site.session, candidate, examiner, items: site.scoring[0]!.body.items as object },
    });
    expect(checkCommand(state, submit(related, c0.id))).toMatchObject({ code: 'recusal' });
    const other = site.candidates.find(
      (c) => c.id !== c0.id && state.checkIns[`${site.session}/${c.id}`]?.state === 'present',
    )!;
    expect(checkCommand(state, submit(related, other.id))).toBeUndefined();
  });

  it('recusal covers supervisors: a conflict with any candidate keeps the session shut and the record unconfirmed', () => {
    const unopened = run(site.setup.filter((d) => d.type !== 'session.opened' && d.type !== 'candidate.checked_in'));
    const c0 = site.candidates[0]!;
    const declare: EventDraft = {
      actor: site.manager,
      type: 'conflict.declared',
      body: { person: site.supervisor, candidate: c0.id, relation: 'teacher_student' },
    };
    run([declare], unopened.state, unopened.chain);
    expect(staffingProblems(unopened.state, site.session).find((p) => p.code === 'supervisor_recused')).toMatchObject({
      severity: 'error',
      params: { supervisor: '赵淑芳', candidates: c0.name, count: 1, reason: 'declared' },
    });
    expect(
      checkCommand(unopened.state, {
        actor: site.manager,
        type: 'session.opened',
        body: { session: site.session, clockConfirmed: true },
      }),
    ).toMatchObject({ code: 'staffing', params: { problem: 'supervisor_recused' } });

    // In an open session, a conflict declared later: the supervisor neither records nor confirms for that candidate.
    const { state, chain } = setUp();
    const present = site.candidates.find((c) => state.checkIns[`${site.session}/${c.id}`]?.state === 'present')!;
    const leader = site.examiners[0]!;
    run(
      [
        { ...declare, body: { ...declare.body, candidate: present.id } },
        {
          actor: leader,
          type: 'misconduct.recorded',
          body: { session: site.session, candidate: present.id, action: 'caution', reason: '交头接耳' },
        },
      ],
      state,
      chain,
    );
    const [record] = Object.entries(state.misconduct).find(([, m]) => m.candidate === present.id)!;
    expect(
      checkCommand(state, { actor: site.supervisor, type: 'misconduct.confirmed', body: { misconduct: record } }),
    ).toMatchObject({ code: 'recusal' });
    expect(
      checkCommand(state, {
        actor: site.supervisor,
        type: 'misconduct.recorded',
        body: { session: site.session, candidate: present.id, action: 'warning', reason: '再次交头接耳' },
      }),
    ).toMatchObject({ code: 'recusal' });
  });

  it('a recused pair leaves the candidate to the other examiners; too few left blocks opening', () => {
    const { state, chain } = run(
      site.setup.filter((d) => d.type !== 'session.opened' && d.type !== 'candidate.checked_in'),
    );
    const c0 = site.candidates[0]!;
    const [, second] = site.examiners;
    run(
      [
        {
          actor: site.manager,
          type: 'conflict.declared',
          body: { person: second!, candidate: c0.id, relation: 'relative' },
        },
      ],
      state,
      chain,
    );
    // Three examiners, one recused from c0: two left, fewer than the minimum of three.
    const short = staffingProblems(state, site.session).find((p) => p.code === 'recusal_short');
    expect(short).toMatchObject({ severity: 'error', params: { candidate: c0.name, left: 2, min: 3 } });
    const open: EventDraft = {
      actor: site.manager,
      type: 'session.opened',
      body: { session: site.session, clockConfirmed: true },
    };
    expect(checkCommand(state, open)).toMatchObject({ code: 'staffing', params: { problem: 'recusal_short' } });
    // Two more examiners (five, odd): c0 is scored by four, everyone else by five.
    const [d, e] = [uuidV4(), uuidV4()];
    run(
      [d, e].flatMap((person, i): EventDraft[] => [
        { actor: site.manager, type: 'person.registered', body: { person, name: `考评员${i}`, role: 'examiner' } },
        {
          actor: site.manager,
          type: 'assignment.made',
          body: { session: site.session, person, role: 'examiner', group: 'A' },
        },
      ]),
      state,
      chain,
    );
    expect(staffingProblems(state, site.session).filter((p) => p.severity === 'error')).toEqual([]);
    run([open], state, chain);
    const spec = specOfSession(state, site.session)!;
    const examiners = examinerGroups(state, site.session).get('A')!;
    expect(requiredSheets(state, spec, state.candidates[c0.id]!, examiners)).toBe(4);
    expect(requiredSheets(state, spec, state.candidates[site.candidates[1]!.id]!, examiners)).toBe(5);
  });

  it('a session opens only with an odd group of at least the minimum and one leader', () => {
    const session = uuidV4();
    const drafts = site.setup.filter((d) => ['spec.defined', 'person.registered'].includes(d.type));
    const { state, chain } = run(drafts);
    run(
      [
        {
          actor: site.manager,
          type: 'session.created',
          body: {
            session,
            spec: 'SD-JDHBB-001',
            specVersion: '2026.1',
            name: '第二场',
            startsAt: '2026-11-27T09:00:00.000+08:00',
            plannedCandidates: 10,
          },
        },
      ],
      state,
      chain,
    );
    const open = { actor: site.manager, type: 'session.opened', body: { session, clockConfirmed: true } };
    // No examiner yet: said as such (it once read "考评组 - 只有 0 名考评员").
    expect(checkCommand(state, open)).toMatchObject({ code: 'staffing', params: { problem: 'no_examiners', min: 3 } });
    const assign = (person: string, leader = false) => ({
      actor: site.manager,
      type: 'assignment.made',
      body: { session, person, role: 'examiner', group: 'A', leader },
    });
    run([assign(site.examiners[0]!), assign(site.examiners[1]!)], state, chain);
    expect(checkCommand(state, open)).toMatchObject({ code: 'staffing', params: { problem: 'too_few_examiners' } });
    run([assign(site.examiners[2]!)], state, chain);
    expect(checkCommand(state, open)).toMatchObject({ code: 'staffing', params: { problem: 'no_group_leader' } });
    run([{ ...assign(site.examiners[0]!, true) }], state, chain);
    expect(checkCommand(state, open)).toBeUndefined();
    expect(staffingProblems(state, session).map((p) => p.code)).toEqual(['no_supervisor']);
    // A supervisor cannot also be an examiner of the session.
    expect(
      checkCommand(state, {
        actor: site.manager,
        type: 'assignment.made',
        body: { session, person: site.examiners[1]!, role: 'supervisor' },
      })?.code,
    ).toBe('not_supervisor');
  });

  it('only the first manager may register themself; after that only managers register people', () => {
    const state = project([]);
    const me = uuidV4();
    expect(
      checkCommand(state, {
        actor: 'device',
        type: 'person.registered',
        body: { person: me, name: '刘', role: 'manager' },
      })?.code,
    ).toBe('not_manager');
    expect(
      checkCommand(state, { actor: me, type: 'person.registered', body: { person: me, name: '刘', role: 'examiner' } })
        ?.code,
    ).toBe('not_manager');
    expect(
      checkCommand(state, { actor: me, type: 'person.registered', body: { person: me, name: '刘', role: 'manager' } }),
    ).toBeUndefined();
  });
});

describe('PIN resets (who set whose PIN, never the PIN)', () => {
  const closing = (): EventDraft[] => [
    { actor: site.manager, type: 'session.countersigned', body: { session: site.session, role: 'manager' } },
    { actor: site.supervisor, type: 'session.countersigned', body: { session: site.session, role: 'supervisor' } },
  ];
  const close: EventDraft = { actor: site.manager, type: 'session.closed', body: { session: site.session } };

  it('only a manager resets a PIN, of a person the site knows; the reset is in the state', () => {
    const { state, chain } = setUp();
    const reset = (actor: string, person: string): EventDraft => ({ actor, type: 'pin.reset', body: { person } });
    expect(checkCommand(state, reset(site.examiners[0]!, site.supervisor))).toEqual({ code: 'not_manager' });
    expect(checkCommand(state, reset(site.manager, uuidV4()))).toEqual({ code: 'unknown_person' });
    run([reset(site.manager, site.supervisor)], state, chain);
    expect(Object.values(state.pinResets)).toEqual([
      expect.objectContaining({ person: site.supervisor, by: site.manager }),
    ]);
  });

  it('a closure countersigned by a supervisor whose PIN the countersigning manager reset that day is refused', () => {
    const { state, chain } = setUp();
    run([...site.scoring, ...site.supervision('b'.repeat(64))], state, chain);
    run([{ actor: site.manager, type: 'pin.reset', body: { person: site.supervisor } }, ...closing()], state, chain);
    const refused = checkCommand(state, close);
    expect(refused?.code).toBe('pin_reset_by_closer');
    expect(refused?.params).toMatchObject({ supervisor: state.people[site.supervisor]!.name });
  });

  it('without such a reset the same closure goes through', () => {
    const { state, chain } = setUp();
    run([...site.scoring, ...site.supervision('b'.repeat(64)), ...closing(), close], state, chain);
    expect(state.sessions[site.session]!.status).toBe('closed');
  });
});

describe('corrections are events with a reason', () => {
  it('a person’s particulars are corrected and a person is deactivated; they then sign nothing', () => {
    const { state, chain } = setUp();
    const [, second] = site.examiners;
    const correct: EventDraft = {
      actor: site.manager,
      type: 'person.updated',
      body: {
        person: second!,
        name: '李秀兰',
        trainingUnit: '',
        employer: '威海市第二职业中专',
        reason: '工作单位登记错误',
      },
    };
    expect(checkCommand(state, { ...correct, actor: second! })?.code).toBe('not_manager');
    expect(checkCommand(state, { ...correct, body: { ...correct.body, reason: ' ' } })?.code).toBe('bad_body');
    run([correct], state, chain);
    expect(state.people[second!]).toMatchObject({ employer: '威海市第二职业中专', role: 'examiner' });
    expect(state.people[second!]!.corrections).toEqual([
      expect.objectContaining({
        reason: '工作单位登记错误',
        before: expect.objectContaining({ employer: '威海市职业技能鉴定指导中心' }),
      }),
    ]);

    const deactivate: EventDraft = {
      actor: site.manager,
      type: 'person.deactivated',
      body: { person: second!, reason: '调离本考点' },
    };
    // Still assigned to the open session: revoke first.
    expect(checkCommand(state, deactivate)).toMatchObject({ code: 'person_assigned' });
    expect(checkCommand(state, { ...deactivate, body: { person: site.manager, reason: '离职' } })?.code).toBe(
      'not_yourself',
    );
    run(
      [
        {
          actor: site.manager,
          type: 'assignment.revoked',
          body: { session: site.session, person: second!, reason: '调离本考点' },
        },
        deactivate,
      ],
      state,
      chain,
    );
    expect(state.people[second!]!.deactivated).toMatchObject({ reason: '调离本考点', by: site.manager });
    const present = Object.values(state.checkIns).find((c) => c.state === 'present')!.candidate;
    expect(
      checkCommand(state, {
        actor: second!,
        type: 'conflict.declared',
        body: { person: second!, candidate: present, relation: 'relative' },
      }),
    ).toMatchObject({ code: 'person_inactive' });
    expect(
      checkCommand(state, {
        actor: site.manager,
        type: 'assignment.made',
        body: { session: site.session, person: second!, role: 'examiner' },
      }),
    ).toMatchObject({ code: 'person_inactive' });
  });

  it('a candidate is withdrawn only before check-in; the ticket and ID number are free again', () => {
    const { state, chain } = run(site.setup.filter((d) => d.type !== 'candidate.checked_in'));
    const c0 = state.candidates[site.candidates[0]!.id]!;
    const withdraw = (candidate: string): EventDraft => ({
      actor: site.manager,
      type: 'candidate.withdrawn',
      body: { candidate, reason: '考生本人申请改考下一期' },
    });
    run([withdraw(c0.candidate)], state, chain);
    expect(state.candidates[c0.candidate]).toBeUndefined();
    expect(state.withdrawnCandidates[c0.candidate]!.withdrawn.reason).toBe('考生本人申请改考下一期');
    const again: EventDraft = {
      actor: site.manager,
      type: 'candidate.registered',
      body: { ...c0, candidate: uuidV4(), name: '罗红智' },
    };
    expect(checkCommand(state, again)).toBeUndefined();
    const c1 = site.candidates[1]!.id;
    run(
      [
        {
          actor: site.manager,
          type: 'candidate.checked_in',
          body: { session: site.session, candidate: c1, state: 'absent' },
        },
      ],
      state,
      chain,
    );
    expect(checkCommand(state, withdraw(c1))).toMatchObject({ code: 'candidate_checked_in' });
  });

  it('a specification no session uses is withdrawn, and its corrected file defined again', () => {
    const { state, chain } = setUp();
    const spec = state.specs[`${state.sessions[site.session]!.spec}@${state.sessions[site.session]!.specVersion}`]!;
    const withdraw = (code: string): EventDraft => ({
      actor: site.manager,
      type: 'spec.withdrawn',
      body: { code, version: spec.version, reason: '配分合计有误' },
    });
    expect(checkCommand(state, withdraw(spec.code))).toMatchObject({ code: 'spec_in_use' });
    const { definedBy: _, ...definition } = spec;
    const copy = { ...definition, code: 'ZX-COPY' };
    run([{ actor: site.manager, type: 'spec.defined', body: { spec: copy } }], state, chain);
    expect(checkCommand(state, { actor: site.manager, type: 'spec.defined', body: { spec: copy } })?.code).toBe(
      'duplicate_spec',
    );
    run([withdraw('ZX-COPY')], state, chain);
    expect(state.specs[`ZX-COPY@${spec.version}`]).toBeUndefined();
    expect(Object.values(state.withdrawnSpecs)).toEqual([
      expect.objectContaining({ code: 'ZX-COPY', reason: '配分合计有误' }),
    ]);
    const corrected = { ...copy, name: `${copy.name}（更正）` };
    run([{ actor: site.manager, type: 'spec.defined', body: { spec: corrected } }], state, chain);
    expect(state.specs[`ZX-COPY@${spec.version}`]!.name).toBe(corrected.name);
    expect(Object.keys(state.conflicts)).toEqual([]);
  });
});

describe('several examining groups (考评组)', () => {
  /** The demo session with a second group B of three examiners, and the candidates split evenly. */
  function twoGroups() {
    const { state, chain } = run(
      site.setup.filter((d) => d.type !== 'session.opened' && d.type !== 'candidate.checked_in'),
    );
    const groupB = [uuidV4(), uuidV4(), uuidV4()];
    run(
      groupB.flatMap((person, i): EventDraft[] => [
        { actor: site.manager, type: 'person.registered', body: { person, name: `乙组考评员${i}`, role: 'examiner' } },
        {
          actor: site.manager,
          type: 'assignment.made',
          body: { session: site.session, person, role: 'examiner', group: 'B', leader: i === 0 },
        },
      ]),
      state,
      chain,
    );
    return { state, chain, groupB };
  }

  it('a session of two groups opens only when every candidate is allocated to one', () => {
    const { state, chain } = twoGroups();
    const open: EventDraft = {
      actor: site.manager,
      type: 'session.opened',
      body: { session: site.session, clockConfirmed: true },
    };
    expect(staffingProblems(state, site.session).find((p) => p.code === 'unallocated')).toMatchObject({
      severity: 'error',
      params: { count: 30, groups: 2 },
    });
    expect(checkCommand(state, open)).toMatchObject({ code: 'staffing', params: { problem: 'unallocated' } });
    const groups = allocateEvenly(
      site.candidates.map((c) => ({ candidate: c.id, ticket: c.ticket })),
      ['A', 'B'],
    );
    expect(Object.values(groups).filter((g) => g === 'A')).toHaveLength(15);
    expect(
      checkCommand(state, {
        actor: site.manager,
        type: 'candidates.allocated',
        body: { session: site.session, groups: { [site.candidates[0]!.id]: 'C' } },
      }),
    ).toMatchObject({ code: 'unknown_group' });
    run(
      [{ actor: site.manager, type: 'candidates.allocated', body: { session: site.session, groups } }, open],
      state,
      chain,
    );
    expect(state.sessions[site.session]!.status).toBe('open');
  });

  it('only the candidate’s group scores and arbitrates them; results need that group’s sheets only', () => {
    const { state, chain, groupB } = twoGroups();
    const [first, second] = site.candidates;
    run(
      [
        {
          actor: site.manager,
          type: 'candidates.allocated',
          body: {
            session: site.session,
            groups: Object.fromEntries(site.candidates.map((c, i) => [c.id, i === 1 ? 'B' : 'A'])),
          },
        },
        { actor: site.manager, type: 'session.opened', body: { session: site.session, clockConfirmed: true } },
        ...[first!, second!].map((c): EventDraft => ({
          actor: site.manager,
          type: 'candidate.checked_in',
          body: { session: site.session, candidate: c.id, state: 'present', pledge: true, identity: 'id_matched' },
        })),
      ],
      state,
      chain,
    );
    const items = site.scoring[0]!.body.items as Record<string, number>;
    const sheet = (examiner: string, candidate: string): EventDraft => ({
      actor: examiner,
      type: 'score.submitted',
      body: { session: site.session, candidate, examiner, items },
    });
    // Group A's examiner may not score group B's candidate, nor B's examiner A's.
    expect(checkCommand(state, sheet(site.examiners[0]!, second!.id))).toMatchObject({
      code: 'other_group',
      params: { group: 'B' },
    });
    expect(checkCommand(state, sheet(groupB[0]!, first!.id))).toMatchObject({ code: 'other_group' });
    // Group B's three sheets complete B's candidate (not six: group A does not score them).
    run(
      groupB.map((examiner) => sheet(examiner, second!.id)),
      state,
      chain,
    );
    const result = candidateResult(state, site.session, second!.id);
    expect(result).toMatchObject({ status: 'scored', required: 3, sheets: 3 });
    // Arbitration of B's candidate is B's leader's, not A's.
    const arbitrate = (actor: string): EventDraft => ({
      actor,
      type: 'score.arbitrated',
      body: { session: site.session, candidate: second!.id, item: 'T1-1', points: 3, reason: '复核' },
    });
    expect(checkCommand(state, arbitrate(site.examiners[0]!))).toMatchObject({ code: 'not_group_leader' });
    expect(checkCommand(state, arbitrate(groupB[0]!))).toMatchObject({ code: 'not_disputed' });
  });
});

describe('misconduct in the exam room (R2)', () => {
  const present = () => {
    const { state, chain } = setUp();
    return { state, chain, candidate: Object.values(state.checkIns).find((c) => c.state === 'present')!.candidate };
  };
  const record = (actor: string, candidate: string, action: string): EventDraft => ({
    actor,
    type: 'misconduct.recorded',
    body: { session: site.session, candidate, action, reason: '结束信号后继续整形约 2 分钟' },
  });

  it('an examiner records it for the supervisor to confirm; the session closes only once confirmed', () => {
    const { state, chain, candidate } = present();
    const [examiner] = site.examiners;
    run([record(examiner!, candidate, 'warning')], state, chain);
    const written = Object.values(state.misconduct)[0]!;
    expect(written.confirmedBy).toBeUndefined();
    expect(completeness(state, site.session).map((p) => p.code)).toContain('misconduct_unconfirmed');
    const confirm = (actor: string): EventDraft => ({
      actor,
      type: 'misconduct.confirmed',
      body: { misconduct: written.event },
    });
    expect(checkCommand(state, confirm(examiner!))).toMatchObject({ code: 'not_supervisor' });
    run([confirm(site.supervisor)], state, chain);
    expect(state.misconduct[written.event]!.confirmedBy).toBe(site.supervisor);
    expect(checkCommand(state, confirm(site.supervisor))).toMatchObject({ code: 'already_confirmed' });
    expect(completeness(state, site.session).map((p) => p.code)).not.toContain('misconduct_unconfirmed');
    // A supervisor's own record needs no confirmation.
    run([record(site.supervisor, candidate, 'caution')], state, chain);
    expect(completeness(state, site.session).map((p) => p.code)).not.toContain('misconduct_unconfirmed');
  });

  it('working past the end signal: a warning with 10% off, and the score void when it happens again', () => {
    const { state, chain, candidate } = present();
    run(
      site.scoring.filter((d) => (d.body as { candidate: string }).candidate === candidate),
      state,
      chain,
    );
    const before = candidateResult(state, site.session, candidate);
    expect(before.status).toBe('scored');
    run([record(site.supervisor, candidate, 'overtime')], state, chain);
    const once = candidateResult(state, site.session, candidate);
    expect(once).toMatchObject({ status: 'scored', deductionPercent: 10 });
    expect(once.flags).toEqual(expect.arrayContaining(['warning', 'deducted']));
    expect(once.final).toBe(before.final! - Math.floor((before.final! * 10 + 50) / 100));
    run([record(site.supervisor, candidate, 'overtime')], state, chain);
    expect(candidateResult(state, site.session, candidate).status).toBe('void');
  });
});

describe('allocation by workstation range', () => {
  const candidates = Array.from({ length: 10 }, (_, i) => ({
    candidate: `c${i}`,
    ticket: `ZK${String(10 - i).padStart(2, '0')}`,
  }));
  it('numbers workstations in ticket order and allocates each range to its group', () => {
    expect(workstationNumbers(candidates).get('c9')).toBe(1); // ZK01
    const result = allocateByWorkstation(candidates, [
      { group: 'A', from: 1, to: 4 },
      { group: 'B', from: 5, to: 10 },
    ]);
    expect(result.ok && Object.values(result.groups).filter((g) => g === 'A')).toHaveLength(4);
    expect(result.ok && result.groups.c9).toBe('A');
    expect(result.ok && result.groups.c0).toBe('B'); // ZK10, workstation 10
  });
  it('refuses overlapping or empty ranges', () => {
    expect(
      allocateByWorkstation(candidates, [
        { group: 'A', from: 1, to: 5 },
        { group: 'B', from: 5, to: 10 },
      ]),
    ).toEqual({ ok: false, problem: 'overlap', group: 'B' });
    expect(allocateByWorkstation(candidates, [{ group: 'A', from: 6, to: 2 }])).toEqual({
      ok: false,
      problem: 'empty_range',
      group: 'A',
    });
  });
});
