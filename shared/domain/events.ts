/**
 * The event vocabulary of FORMATS.md §9 and the body of each type. Acceptance never depends on a
 * body (FORMATS.md §8); the fold in shared/state applies a body only when it passes its schema
 * here, and flags it otherwise. docs/formats.md documents every body.
 */
import { z } from 'zod';
import type { EventDraft } from '../ledger/append';
import { hashPattern } from '../ledger/hash';
import { uuidPattern } from '../ledger/ids';
import { kidPattern, publicKeyPattern } from '../ledger/signing';

const id = z.string().regex(uuidPattern);
const hash = z.string().regex(hashPattern);
const text = (max: number) => z.string().trim().min(1).max(max);
/** Points: at most two decimal places (FORMATS.md §1), never negative. */
export const pointsSchema = z
  .number()
  .min(0)
  .max(1000)
  .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, 'at most two decimal places');

export const roles = ['manager', 'examiner', 'supervisor'] as const;
export const checkInStates = ['present', 'absent', 'late_refused', 'substituted'] as const;
/** How the candidate's identity was checked at the door: the ID number typed (or scanned) from the card. */
export const identityChecks = ['id_matched', 'id_mismatched', 'not_checked'] as const;
/**
 * R2 of the exam-room rules: 劝告, 警告, 停止考核, 宣布成绩无效, a deduction, and working past the
 * end signal (`overtime`: a warning with 10% off the first time, the score void when repeated).
 */
export const misconductActions = ['caution', 'warning', 'stop', 'void', 'deduct', 'overtime'] as const;
export const noteCategories = [
  'room_setup',
  'identity_check',
  'paper_handling',
  'discipline',
  'safety',
  'scoring_process',
] as const;
export const aggregationRules = ['mean', 'median', 'trimmed_mean'] as const;
export const assessmentMethods = ['practical', 'computer_simulation', 'theory_practical'] as const;
/** The parts a theory + practical specification's tasks belong to; each must pass on its own. */
export const specParts = ['theory', 'practical'] as const;
/** 证件类型 (shared/domain/terms.ts names them); only a resident ID carries a GB 11643 check. */
export const idTypes = [
  'resident_id',
  'hk_macao_permit',
  'taiwan_permit',
  'hmt_residence_permit',
  'foreign_permanent_id',
  'passport',
  'other',
] as const;

export const scoreItemSchema = z.strictObject({
  id: text(40),
  content: text(200),
  maxPoints: pointsSchema.refine((n) => n > 0, 'must be positive'),
  step: pointsSchema.refine((n) => n > 0, 'must be positive').default(0.5),
  criteria: text(1000),
});

export const specTaskSchema = z.strictObject({
  id: text(40),
  name: text(200),
  /** 考核比重, percent of the 100-point total. */
  weight: z.number().int().min(1).max(100),
  /** Which part the task belongs to (absent: practical); theory only in a theory + practical specification. */
  part: z.enum(specParts).optional(),
  items: z.array(scoreItemSchema).min(1).max(100),
});

export const specificationSchema = z
  .strictObject({
    code: text(40),
    name: text(200),
    version: text(20),
    method: z.enum(assessmentMethods),
    durationMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    minExaminers: z.number().int().min(1).max(15).default(3),
    passMark: pointsSchema.default(60),
    aggregation: z.enum(aggregationRules).default('mean'),
    /** An item is disputed when two examiners differ by more than this percent of its max. */
    discrepancyPercent: z.number().min(0).max(100).default(30),
    requirements: z.string().max(2000).default(''),
    tasks: z.array(specTaskSchema).min(1).max(50),
  })
  .superRefine((spec, ctx) => {
    const total = spec.tasks.reduce((sum, task) => sum + task.weight, 0);
    // Messages are codes (with params) that the screens put into words (renderer/features/specs).
    if (total !== 100) ctx.addIssue({ code: 'custom', path: ['tasks'], message: 'weights_sum', params: { total } });
    if (spec.minExaminers % 2 === 0) ctx.addIssue({ code: 'custom', path: ['minExaminers'], message: 'must_be_odd' });
    // Theory + practical: each part has tasks of its own (and must pass on its own); other methods have no theory.
    const parts = new Set(spec.tasks.map((task) => task.part ?? 'practical'));
    if (spec.method === 'theory_practical' && parts.size < 2)
      ctx.addIssue({ code: 'custom', path: ['tasks'], message: 'parts_missing' });
    if (spec.method !== 'theory_practical' && parts.has('theory'))
      ctx.addIssue({ code: 'custom', path: ['tasks'], message: 'theory_not_in_method' });
    const ids = spec.tasks.flatMap((task) => task.items.map((item) => item.id));
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['tasks'], message: 'ids_repeat' });
  });
export type Specification = z.infer<typeof specificationSchema>;

/** One certificate number, as a plan carries it and `certificates.assigned` records it. */
export const certificateSchema = z.strictObject({
  session: id,
  candidate: id,
  number: z.string().regex(/^[A-Za-z0-9-]{1,40}$/),
});

