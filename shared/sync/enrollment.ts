/** Enrolment (FORMATS.md §7): a device proves possession of its key; the authority's reply is its cert. */
import { WireError } from '../ledger/errors';
import {
  decodePublicKey,
  encodePublicKey,
  kidOf,
  signDocument,
  verifyDocument,
  type Signer,
  type VerifySignature,
} from '../ledger/signing';
import { enrollReplySchema, enrollRequestSchema, parseDocument, type EnrollReply, type EnrollRequest } from './schemas';

export function makeEnrollRequest(
  fields: { code: string; device: string; site: string; name: string; at: string; sealPub: string },
  signer: Signer,
): Promise<EnrollRequest> {
  return signDocument(
    {
      v: 1 as const,
      kind: 'kaodian.enroll' as const,
      ...fields,
      pub: encodePublicKey(signer.publicKey),
      kid: kidOf(signer.publicKey),
    },
    signer,
  );
}

/** Checks a request's shape and its proof of possession (signed by the key it enrols). */
export async function verifyEnrollRequest(value: unknown, verify: VerifySignature): Promise<EnrollRequest> {
  const request = parseDocument(enrollRequestSchema, value, 'enrolment request');
  const publicKey = decodePublicKey(request.pub);
  if (!publicKey) throw new WireError('bad_schema', 'enrolment request: pub is not a 32-byte key');
  if (kidOf(publicKey) !== request.kid) throw new WireError('bad_schema', 'enrolment request: kid does not match pub');
  if (!(await verifyDocument(request, publicKey, verify)))
    throw new WireError('bad_signature', 'enrolment request: signature does not verify');
  return request;
}

export function makeEnrollReply(
  request: Pick<EnrollRequest, 'device' | 'site' | 'kid' | 'pub' | 'sealPub'>,
  authority: { id: string; signer: Signer; sealPub: string },
  at: string,
): Promise<EnrollReply> {
  return signDocument(
    {
      v: 1 as const,
      kind: 'kaodian.enrolled' as const,
      authority: authority.id,
      kid: kidOf(authority.signer.publicKey),
      authorityPub: encodePublicKey(authority.signer.publicKey),
      authoritySealPub: authority.sealPub,
      device: request.device,
      site: request.site,
      deviceKid: request.kid,
      devicePub: request.pub,
      deviceSealPub: request.sealPub,
      at,
    },
    authority.signer,
  );
}

/**
 * Verifies a reply (a cert). With `pinnedAuthorityKey` it must be signed by that key; without
 * one (first contact), the caller shows the key's fingerprint for a person to confirm.
 */
export async function verifyEnrollReply(
  value: unknown,
  verify: VerifySignature,
  pinnedAuthorityKey?: Uint8Array,
): Promise<EnrollReply> {
  const reply = parseDocument(enrollReplySchema, value, 'enrolment reply');
  const authorityKey = decodePublicKey(reply.authorityPub);
  const deviceKey = decodePublicKey(reply.devicePub);
  if (!authorityKey || !deviceKey) throw new WireError('bad_schema', 'enrolment reply: a key is not 32 bytes');
  if (kidOf(authorityKey) !== reply.kid || kidOf(deviceKey) !== reply.deviceKid)
    throw new WireError('bad_schema', 'enrolment reply: a kid does not match its key');
  if (pinnedAuthorityKey && encodePublicKey(pinnedAuthorityKey) !== reply.authorityPub)
    throw new WireError('unknown_key', 'enrolment reply: not from the pinned authority');
  if (!(await verifyDocument(reply, authorityKey, verify)))
    throw new WireError('bad_signature', 'enrolment reply: signature does not verify');
  return reply;
}
