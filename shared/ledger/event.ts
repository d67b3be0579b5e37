/**
 * The event envelope of FORMATS.md §2: exactly ten members, validated strictly. Bodies are
 * judged separately (shared/domain/events.ts), because acceptance never depends on a body.
 */
import { z } from 'zod';
import { WireError } from './errors';
import { hashCanonical, hashPattern } from './hash';
import { hlcPattern } from './hlc';
import { isValidTime, uuidPattern, uuidV7Pattern } from './ids';

export const eventTypePattern = /^[a-z]+(\.[a-z_]+)+$/;

export const eventSchema = z.strictObject({
  v: z.literal(1),
  device: z.string().regex(uuidPattern),
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  prev: z.string().regex(hashPattern),
  id: z.string().regex(uuidV7Pattern),
  at: z.string().refine(isValidTime),
  hlc: z.string().regex(hlcPattern),
  actor: z.union([z.literal('device'), z.string().regex(uuidPattern)]),
  type: z.string().regex(eventTypePattern),
  body: z.record(z.string(), z.unknown()),
});

export interface LedgerEvent {
  v: 1;
  device: string;
  seq: number;
  prev: string;
  id: string;
  at: string;
  hlc: string;
  actor: string;
  type: string;
  body: Record<string, unknown>;
}

const envelopeMembers = ['v', 'device', 'seq', 'prev', 'id', 'at', 'hlc', 'actor', 'type', 'body'] as const;

/**
 * The envelope checked by hand, member by member as `eventSchema` checks it: the authority runs
 * this for every event it receives (zod's generic walk costs about as much as hashing the event).
 * Anything it does not pass goes to the schema, which then names the fault.
 */
function isPlainEnvelope(value: unknown): value is LedgerEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const e = value as Record<string, unknown>;
  if (Object.keys(e).length !== envelopeMembers.length || !envelopeMembers.every((name) => Object.hasOwn(e, name)))
    return false;
  const { v, device, seq, prev, id, at, hlc, actor, type, body } = e;
  return (
    v === 1 &&
    typeof device === 'string' &&
    uuidPattern.test(device) &&
    typeof seq === 'number' &&
    Number.isSafeInteger(seq) &&
    seq >= 1 &&
    typeof prev === 'string' &&
    hashPattern.test(prev) &&
    typeof id === 'string' &&
    uuidV7Pattern.test(id) &&
    typeof at === 'string' &&
    isValidTime(at) &&
    typeof hlc === 'string' &&
    hlcPattern.test(hlc) &&
    typeof actor === 'string' &&
    (actor === 'device' || uuidPattern.test(actor)) &&
    typeof type === 'string' &&
    eventTypePattern.test(type) &&
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    [Object.prototype, null].includes(Object.getPrototypeOf(body))
  );
}

/** Checks the envelope; a wrong shape is `bad_schema`, a version other than 1 `unsupported_version`. */
export function parseEvent(value: unknown): LedgerEvent {
  if (isPlainEnvelope(value)) return value;
  if (typeof value === 'object' && value !== null && 'v' in value && value.v !== 1) {
    throw new WireError('unsupported_version', `event version ${String(value.v)}`);
  }
  const result = eventSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new WireError('bad_schema', `event: ${issue?.path.join('.') || 'envelope'} ${issue?.message ?? ''}`.trim());
  }
  return result.data as LedgerEvent;
}

/** hash(event) = SHA-256(bytes(event)). */
export function hashEvent(event: LedgerEvent): string {
  return hashCanonical(event);
}

/** The total order of FORMATS.md §2: by hlc, then device, then seq. */
export function compareEvents(
  a: Pick<LedgerEvent, 'hlc' | 'device' | 'seq'>,
  b: Pick<LedgerEvent, 'hlc' | 'device' | 'seq'>,
): number {
  if (a.hlc !== b.hlc) return a.hlc < b.hlc ? -1 : 1;
  if (a.device !== b.device) return a.device < b.device ? -1 : 1;
  return a.seq - b.seq;
}
