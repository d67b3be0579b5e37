/**
 * Who may do what, enforced in the domain layer: every event a person's action would write is
 * checked here against the current state before it is appended (renderer/db/ledger.ts), so a
 * hidden button is never the only guard. Each refusal has a code (translated in the UI).
 */
import type { EventDraft } from '../ledger/append';
import type { SessionState, SiteState } from '../state/project';
import { isEventType, parseBody, type EventBody, type EventType } from './events';
import { recusalReason, staffingProblems } from './assignment';
import { candidateGroup, examinerGroups, groupLeaderOf } from './groups';
import { candidateResult, checkSheetItems, completeness, specOfSession } from './scoring';
import { reviewDeadline, reviewWindow, siteDay } from './publication';

export const ruleCodes = [
  'bad_body',
  'unknown_type',
  'not_manager',
  'not_examiner',
  'not_supervisor',
  'not_group_leader',
  'not_assigned',
  'not_self',
  'unknown_session',
  'unknown_candidate',
  'unknown_person',
  'unknown_spec',
  'session_not_planned',
  'session_not_open',
  'session_closed',
  'candidate_not_present',
  'already_submitted',
  'duplicate_candidate',
  'recusal',
  'supervisor_is_examiner',
  'staffing',
  'duplicate_spec',
  'bad_points',
  'not_disputed',
  'incomplete',
  'countersign_missing',
  'pin_reset_by_closer',
  'identity_unrecorded',
  'identity_reason_missing',
  'person_inactive',
  'person_assigned',
  'not_yourself',
  'candidate_checked_in',
  'spec_in_use',
  'other_group',
  'unknown_group',
  'unknown_misconduct',
  'already_confirmed',
  'pledge_missing',
  'change_reason_missing',
  'not_late_yet',
  'late_reason_missing',
  'session_not_closed',
  'already_published',
  'not_published',
  'review_not_yet',
  'review_window_closed',
  'unknown_review',
  'review_decided',
  'review_not_decided',
  'review_items_missing',
] as const;
export type RuleCode = (typeof ruleCodes)[number];

export interface RuleProblem {
  code: RuleCode;
  /** Values for the translated message, e.g. a candidate's name. */
  params?: Record<string, string | number>;
}

export class RuleError extends Error {
  constructor(readonly problem: RuleProblem) {
    super(problem.code);
    this.name = 'RuleError';
  }
}

const deviceEvents = new Set<EventType>([
  'device.enrolled',
  'plan.imported',
  'certificates.assigned',
  'package.exported',
  'receipt.imported',
]);

function roleOf(state: SiteState, actor: string) {
  return state.people[actor]?.role;
}

function isManager(state: SiteState, actor: string): boolean {
  return roleOf(state, actor) === 'manager';
}

function assignmentOf(state: SiteState, session: string, person: string) {
  return state.assignments[`${session}/${person}`];
}

/** What a check knows besides the state: when the command is given (absent when replaying or testing without a clock). */
export interface CommandContext {
  nowMs?: number;
}

/** Minutes after the start from which a candidate is late and may not enter (DESIGN.md §2, check-in). */
export const lateAfterMinutes = 15;

/** The moment a candidate of the session counts as late, in ms; undefined when the start does not parse. */
export function lateFrom(session: Pick<SessionState, 'startsAt'>): number | undefined {
  const start = Date.parse(session.startsAt);
  return Number.isNaN(start) ? undefined : start + lateAfterMinutes * 60_000;
}

/** The first reason `draft` may not be written now, or undefined when it may. */
export function checkCommand(
  state: SiteState,
  draft: EventDraft,
  context: CommandContext = {},
): RuleProblem | undefined {
  if (!isEventType(draft.type)) return { code: 'unknown_type' };
  const body = parseBody(draft.type, draft.body);
  if (body === undefined) return { code: 'bad_body' };
  if (deviceEvents.has(draft.type)) return undefined;
  const actor = draft.actor;
  // A deactivated person signs nothing more (their earlier records stand).
  if (state.people[actor]?.deactivated) return { code: 'person_inactive', params: { name: state.people[actor].name } };
  const check = checks[draft.type] as (
    state: SiteState,
    actor: string,
    body: unknown,
    context: CommandContext,
  ) => RuleProblem | undefined;
  return check(state, actor, body, context);
}

/** checkCommand that throws a RuleError. */
export function assertCommand(state: SiteState, draft: EventDraft, context: CommandContext = {}): void {
  const problem = checkCommand(state, draft, context);
  if (problem) throw new RuleError(problem);
}

