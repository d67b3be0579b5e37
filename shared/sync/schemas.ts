/** The wire documents of FORMATS.md §3–7 as zod schemas, and the parse step they share. */
import { z } from 'zod';
import { WireError } from '../ledger/errors';
import { hashPattern } from '../ledger/hash';
import { isValidTime, uuidPattern } from '../ledger/ids';
import { kidPattern, publicKeyPattern, signaturePattern } from '../ledger/signing';
import { certificateSchema } from '../domain/events';

export const maxBatchEvents = 5000;
export const authorityIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
export const siteCodePattern = /^[A-Za-z0-9][A-Za-z0-9-]{1,31}$/;

const uuid = z.string().regex(uuidPattern);
const hash = z.string().regex(hashPattern);
const kid = z.string().regex(kidPattern);
const pub = z.string().regex(publicKeyPattern);
const sig = z.string().regex(signaturePattern);
const time = z.string().refine(isValidTime, 'not an RFC 3339 time with milliseconds and offset');
const seq = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const authorityId = z.string().regex(authorityIdPattern);
const siteCode = z.string().regex(siteCodePattern);

export const batchSchema = z.strictObject({
  v: z.literal(1),
  kind: z.literal('kaodian.batch'),
  device: uuid,
  kid,
  from: seq,
  to: seq,
  prev: hash,
  head: hash,
  // Envelopes are checked one by one afterwards (shared/ledger/event.ts).
  events: z.array(z.unknown()).min(1).max(maxBatchEvents),
  sig,
});

export const receiptSchema = z.strictObject({
  v: z.literal(1),
  kind: z.literal('kaodian.receipt'),
  authority: authorityId,
  kid,
  device: uuid,
  through: seq,
  head: hash,
  at: time,
  sig,
});

export const enrollRequestSchema = z.strictObject({
  v: z.literal(1),
  kind: z.literal('kaodian.enroll'),
  code: z.string().min(1).max(128),
  device: uuid,
  site: siteCode,
  name: z.string().min(1).max(200),
  pub,
  kid,
  /** The device's X25519 seal key (FORMATS.md §5a): packages are sealed to it. */
  sealPub: pub,
  at: time,
  sig,
});

export const enrollReplySchema = z.strictObject({
  v: z.literal(1),
  kind: z.literal('kaodian.enrolled'),
  authority: authorityId,
  kid,
  authorityPub: pub,
  authoritySealPub: pub,
  device: uuid,
  site: siteCode,
  deviceKid: kid,
  devicePub: pub,
  deviceSealPub: pub,
  at: time,
  sig,
});

export const packagePathPattern =
  /^(batches\/[0-9a-f-]{36}_[0-9]+-[0-9]+\.json|attachments\/[0-9a-f]{64}|receipts\/[0-9a-f-]{36}\.json|plans\/[0-9a-f-]{36}\.json|certs\/[0-9a-f]{32}\.json)$/;

export const manifestSchema = z.strictObject({
  v: z.literal(1),
  kind: z.literal('kaodian.package'),
  id: uuid,
  createdAt: time,
  by: z.union([uuid, authorityId]),
  kid,
  site: siteCode,
  entries: z
    .array(z.strictObject({ path: z.string().max(200), sha256: hash, size: z.number().int().min(0) }))
    .max(20_000),
  sig,
});

/** FORMATS.md §5a: the plain package is cut into chunks of exactly this many bytes (the last one shorter). */
export const sealChunkBytes = 1_048_576;
/** A wrapped payload key: 32 bytes and the 16-byte tag, base64url (64 characters). */
const wrappedKey = z.string().regex(/^[A-Za-z0-9_-]{64}$/);

export const sealedHeaderSchema = z.strictObject({
  v: z.literal(1),
  kind: z.literal('kaodian.sealed'),
  id: uuid,
  createdAt: time,
  by: z.union([uuid, authorityId]),
  kid,
  site: siteCode,
  cert: enrollReplySchema.nullable(),
  size: z
    .number()
    .int()
    .min(0)
    .max(2 * 1024 ** 3),
  chunk: z.literal(sealChunkBytes),
  recipients: z
    .array(z.strictObject({ kid, epk: pub, key: wrappedKey }))
    .min(1)
    .max(1000),
  sig,
});

export const planDeviceSchema = z.strictObject({ device: uuid, kid, pub, sealPub: pub });
export const planRevocationSchema = z.strictObject({ device: uuid, kid, at: time });

export const planSchema = z.strictObject({
  v: z.literal(1),
  kind: z.literal('kaodian.plan'),
  id: uuid,
  authority: authorityId,
  kid,
  issuedAt: time,
  site: siteCode,
  // The member shapes are the domain's (docs/formats.md); shared/domain checks them on import.
  specs: z.array(z.record(z.string(), z.unknown())),
  sessions: z.array(z.record(z.string(), z.unknown())),
  people: z.array(z.record(z.string(), z.unknown())),
  candidates: z.array(z.record(z.string(), z.unknown())),
  assignments: z.array(z.record(z.string(), z.unknown())),
  devices: z.array(planDeviceSchema),
  /** Every key the authority has revoked (absent in a plan made before revocations were carried). */
  revoked: z.array(planRevocationSchema).optional(),
  /** Certificate numbers the district assigned to the site's passers (absent when none). */
  certificates: z.array(certificateSchema).max(100_000).optional(),
  sig,
});

export type Batch = Omit<z.infer<typeof batchSchema>, 'events'> & { events: import('../ledger/event').LedgerEvent[] };
export type Receipt = z.infer<typeof receiptSchema>;
export type EnrollRequest = z.infer<typeof enrollRequestSchema>;
export type EnrollReply = z.infer<typeof enrollReplySchema>;
export type Manifest = z.infer<typeof manifestSchema>;
export type SealedHeader = z.infer<typeof sealedHeaderSchema>;
export type ManifestEntry = Manifest['entries'][number];
export type Plan = z.infer<typeof planSchema>;
export type PlanRevocation = z.infer<typeof planRevocationSchema>;
export type PlanDevice = z.infer<typeof planDeviceSchema>;

/**
 * Parses a wire document: a `v` other than 1 is `unsupported_version`, any other fault of shape
 * `bad_schema`, with the path of the first problem in the message.
 */
export function parseDocument<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new WireError('bad_schema', `${what}: not an object`);
  if ('v' in value && value.v !== 1 && typeof value.v === 'number')
    throw new WireError('unsupported_version', `${what}: version ${value.v}`);
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new WireError('bad_schema', `${what}: ${issue?.path.join('.') || '(top)'}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}