export const eventBodySchemas = {
  'device.enrolled': z.strictObject({
    device: id,
    kid: z.string().regex(kidPattern),
    authority: text(64),
    authorityKid: z.string().regex(kidPattern),
  }),
  'plan.imported': z.strictObject({
    plan: id,
    authority: text(64),
    issuedAt: text(40),
    // The plan's revocations (FORMATS.md §6), so every device of the site learns them with the event.
    revoked: z
      .array(z.strictObject({ device: id, kid: z.string().regex(kidPattern), at: text(40) }))
      .max(10_000)
      .optional(),
    // The site's devices and their seal keys (FORMATS.md §6): USB packages are sealed to them too.
    devices: z
      .array(
        z.strictObject({ device: id, kid: z.string().regex(kidPattern), sealPub: z.string().regex(publicKeyPattern) }),
      )
      .max(10_000)
      .optional(),
  }),
  'spec.defined': z.strictObject({ spec: specificationSchema }),
  'session.created': z.strictObject({
    session: id,
    spec: text(40),
    specVersion: text(20),
    name: text(200),
    room: z.string().max(100).default(''),
    startsAt: text(40),
    plannedCandidates: z.number().int().min(0).max(100_000),
  }),
  'session.updated': z.strictObject({
    session: id,
    name: text(200),
    room: z.string().max(100).default(''),
    startsAt: text(40),
    plannedCandidates: z.number().int().min(0).max(100_000),
  }),
  'session.opened': z.strictObject({ session: id, clockConfirmed: z.literal(true) }),
  'session.closed': z.strictObject({ session: id }),
  'person.registered': z.strictObject({
    person: id,
    name: text(100),
    role: z.enum(roles),
    trainingUnit: z.string().max(200).default(''),
    employer: z.string().max(200).default(''),
  }),
  // Corrections are events with a reason (DESIGN.md §3.1): a person's particulars corrected (never
  // their role), a person deactivated, a candidate withdrawn before check-in, a specification no
  // session uses withdrawn so that its corrected file can be imported.
  'person.updated': z.strictObject({
    person: id,
    name: text(100),
    trainingUnit: z.string().max(200).default(''),
    employer: z.string().max(200).default(''),
    reason: text(500),
  }),
  'person.deactivated': z.strictObject({ person: id, reason: text(500) }),
  'candidate.withdrawn': z.strictObject({ candidate: id, reason: text(500) }),
  'spec.withdrawn': z.strictObject({ code: text(40), version: text(20), reason: text(500) }),
  // A PIN set on this device by someone other than its owner (never the PIN itself): the owner
  // must choose their own before signing anything, and the supervision record shows the reset.
  'pin.reset': z.strictObject({ person: id }),
  'candidate.registered': z.strictObject({
    candidate: id,
    session: id,
    ticket: text(40),
    name: text(100),
    idType: z.enum(idTypes),
    idNumber: text(40),
    sex: z.enum(['male', 'female']),
    ethnicGroup: z.string().max(40).default(''),
    education: z.string().max(40).default(''),
    mobile: z.string().max(20).default(''),
    trainingUnit: z.string().max(200).default(''),
    employer: z.string().max(200).default(''),
    source: z.string().max(100).default(''),
    priorityGroups: z.array(text(40)).max(20).default([]),
    attempt: z.enum(['first', 'resit']).default('first'),
    /** 代领协议: the candidate signed the training unit's agreement to claim the subsidy for them. */
    agencyAgreement: z.boolean().optional(),
  }),
  'assignment.made': z.strictObject({
    session: id,
    person: id,
    role: z.enum(['examiner', 'supervisor']),
    group: z.string().max(40).default('A'),
    leader: z.boolean().default(false),
  }),
  'assignment.revoked': z.strictObject({ session: id, person: id, reason: text(500) }),
  // Candidates allocated to examining groups (考评组): only a candidate's group scores and
  // arbitrates them. With one group, every candidate is in it without this event.
  'candidates.allocated': z.strictObject({
    session: id,
    /** Candidate → group, for the candidates this allocation places (others keep theirs). */
    groups: z.record(id, text(40)),
  }),
  'conflict.declared': z.strictObject({
    person: id,
    candidate: id,
    relation: z.enum(['relative', 'training_unit', 'employer', 'teacher_student', 'other']),
    note: z.string().max(500).default(''),
  }),
  'candidate.checked_in': z.strictObject({
    session: id,
    candidate: id,
    state: z.enum(checkInStates),
    pledge: z.boolean().default(false),
    photo: hash.optional(),
    // How identity was checked; absent on check-ins written before it was recorded.
    identity: z.enum(identityChecks).optional(),
    /** The manager's reason for admitting a candidate whose identity was not confirmed. */
    identityReason: z.string().trim().max(500).optional(),
    /** Why an earlier check-in state of this candidate is changed (required for a change). */
    changeReason: z.string().trim().max(500).optional(),
    /** 代领协议 signed (or found unsigned) at the door; it overrides what the roster said. */
    agencyAgreement: z.boolean().optional(),
    /** Admitted more than 15 minutes after the start (arrived in time, recorded late): the manager's reason. */
    lateReason: z.string().trim().max(500).optional(),
  }),
  'score.submitted': z.strictObject({
    session: id,
    candidate: id,
    examiner: id,
    items: z.record(z.string(), pointsSchema),
  }),
  'score.amended': z.strictObject({
    amends: id,
    reason: text(500),
    confirmedBy: id,
    items: z.record(z.string(), pointsSchema),
  }),
  'score.arbitrated': z.strictObject({
    session: id,
    candidate: id,
    item: text(40),
    points: pointsSchema,
    reason: text(500),
  }),
  'note.logged': z.strictObject({
    session: id,
    category: z.enum(noteCategories),
    severity: z.enum(['info', 'minor', 'major']),
    text: text(4000),
    candidate: id.optional(),
    examiner: id.optional(),
    photo: hash.optional(),
    follows: id.optional(),
  }),
  'misconduct.recorded': z.strictObject({
    session: id,
    candidate: id,
    action: z.enum(misconductActions),
    /** For `deduct`: percent of the final score taken off (e.g. 10 for working past the end signal). */
    deductPercent: z.number().min(0).max(100).optional(),
    reason: text(1000),
  }),
  // The supervisor confirms a misconduct record an examiner wrote in the exam room.
  'misconduct.confirmed': z.strictObject({ misconduct: id }),
  // After the day (DESIGN.md §2): the results published for a period, a candidate's request for a
  // review within the window, the group leader's decision, the supervisor's countersignature. A
  // changed result is the decision's corrected points, in effect once countersigned.
  'results.published': z.strictObject({
    session: id,
    /** The first day of the publication (YYYY-MM-DD). */
    from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    workingDays: z.number().int().min(1).max(30).default(5),
    /** The review window, in working days from the first day of publication. */
    reviewDays: z.number().int().min(1).max(60).default(10),
  }),
  'review.requested': z.strictObject({
    session: id,
    candidate: id,
    /** Who asked: the candidate, or the person acting for them. */
    requestedBy: text(100),
    about: text(1000),
  }),
  'review.decided': z.strictObject({
    /** The review.requested event. */
    request: id,
    outcome: z.enum(['unchanged', 'changed']),
    /** For `changed`: the corrected points by item, replacing every examiner's points for it. */
    items: z.record(text(40), pointsSchema).default({}),
    reason: text(1000),
  }),
  'review.countersigned': z.strictObject({ request: id }),
  // The certificate numbers (证书编号) the district assigned, as a plan brought them (FORMATS.md §6
  // `certificates`): written by the device when it imports the plan.
  'certificates.assigned': z.strictObject({
    plan: id,
    certificates: z.array(certificateSchema).max(100_000),
  }),
  'checklist.completed': z.strictObject({ session: id, items: z.record(z.enum(noteCategories), z.boolean()) }),
  'session.countersigned': z.strictObject({ session: id, role: z.enum(['manager', 'supervisor']) }),
  'package.exported': z.strictObject({
    package: id,
    batches: z.number().int().min(0),
    through: z.record(z.string(), z.number().int().min(0)),
  }),
  'receipt.imported': z.strictObject({ device: id, through: z.number().int().min(1), head: hash }),
} as const;