type Check<T extends EventType> = (
  state: SiteState,
  actor: string,
  body: EventBody<T>,
  context: CommandContext,
) => RuleProblem | undefined;
type Checks = { [T in EventType]: Check<T> };

const managerOnly = (state: SiteState, actor: string): RuleProblem | undefined =>
  isManager(state, actor) ? undefined : { code: 'not_manager' };

function sessionIn(
  state: SiteState,
  session: string,
  ...statuses: ('planned' | 'open' | 'closed')[]
): RuleProblem | undefined {
  const s = state.sessions[session];
  if (!s) return { code: 'unknown_session' };
  if (statuses.includes(s.status)) return undefined;
  if (s.status === 'closed') return { code: 'session_closed' };
  if (statuses.length === 1 && statuses[0] === 'closed') return { code: 'session_not_closed' };
  return { code: statuses.includes('open') ? 'session_not_open' : 'session_not_planned' };
}

/** Whether a review may be recorded today: only within the window after publication (judged when a clock is given). */
function reviewWindowProblem(state: SiteState, session: string, nowMs: number | undefined): RuleProblem | undefined {
  const publication = state.publications[session];
  if (!publication) return { code: 'not_published' };
  if (nowMs === undefined) return undefined;
  const window = reviewWindow(state, session, siteDay(nowMs));
  if (window === 'before') return { code: 'review_not_yet', params: { from: publication.from } };
  if (window === 'closed') return { code: 'review_window_closed', params: { deadline: reviewDeadline(publication) } };
  return undefined;
}

/**
 * A supervisor's countersignature vouches for the closure only if the supervisor's PIN is their
 * own: one the countersigning manager reset on or after the day the session opened is refused.
 */
function resetByCountersigner(state: SiteState, session: SessionState) {
  const { manager, supervisor } = session.countersigners ?? {};
  if (!manager || !supervisor) return undefined;
  const day = (session.openedAt ?? '').slice(0, 10);
  return Object.values(state.pinResets).find(
    (r) => r.person === supervisor && r.by === manager && r.at.slice(0, 10) >= day,
  );
}

