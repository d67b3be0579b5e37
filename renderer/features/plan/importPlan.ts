/**
 * Importing an authority-signed plan (FORMATS.md §6): verified under the pinned authority key,
 * for this site only, then written as the events its members describe — all in one transaction.
 */
import type { EventDraft } from '../../../shared/ledger/append';
import { decodePublicKey } from '../../../shared/ledger/signing';
import { parseStrictJson } from '../../../shared/ledger/strictJson';
import { verifyPlan } from '../../../shared/sync/package';
import type { Plan } from '../../../shared/sync/schemas';
import type { SiteState } from '../../../shared/state/project';
import { webCryptoVerify } from '../../crypto/webCrypto';

export async function readPlan(bytes: Uint8Array, authorityPub: string): Promise<Plan> {
  return verifyPlan(parseStrictJson(bytes), decodePublicKey(authorityPub)!, webCryptoVerify);
}

/** The drafts that bring the plan into the ledger; what the site already holds is not written twice. */
export function planDrafts(plan: Plan, state: SiteState, actor: string): EventDraft[] {
  const drafts: EventDraft[] = [];
  for (const spec of plan.specs) {
    if (!state.specs[`${String(spec.code)}@${String(spec.version)}`])
      drafts.push({ actor, type: 'spec.defined', body: { spec } });
  }
  for (const person of plan.people)
    if (!state.people[String(person.person)]) drafts.push({ actor, type: 'person.registered', body: person });
  for (const session of plan.sessions)
    if (!state.sessions[String(session.session)]) drafts.push({ actor, type: 'session.created', body: session });
  for (const candidate of plan.candidates)
    if (!state.candidates[String(candidate.candidate)])
      drafts.push({ actor, type: 'candidate.registered', body: candidate });
  for (const assignment of plan.assignments) drafts.push({ actor, type: 'assignment.made', body: assignment });
  // Certificate numbers for passers the site does not know a number for yet (the first one stands).
  const newCertificates = (plan.certificates ?? []).filter((c) => !state.certificates[`${c.session}/${c.candidate}`]);
  if (newCertificates.length)
    drafts.push({
      actor: 'device',
      type: 'certificates.assigned',
      body: { plan: plan.id, certificates: newCertificates },
    });
  drafts.push({
    actor: 'device',
    type: 'plan.imported',
    body: {
      plan: plan.id,
      authority: plan.authority,
      issuedAt: plan.issuedAt,
      ...(plan.revoked?.length ? { revoked: plan.revoked } : {}),
      ...(plan.devices.length
        ? { devices: plan.devices.map(({ device, kid, sealPub }) => ({ device, kid, sealPub })) }
        : {}),
    },
  });
  return drafts;
}