export type EventType = keyof typeof eventBodySchemas;
export type EventBody<T extends EventType> = z.infer<(typeof eventBodySchemas)[T]>;
/** What a screen writes for an event of type T, before the schema trims and checks it. */
export type EventBodyInput<T extends EventType> = z.input<(typeof eventBodySchemas)[T]>;

/**
 * A command's draft whose body type follows from its event type, so a misspelt type or member is
 * a compile error; the ledger still checks every body at run time (wire data, plans).
 */
export function draft<T extends EventType>(type: T, actor: string, body: EventBodyInput<T>): EventDraft {
  return { actor, type, body };
}
export const eventTypes = Object.keys(eventBodySchemas) as EventType[];

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventBodySchemas, type);
}

/** Parses a body of a known type; undefined when the type is unknown or the body does not fit. */
export function parseBody<T extends EventType>(type: T, body: unknown): EventBody<T> | undefined {
  const result = eventBodySchemas[type].safeParse(body);
  return result.success ? (result.data as EventBody<T>) : undefined;
}

/** The attachments a set of events names by hash (FORMATS.md §8): a body's `photo`, and its `attachments` array. */
export function attachmentHashes(events: Iterable<{ body: Record<string, unknown> }>): Set<string> {
  const hashes = new Set<string>();
  for (const event of events) {
    const { photo, attachments } = event.body;
    for (const hash of [photo, ...(Array.isArray(attachments) ? attachments : [])])
      if (typeof hash === 'string' && hashPattern.test(hash)) hashes.add(hash);
  }
  return hashes;
}
