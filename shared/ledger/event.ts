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

/** Checks the envelope; a wrong shape is `bad_schema`, a version other than 1 `unsupported_version`. */
export function parseEvent(value: unknown): LedgerEvent {
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
export function compareEvents(a: Pick<LedgerEvent, 'hlc' | 'device' | 'seq'>, b: Pick<LedgerEvent, 'hlc' | 'device' | 'seq'>): number {
  if (a.hlc !== b.hlc) return a.hlc < b.hlc ? -1 : 1;
  if (a.device !== b.device) return a.device < b.device ? -1 : 1;
  return a.seq - b.seq;
}