const checks: Checks = {
  'device.enrolled': () => undefined,
  'plan.imported': () => undefined,
  'certificates.assigned': () => undefined,
  'package.exported': () => undefined,
  'receipt.imported': () => undefined,
  'spec.defined': (state, actor, { spec }) =>
    (actor === 'device' ? undefined : managerOnly(state, actor)) ??
    (state.specs[`${spec.code}@${spec.version}`]
      ? { code: 'duplicate_spec', params: { code: spec.code, version: spec.version } }
      : undefined),
  'person.registered': (state, actor, body) => {
    const anyManager = Object.values(state.people).some((p) => p.role === 'manager');
    // The very first manager registers themself on a new device; after that only managers register people.
    if (!anyManager) return body.role === 'manager' && actor === body.person ? undefined : { code: 'not_manager' };
    return managerOnly(state, actor);
  },
  'session.created': (state, actor, body) =>
    managerOnly(state, actor) ??
    (state.specs[`${body.spec}@${body.specVersion}`] ? undefined : { code: 'unknown_spec' }),
  'session.updated': (state, actor, body) =>
    managerOnly(state, actor) ?? sessionIn(state, body.session, 'planned', 'open'),
  'session.opened': (state, actor, body) => {
    const problem = managerOnly(state, actor) ?? sessionIn(state, body.session, 'planned');
    if (problem) return problem;
    const staffing = staffingProblems(state, body.session).find((p) => p.severity === 'error');
    return staffing ? { code: 'staffing', params: { problem: staffing.code, ...staffing.params } } : undefined;
  },
  'session.closed': (state, actor, body) => {
    const problem = managerOnly(state, actor) ?? sessionIn(state, body.session, 'open');
    if (problem) return problem;
    const missing = completeness(state, body.session);
    if (missing.length) return { code: 'incomplete', params: { count: missing.length } };
    const session = state.sessions[body.session]!;
    const signed = session.countersignedBy;
    if (!(signed.includes('manager') && signed.includes('supervisor'))) return { code: 'countersign_missing' };
    const reset = resetByCountersigner(state, session);
    return reset
      ? {
          code: 'pin_reset_by_closer',
          params: {
            supervisor: state.people[reset.person]?.name ?? '',
            manager: state.people[reset.by]?.name ?? '',
            at: reset.at.slice(11, 16),
          },
        }
      : undefined;
  },
  'person.updated': (state, actor, body) =>
    managerOnly(state, actor) ?? (state.people[body.person] ? undefined : { code: 'unknown_person' }),
  'person.deactivated': (state, actor, body) => {
    const problem = managerOnly(state, actor);
    if (problem) return problem;
    const person = state.people[body.person];
    if (!person) return { code: 'unknown_person' };
    if (body.person === actor) return { code: 'not_yourself' };
    if (person.deactivated) return { code: 'person_inactive', params: { name: person.name } };
    // Someone still assigned to a session that has not closed is revoked from it first (with its reason).
    const assigned = Object.values(state.assignments).find(
      (a) => a.person === body.person && state.sessions[a.session]?.status !== 'closed',
    );
    return assigned
      ? {
          code: 'person_assigned',
          params: { name: person.name, session: state.sessions[assigned.session]?.name ?? '' },
        }
      : undefined;
  },
  'candidate.withdrawn': (state, actor, body) => {
    const problem = managerOnly(state, actor);
    if (problem) return problem;
    const candidate = state.candidates[body.candidate];
    if (!candidate) return { code: 'unknown_candidate' };
    const session = sessionIn(state, candidate.session, 'planned', 'open');
    if (session) return session;
    return state.checkIns[`${candidate.session}/${body.candidate}`]
      ? { code: 'candidate_checked_in', params: { name: candidate.name } }
      : undefined;
  },
  'spec.withdrawn': (state, actor, body) => {
    const problem = managerOnly(state, actor);
    if (problem) return problem;
    if (!state.specs[`${body.code}@${body.version}`]) return { code: 'unknown_spec' };
    const user = Object.values(state.sessions).find((s) => s.spec === body.code && s.specVersion === body.version);
    return user ? { code: 'spec_in_use', params: { session: user.name } } : undefined;
  },
  'pin.reset': (state, actor, body) =>
    managerOnly(state, actor) ?? (state.people[body.person] ? undefined : { code: 'unknown_person' }),
  'session.countersigned': (state, actor, body) => {
    const role = roleOf(state, actor);
    if (body.role === 'manager' && role !== 'manager') return { code: 'not_manager' };
    if (body.role === 'supervisor' && !(role === 'supervisor' && assignmentOf(state, body.session, actor)))
      return { code: 'not_supervisor' };
    return sessionIn(state, body.session, 'open');
  },
  'checklist.completed': (state, actor, body) =>
    roleOf(state, actor) === 'supervisor' && assignmentOf(state, body.session, actor)
      ? sessionIn(state, body.session, 'open')
      : { code: 'not_supervisor' },
  'candidate.registered': (state, actor, body) => {
    const problem = managerOnly(state, actor) ?? sessionIn(state, body.session, 'planned', 'open');
    if (problem) return problem;
    const other = [
      state.candidateKeys[`${body.session}/id/${body.idNumber}`],
      state.candidateKeys[`${body.session}/ticket/${body.ticket}`],
    ].find((id) => id && id !== body.candidate);
    return other ? { code: 'duplicate_candidate', params: { name: state.candidates[other]?.name ?? '' } } : undefined;
  },
  'assignment.made': (state, actor, body) => {
    const problem = managerOnly(state, actor) ?? sessionIn(state, body.session, 'planned', 'open');
    if (problem) return problem;
    const person = state.people[body.person];
    if (!person) return { code: 'unknown_person' };
    if (person.deactivated) return { code: 'person_inactive', params: { name: person.name } };
    if (body.role === 'examiner' && person.role !== 'examiner') return { code: 'not_examiner' };
    if (body.role === 'supervisor' && person.role !== 'supervisor') return { code: 'not_supervisor' };
    const other = assignmentOf(state, body.session, body.person);
    if (other && other.role !== body.role) return { code: 'supervisor_is_examiner' };
    // A recusal excludes the examiner from that candidate only (shared/domain/assignment.ts).
    return undefined;
  },
  'assignment.revoked': (state, actor, body) =>
    managerOnly(state, actor) ??
    (assignmentOf(state, body.session, body.person) ? undefined : { code: 'not_assigned' }),
  'candidates.allocated': (state, actor, body) => {
    const problem = managerOnly(state, actor) ?? sessionIn(state, body.session, 'planned', 'open');
    if (problem) return problem;
    const groups = examinerGroups(state, body.session);
    for (const [candidate, group] of Object.entries(body.groups)) {
      if (state.candidates[candidate]?.session !== body.session) return { code: 'unknown_candidate' };
      if (!groups.has(group)) return { code: 'unknown_group', params: { group } };
      // Once scored, a candidate stays with the group that scored them.
      const scored = Object.values(state.sheets).some((s) => s.session === body.session && s.candidate === candidate);
      if (scored && candidateGroup(state, body.session, candidate, groups) !== group)
        return { code: 'already_submitted' };
    }
    return undefined;
  },
  'conflict.declared': (state, actor, body) => {
    if (!state.people[body.person]) return { code: 'unknown_person' };
    if (!state.candidates[body.candidate]) return { code: 'unknown_candidate' };
    return isManager(state, actor) || actor === body.person ? undefined : { code: 'not_self' };
  },
  'candidate.checked_in': (state, actor, body, { nowMs }) => {
    const problem = managerOnly(state, actor) ?? sessionIn(state, body.session, 'open');
    if (problem) return problem;
    const candidate = state.candidates[body.candidate];
    if (!candidate || candidate.session !== body.session) return { code: 'unknown_candidate' };
    // Changing a state already recorded (absent → present, say) needs a reason, kept with it.
    const before = state.checkIns[`${body.session}/${body.candidate}`];
    if (before && before.state !== body.state && !body.changeReason?.trim())
      return { code: 'change_reason_missing', params: { name: candidate.name } };
    // Late is judged against the session's start: 迟到不得入场 only after 15 minutes, and admitting
    // someone after that needs the manager's reason (arrived in time, recorded late).
    const late = lateFrom(state.sessions[body.session]!);
    if (nowMs !== undefined && late !== undefined) {
      const time = state.sessions[body.session]!.startsAt.slice(11, 16);
      if (body.state === 'late_refused' && nowMs < late)
        return { code: 'not_late_yet', params: { start: time, minutes: lateAfterMinutes } };
      if (body.state === 'present' && nowMs > late && !body.lateReason?.trim())
        return {
          code: 'late_reason_missing',
          params: { name: candidate.name, start: time, minutes: lateAfterMinutes },
        };
    }
    if (body.state !== 'present') return undefined;
    // The honesty pledge is a rule, not only a disabled button.
    if (!body.pledge) return { code: 'pledge_missing', params: { name: candidate.name } };
    // Admitting someone is a decision about who they are: how it was checked is always recorded,
    // and admitting without a matching ID needs the manager's reason (DESIGN.md §2, check-in).
    if (!body.identity) return { code: 'identity_unrecorded' };
    if (body.identity !== 'id_matched' && !body.identityReason?.trim())
      return { code: 'identity_reason_missing', params: { name: candidate.name } };
    return undefined;
  },
  'score.submitted': (state, actor, body) => {
    if (roleOf(state, actor) !== 'examiner' || actor !== body.examiner) return { code: 'not_examiner' };
    if (assignmentOf(state, body.session, actor)?.role !== 'examiner') return { code: 'not_assigned' };
    const problem = sessionIn(state, body.session, 'open');
    if (problem) return problem;
    const candidate = state.candidates[body.candidate];
    if (!candidate || candidate.session !== body.session) return { code: 'unknown_candidate' };
    if (state.checkIns[`${body.session}/${body.candidate}`]?.state !== 'present')
      return { code: 'candidate_not_present' };
    if (state.sheetIndex[`${body.session}/${body.candidate}/${actor}`]) return { code: 'already_submitted' };
    const group = candidateGroup(state, body.session, body.candidate);
    if (group !== assignmentOf(state, body.session, actor)?.group)
      return { code: 'other_group', params: { name: candidate.name, group: group ?? '' } };
    const spec = specOfSession(state, body.session);
    const bad = spec ? checkSheetItems(spec, body.items) : { item: '', problem: 'unknown_spec' };
    if (bad) return { code: 'bad_points', params: bad };
    // A conflict declared after the assignment still bars this examiner from this candidate.
    const recusal = recusalReason(state, actor, candidate);
    if (recusal) return { code: 'recusal', params: { candidate: candidate.name, reason: recusal } };
    return undefined;
  },
  'score.amended': (state, actor, body) => {
    const sheet = state.sheets[body.amends];
    if (!sheet) return { code: 'unknown_candidate' };
    if (actor !== sheet.examiner) return { code: 'not_examiner' };
    if (groupLeaderOf(state, sheet.session, sheet.candidate) !== body.confirmedBy) return { code: 'not_group_leader' };
    const spec = specOfSession(state, sheet.session);
    const bad = spec ? checkSheetItems(spec, body.items, { partial: true }) : { item: '', problem: 'unknown_spec' };
    if (bad) return { code: 'bad_points', params: bad };
    return sessionIn(state, sheet.session, 'open');
  },
  'score.arbitrated': (state, actor, body) => {
    if (groupLeaderOf(state, body.session, body.candidate) !== actor) return { code: 'not_group_leader' };
    const problem = sessionIn(state, body.session, 'open');
    if (problem) return problem;
    const spec = specOfSession(state, body.session)!;
    const bad = checkSheetItems(spec, { [body.item]: body.points }, { partial: true });
    if (bad) return { code: 'bad_points', params: bad };
    const open = candidateResult(state, body.session, body.candidate).discrepancies;
    return open.some((d) => d.item === body.item) ? undefined : { code: 'not_disputed' };
  },
  'note.logged': (state, actor, body) =>
    roleOf(state, actor) === 'supervisor' && assignmentOf(state, body.session, actor)
      ? sessionIn(state, body.session, 'open', 'closed')
      : { code: 'not_supervisor' },
  'misconduct.recorded': (state, actor, body) => {
    const assignment = assignmentOf(state, body.session, actor);
    // The supervisor records it; so does an examiner, in their own group's room (R2), for the
    // supervisor to confirm.
    if (!assignment) return { code: 'not_supervisor' };
    const group = candidateGroup(state, body.session, body.candidate);
    if (assignment.role === 'examiner' && group !== assignment.group)
      return {
        code: 'other_group',
        params: { name: state.candidates[body.candidate]?.name ?? '', group: group ?? '' },
      };
    const candidate = state.candidates[body.candidate];
    if (candidate?.session !== body.session) return { code: 'unknown_candidate' };
    const recusal = recusalReason(state, actor, candidate);
    if (recusal) return { code: 'recusal', params: { candidate: candidate.name, reason: recusal } };
    return sessionIn(state, body.session, 'open');
  },
  'results.published': (state, actor, body) => {
    const problem = managerOnly(state, actor) ?? sessionIn(state, body.session, 'closed');
    if (problem) return problem;
    return state.publications[body.session] ? { code: 'already_published' } : undefined;
  },
  'review.requested': (state, actor, body, { nowMs }) => {
    const problem = managerOnly(state, actor) ?? sessionIn(state, body.session, 'closed');
    if (problem) return problem;
    if (state.candidates[body.candidate]?.session !== body.session) return { code: 'unknown_candidate' };
    return reviewWindowProblem(state, body.session, nowMs);
  },
  'review.decided': (state, actor, body, { nowMs }) => {
    const review = state.reviews[body.request];
    if (!review) return { code: 'unknown_review' };
    // The group leader decides (DESIGN.md §2); the supervisor countersigns next.
    if (groupLeaderOf(state, review.session, review.candidate) !== actor) return { code: 'not_group_leader' };
    if (review.decision) return { code: 'review_decided' };
    const items = Object.keys(body.items);
    if (body.outcome === 'changed' && items.length === 0) return { code: 'review_items_missing' };
    if (body.outcome === 'unchanged' && items.length) return { code: 'bad_body' };
    const spec = specOfSession(state, review.session);
    const bad = spec ? checkSheetItems(spec, body.items, { partial: true }) : { item: '', problem: 'unknown_spec' };
    if (bad) return { code: 'bad_points', params: bad };
    return reviewWindowProblem(state, review.session, nowMs);
  },
  'review.countersigned': (state, actor, body, { nowMs }) => {
    const review = state.reviews[body.request];
    if (!review) return { code: 'unknown_review' };
    if (!(roleOf(state, actor) === 'supervisor' && assignmentOf(state, review.session, actor)))
      return { code: 'not_supervisor' };
    if (!review.decision) return { code: 'review_not_decided' };
    if (review.countersignedBy) return { code: 'already_confirmed' };
    const candidate = state.candidates[review.candidate];
    const recusal = candidate && recusalReason(state, actor, candidate);
    if (recusal) return { code: 'recusal', params: { candidate: candidate.name, reason: recusal } };
    return reviewWindowProblem(state, review.session, nowMs);
  },
  'misconduct.confirmed': (state, actor, body) => {
    const record = state.misconduct[body.misconduct];
    if (!record) return { code: 'unknown_misconduct' };
    if (!(roleOf(state, actor) === 'supervisor' && assignmentOf(state, record.session, actor)))
      return { code: 'not_supervisor' };
    if (record.confirmedBy) return { code: 'already_confirmed' };
    // Recusal covers supervisors too: one who may not meet the candidate does not confirm their record.
    const candidate = state.candidates[record.candidate];
    const recusal = candidate && recusalReason(state, actor, candidate);
    if (recusal) return { code: 'recusal', params: { candidate: candidate.name, reason: recusal } };
    return sessionIn(state, record.session, 'open', 'closed');
  },
};
