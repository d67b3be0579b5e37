/**
 * The authority's intake, as plain functions over the store and its key (the HTTP layer and the
 * command line both call these). FORMATS.md §5–8: acceptance judges the envelope, the chain and
 * the signatures, never the body; each event is accepted exactly once per (device, seq); a fork
 * or a rejected batch is quarantined with its reason, never dropped.
 */
import { randomInt } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readArchive, type ArchiveManifest } from '../shared/sync/archive';
import { readSealedFile, unsealPackage, verifySealedHeader } from '../shared/sync/seal';
import { canonicalBytes, canonicalize } from '../shared/ledger/canonical';
import { WireError, isWireError, type WireErrorCode } from '../shared/ledger/errors';
import { sha256Hex } from '../shared/ledger/hash';
import { formatTime, uuidV4 } from '../shared/ledger/ids';
import { decodePublicKey, encodePublicKey } from '../shared/ledger/signing';
import { verifyBatch, type BatchSource, type VerifiedBatch } from '../shared/sync/batch';
import { makeEnrollReply, verifyEnrollRequest } from '../shared/sync/enrollment';
import { resolverFromKeys, type KeyResolver, type KnownKey } from '../shared/sync/keys';
import { compareBatches } from '../shared/sync/judge';
import { verifyPackage, type InflateEntries } from '../shared/sync/package';
import type { EnrollReply, PlanDevice, PlanRevocation, Receipt } from '../shared/sync/schemas';
import type { EventBody } from '../shared/domain/events';
import { bytesSource } from '../shared/sync/zipReader';
import { nodeSealCrypto, nodeSha256, nodeVerify } from './nodeCrypto';
import type { AuthorityIdentity } from './identity';
import type { CodeRow, KeyRow, Store, Statements } from './store';
import { gather, type GatherOptions, type Gatherer } from './gather';
import { acceptGroup, signReceipt, type BatchOutcome } from './intake';
import {
  certificateNumber,
  certificatePrefix,
  checkCertificateRule,
  defaultCertificateRule,
  passers,
  type CertificateRuleProblem,
} from '../shared/domain/certificates';
import { safeCell, type ExportTable } from '../shared/domain/exports';
import { subsidyTable } from '../shared/domain/passerRosters';
import { defaultPriorityGroups } from '../shared/domain/priorityGroups';
import { candidateResult, specOfSession } from '../shared/domain/scoring';
import { idTypeTerms, labelTerms, sexTerms } from '../shared/domain/terms';
import type { LedgerEvent } from '../shared/ledger/event';
import { project } from '../shared/state/project';
import { signDocument } from '../shared/ledger/signing';
import { verifyPlan, writePackage } from '../shared/sync/package';
import type { Plan } from '../shared/sync/schemas';
import { audit } from './operators';

type Certificate = EventBody<'certificates.assigned'>['certificates'][number];

export const codeLifetimeMs = 7 * 24 * 60 * 60 * 1000;
const codeAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export type { BatchOutcome };

export interface Service {
  identity: AuthorityIdentity;
  store: Store;
  now(): number;
  /** Acceptances gathered into groups, one transaction each (group commit). */
  intake: Gatherer<VerifiedBatch, BatchOutcome>;
  /**
   * Key lookups gathered the same way: the batches arriving together ask for their keys in one
   * statement (on PostgreSQL a round trip per batch was the larger half of the intake's).
   */
  keys: Gatherer<string, KeyRow | undefined>;
}

/**
 * The service over a store. `grouping`: how acceptances gather (authority/gather.ts); by default
 * as many groups in flight as the store has writers, each taking whatever waits.
 */
export function createService(
  identity: AuthorityIdentity,
  store: Store,
  now: () => number = Date.now,
  grouping: GatherOptions = {},
): Service {
  const intake = gather<VerifiedBatch, BatchOutcome>(
    (items) => store.writeTransaction((tx) => acceptGroup(tx, identity, now(), items)),
    { concurrency: store.writers, ...grouping },
  );
  const keys = gather<string, KeyRow | undefined>(
    async (kids) => {
      const held = new Map((await store.keysOf([...new Set(kids)])).map((row) => [row.kid, row]));
      return kids.map((kid) => held.get(kid));
    },
    { concurrency: 2 },
  );
  return { identity, store, now, intake, keys };
}

/** A refused body is kept whole up to this size; above it, its hash, size and first bytes (quarantineHead). */
export const quarantineWholeBytes = 1024 * 1024;
export const quarantineHeadBytes = 64 * 1024;

const time = (ms: number) => formatTime(ms, 480);

/** GET /v1/health: who this authority is, and whether its store answers (a load balancer's probe). */
export async function health(service: Service) {
  const store = await service.store.ping();
  return {
    ok: store,
    store: service.store.engine,
    authority: service.identity.id,
    kid: service.identity.signer.kid,
    pub: encodePublicKey(service.identity.signer.publicKey),
    sealPub: encodePublicKey(service.identity.seal.publicKey),
    time: time(service.now()),
  };
}

function randomCode(): string {
  return Array.from({ length: 8 }, (_, i) => (i === 4 ? '-' : '') + codeAlphabet[randomInt(codeAlphabet.length)]).join(
    '',
  );
}

/**
 * A one-time enrolment code for a site. With `device`, a re-key code: it enrols a new key for that
 * one device of that site (which must be held), and revokes the device's earlier keys (FORMATS.md §7).
 */
export async function newEnrollCode(service: Service, site: string, device?: string): Promise<string> {
  if (device !== undefined) {
    const held = await service.store.getDevice.get(device);
    if (!held) throw new WireError('unknown_device', `device ${device} is not enrolled here`);
    if (held.site !== site)
      throw new WireError('bad_code', `device ${device} belongs to site ${held.site}, not ${site}`);
  }
  const code = randomCode();
  const now = service.now();
  await service.store.insertCode.run(code, site, device ?? null, now, now + codeLifetimeMs);
  return code;
}

/** Where a code stands: cancelled, used, past its expiry, or still valid. */
export function codeState(
  code: Pick<CodeRow, 'cancelled_at' | 'used_at' | 'expires_at'>,
  now: number,
): 'cancelled' | 'used' | 'expired' | 'valid' {
  return code.cancelled_at ? 'cancelled' : code.used_at ? 'used' : code.expires_at < now ? 'expired' : 'valid';
}

/** Cancels an unused code; false when there is no such unused code. */
export async function cancelCode(service: Service, code: string): Promise<boolean> {
  return (await service.store.cancelCode.run(service.now(), code)).changes === 1;
}

/**
 * Enrols a device (FORMATS.md §7): proof of possession, then a one-time code for its site. An
 * ordinary code enrols only a device never held here; a re-key code only its own device, whose
 * earlier keys it revokes. The same device sending the same key again gets the same reply;
 * anything else naming a held device is `device_enrolled`. The code is consumed in the enrolling
 * transaction, so two requests racing for one code cannot both enrol.
 */
export async function enroll(service: Service, value: unknown): Promise<EnrollReply> {
  const request = await verifyEnrollRequest(value, nodeVerify);
  const { store } = service;
  const code = await store.getCode.get(request.code);
  if (!code || code.site !== request.site || code.cancelled_at !== null)
    throw new WireError('bad_code', 'this enrolment code is not known for this site');
  const heldKey = await store.getKey.get(request.kid);
  const heldDevice = await store.getDevice.get(request.device);
  if (heldKey && heldKey.device === request.device && heldDevice?.site === request.site) {
    if (heldKey.revoked_at !== null) throw new WireError('revoked_key', 'this device key has been revoked');
    return JSON.parse(heldKey.cert) as EnrollReply;
  }
  if (heldKey) throw new WireError('device_enrolled', 'this key is enrolled for another device');
  if (heldDevice && code.device !== request.device)
    throw new WireError(
      'device_enrolled',
      `device ${request.device} is already enrolled; only a re-key code made for it can enrol a new key`,
    );
  if (!heldDevice && code.device !== null) throw new WireError('bad_code', 'this re-key code is for another device');
  if (heldDevice && heldDevice.site !== code.site)
    throw new WireError('device_enrolled', `device ${request.device} belongs to another site`);
  if (code.used_at !== null) throw new WireError('used_code', 'this enrolment code has been used');
  if (code.expires_at < service.now()) throw new WireError('expired_code', 'this enrolment code has expired');
  const now = service.now();
  const reply = await makeEnrollReply(
    request,
    {
      id: service.identity.id,
      signer: service.identity.signer,
      sealPub: encodePublicKey(service.identity.seal.publicKey),
    },
    time(now),
  );
  await store.transaction(async (tx) => {
    if ((await tx.useCode.run(now, request.device, request.code)).changes !== 1)
      throw new WireError('used_code', 'this enrolment code has been used');
    if (heldDevice) await tx.revokeOtherKeys.run(now, request.device, request.kid);
    await holdCert(tx, reply, request.name, now);
  });
  return reply;
}

/** Keeps a device key this authority certified: the device (by name) and the key with its cert. */
async function holdCert(tx: Statements, cert: EnrollReply, name: string, now: number): Promise<void> {
  await tx.upsertDevice.run(cert.device, cert.site, name, now);
  await tx.insertKey.run(cert.deviceKid, cert.device, cert.devicePub, canonicalize(cert));
}

/**
 * Takes in device keys whose certs this authority already signed, without a one-time code: for
 * tests, benchmarks and load runs that make their certs directly (enrolment proper is `enroll`).
 */
export async function holdCerts(service: Service, certs: readonly EnrollReply[], name: string): Promise<void> {
  await service.store.transaction(async (tx) => {
    for (const cert of certs) await holdCert(tx, cert, name, service.now());
  });
}

const knownKey = (row: KeyRow): KnownKey => ({
  kid: row.kid,
  owner: row.device,
  publicKey: decodePublicKey(row.pub)!,
  ...(row.revoked_at !== null ? { revokedAt: row.revoked_at } : {}),
});

/**
 * Enrolment keys as the verifier sees them (owner device, public key, revocation time), read
 * from the store now: those named (a batch's or an archive's kid), or all (a package's).
 */
export async function keyResolver(service: Service, kids?: readonly unknown[]): Promise<KeyResolver> {
  const rows = kids
    ? await Promise.all(kids.filter((kid) => typeof kid === 'string').map((kid) => service.keys.submit(kid)))
    : await service.store.allKeys.all();
  return resolverFromKeys(rows.flatMap((row) => (row ? [knownKey(row)] : [])));
}

/**
 * Keeps a refused input for review: whole up to 1 MiB; above, its hash, size and first 64 KiB, so
 * nobody can make the authority store a large body by sending it something it refuses.
 */
function quarantine(
  service: Service,
  device: string | undefined,
  reason: WireErrorCode | string,
  detail: string,
  body?: Uint8Array,
): Promise<unknown> {
  const kept = body && (body.length <= quarantineWholeBytes ? body : body.subarray(0, quarantineHeadBytes));
  return service.store.quarantine.run(
    service.now(),
    device ?? null,
    reason,
    detail,
    kept ? Buffer.from(kept) : null,
    body ? sha256Hex(body, nodeSha256) : null,
    body ? body.length : null,
  );
}

/** `authority purge`: drops the kept bodies of quarantine rows older than `ageMs` (the rows and reasons stay). */
export async function purgeQuarantine(service: Service, ageMs: number): Promise<number> {
  const now = service.now();
  return (await service.store.purgeQuarantine.run(now, now - ageMs)).changes;
}

/** The signed receipt for a device's events 1..through; the same one every time it is asked for. */
export async function receiptFor(service: Service, device: string): Promise<Receipt> {
  const { store } = service;
  const head = await store.head.get(device);
  if (!head) throw new WireError('unknown_device', 'no events are held for this device');
  const held = await store.getReceipt.get(device, head.seq);
  if (held) return JSON.parse(held.receipt) as Receipt;
  const receipt = await signReceipt(service.identity, device, head, service.now());
  // Another process may have signed one for the same head meanwhile: the first kept is the one given.
  if ((await store.putReceipt.run(device, head.seq, canonicalize(receipt))).changes === 1) return receipt;
  return JSON.parse((await store.getReceipt.get(device, head.seq))!.receipt) as Receipt;
}

/**
 * Stores a verified batch's new events, as the judge (shared/sync/judge.ts) says, in the next
 * group's transaction (authority/intake.ts); answered once that group has durably committed.
 * A fork or a broken chain is quarantined with the bytes the batch came as (when given).
 */
export async function storeVerifiedBatch(
  service: Service,
  verified: VerifiedBatch,
  raw?: Uint8Array,
): Promise<BatchOutcome> {
  const { batch } = verified;
  const outcome = await service.intake.submit(verified);
  if (outcome.status === 'fork' || outcome.status === 'broken_chain') {
    const detail = outcome.status === 'fork' ? `seq ${outcome.seq} differs from the event held` : outcome.message;
    await quarantine(
      service,
      batch.device,
      outcome.status,
      `${detail} (batch ${batch.from}–${batch.to})`,
      raw ?? canonicalBytes(batch),
    );
  }
  return outcome;
}

/**
 * POST /v1/batches: verify, then store. A batch that fails verification is quarantined (with the
 * bytes it came as, when given) and rethrown. `source`: the bytes and the parser's texts (verifyBatch).
 */
export async function acceptBatch(service: Service, value: unknown, source?: BatchSource): Promise<BatchOutcome> {
  let verified: VerifiedBatch;
  try {
    const kid = (value as { kid?: unknown } | null)?.kid;
    verified = await verifyBatch(value, await keyResolver(service, [kid]), nodeVerify, source, nodeSha256);
  } catch (error) {
    if (isWireError(error))
      await quarantine(
        service,
        (value as { device?: string } | null)?.device,
        error.code,
        error.message,
        source?.bytes,
      );
    throw error;
  }
  return storeVerifiedBatch(service, verified, source?.bytes);
}

export interface PackageBatchResult {
  device: string;
  from: number;
  to: number;
  status: 'accepted' | 'duplicate' | 'rejected';
  error?: WireErrorCode;
}

export interface PackageResult {
  batches: PackageBatchResult[];
  receipts: Receipt[];
  /** Attachments stored, and those left out because no event held here names them. */
  attachments: { stored: number; unreferenced: number };
}

/**
 * POST /v1/packages and `authority import`: the same code path. Whole-package faults throw (the
 * package is checked before it is opened: FORMATS.md §5); then each batch is judged, and only
 * the attachments held events name are stored. Sealed and plain packages alike (FORMATS.md §5a).
 * `inflateFor`: the server's worker pool over the plain package; in place without.
 */
export async function acceptPackage(
  service: Service,
  bytes: Uint8Array,
  inflateFor?: (plain: Uint8Array) => InflateEntries,
): Promise<PackageResult> {
  let result;
  try {
    result = await verifyPackage(bytesSource(bytes), {
      authorityPublicKey: service.identity.signer.publicKey,
      authorityId: service.identity.id,
      verify: nodeVerify,
      sha256: nodeSha256,
      keys: await keyResolver(service),
      certsMustBeKnown: true,
      seal: { identities: [service.identity.seal], crypto: nodeSealCrypto },
      ...(inflateFor ? { inflateFor } : {}),
    });
  } catch (error) {
    if (isWireError(error)) await quarantine(service, undefined, error.code, `package: ${error.message}`, bytes);
    throw error;
  }
  const batches: PackageBatchResult[] = [];
  const touched = new Set<string>();
  // In seq order per device, so a package holding consecutive batches is accepted whole.
  for (const item of [...result.batches].sort(compareBatches)) {
    const base = { device: item.device, from: item.from, to: item.to };
    if (item.status === 'rejected' || !item.verified) {
      await quarantine(service, item.device, item.error ?? 'bad_schema', `${item.path}: ${item.message ?? ''}`);
      batches.push({ ...base, status: 'rejected', error: item.error });
      continue;
    }
    const outcome = await storeVerifiedBatch(service, item.verified);
    if (outcome.status === 'accepted') {
      touched.add(item.device);
      batches.push({ ...base, status: outcome.accepted > 0 ? 'accepted' : 'duplicate' });
    } else batches.push({ ...base, status: 'rejected', error: outcome.status });
  }
  const attachments = { stored: 0, unreferenced: 0 };
  for (const hash of result.attachments) {
    if (!(await service.store.isAttachmentReferenced.get(hash))) attachments.unreferenced += 1;
    else if (
      (
        await service.store.putAttachment.run(
          hash,
          Buffer.from(await result.read(`attachments/${hash}`)),
          service.now(),
        )
      ).changes === 1
    )
      attachments.stored += 1;
  }
  const receipts = await Promise.all([...touched].map((device) => receiptFor(service, device)));
  return { batches, receipts, attachments };
}

/** PUT /v1/attachments/<hash>: only bytes that a held event names (FORMATS.md §8). */
export async function putAttachment(service: Service, hash: string, bytes: Uint8Array): Promise<'created' | 'held'> {
  if (sha256Hex(bytes, nodeSha256) !== hash)
    throw new WireError('hash_mismatch', 'the bytes do not hash to the address');
  if (await service.store.hasAttachment.get(hash)) return 'held';
  if (!(await service.store.isAttachmentReferenced.get(hash)))
    throw new WireError('unreferenced', 'no event held here names this attachment; send the batch first');
  await service.store.putAttachment.run(hash, Buffer.from(bytes), service.now());
  return 'created';
}

/** Revokes every key of a device from now on; the number of keys revoked. */
export async function revokeDevice(service: Service, device: string): Promise<number> {
  return (await service.store.revokeDevice.run(service.now(), device)).changes;
}

/** Revokes one key from now on; false when it is not held or revoked already. */
export async function revokeKey(service: Service, kid: string): Promise<boolean> {
  return (await service.store.revokeKey.run(service.now(), kid)).changes === 1;
}

/** A site's devices as a plan lists them (FORMATS.md §6): each key in use, with its seal key. */
export async function siteDevices(service: Service, site: string): Promise<PlanDevice[]> {
  return (await service.store.siteCerts.all(site)).map((row) => {
    const cert = JSON.parse(row.cert) as EnrollReply;
    return { device: cert.device, kid: cert.deviceKid, pub: cert.devicePub, sealPub: cert.deviceSealPub };
  });
}

/** Every revoked key, as plans carry them (FORMATS.md §6). */
export async function revocations(service: Service): Promise<PlanRevocation[]> {
  return (await service.store.revokedKeys.all()).map((row) => ({
    device: row.device,
    kid: row.kid,
    at: time(row.revoked_at),
  }));
}

/**
 * Signs and publishes a plan (FORMATS.md §6) from a draft (a plan without its authority's
 * members and signature): the site's devices, every revocation and the site's certificate
 * numbers go with it, it is checked as a site would check it, kept, and the publication audited.
 */
export async function publishPlan(service: Service, value: unknown, by: string, address?: string): Promise<Plan> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new WireError('bad_schema', 'plan: a draft is a JSON object');
  const { sig: _sig, ...draft } = value as Record<string, unknown>;
  const { identity } = service;
  const site = String(draft.site);
  // The site's certificate numbers go back with its plan (the site prints them on its rosters).
  const certificates = await certificatesForSite(service, site);
  const signed = await signDocument(
    {
      ...draft,
      v: 1,
      kind: 'kaodian.plan',
      id: typeof draft.id === 'string' ? draft.id : uuidV4(),
      authority: identity.id,
      kid: identity.signer.kid,
      issuedAt: time(service.now()),
      devices: await siteDevices(service, site),
      revoked: await revocations(service),
      ...(certificates.length ? { certificates } : {}),
    },
    identity.signer,
  );
  const plan = await verifyPlan(signed, identity.signer.publicKey, nodeVerify);
  const now = service.now();
  await service.store.insertPlan.run(plan.id, plan.site, now, by, canonicalize(plan));
  await audit(
    service.store,
    {
      login: by,
      action: 'plan.published',
      detail: `${plan.id} for site ${plan.site}: ${plan.sessions.length} session(s), ${plan.candidates.length} candidate(s)`,
      address,
    },
    now,
  );
  return plan;
}

/** The authority's package for a site (USB): a receipt for each of its devices holding events, and plans. */
export async function outboxPackage(
  service: Service,
  site: string,
  plans: readonly Plan[],
): Promise<{ bytes: Uint8Array; receipts: number }> {
  const devices = (await service.store.devices.all()).filter((d) => d.site === site && (d.through ?? 0) > 0);
  const receipts = await Promise.all(devices.map((d) => receiptFor(service, d.device)));
  const bytes = await writePackage(
    { id: uuidV4(), createdAt: time(service.now()), by: service.identity.id, site },
    { receipts, plans: [...plans] },
    service.identity.signer,
  );
  return { bytes, receipts: receipts.length };
}

/** Every event the authority holds, parsed (results, certificates and rosters fold them). */
export async function heldEvents(service: Service | { store: Statements }): Promise<LedgerEvent[]> {
  return (await service.store.allEvents.all()).map((row) => JSON.parse(row.event) as LedgerEvent);
}

export type CertificateRuleError = 'no_rule' | CertificateRuleProblem;

/** The coding rule and region in force: those given (kept for next time), else those kept. */
async function certificateRule(tx: Statements, given: { rule?: string; region?: string }) {
  if (given.rule !== undefined) {
    const problem = checkCertificateRule(given.rule);
    if (problem) return { problem };
    await tx.putSetting.run('certificate_rule', given.rule);
  }
  if (given.region !== undefined) {
    if (!/^[A-Za-z0-9-]{1,12}$/.test(given.region)) return { problem: 'bad_characters' as const };
    await tx.putSetting.run('certificate_region', given.region);
  }
  const region = (await tx.getSetting.get('certificate_region'))?.value;
  if (!region) return { problem: 'no_rule' as const };
  return { rule: (await tx.getSetting.get('certificate_rule'))?.value ?? defaultCertificateRule, region };
}

/**
 * Assigns a certificate number to every passer of every closed session the authority holds that
 * has none yet, in one write transaction (BEGIN IMMEDIATE: two processes never take the same
 * serial). Numbers already assigned never change, and a serial is never used twice.
 */
export async function assignCertificates(
  service: Service,
  given: { rule?: string; region?: string } = {},
): Promise<{ assigned: number; total: number } | { problem: CertificateRuleError }> {
  return service.store.writeTransaction(async (tx) => {
    const coding = await certificateRule(tx, given);
    if (coding.problem !== undefined) return { problem: coding.problem };
    const events = await heldEvents({ store: tx });
    const state = project(events);
    const sessionDevice = new Map(
      events.filter((e) => e.type === 'session.created').map((e) => [String(e.body.session), e.device]),
    );
    let assigned = 0;
    const due = passers(state);
    for (const passer of due) {
      if (await tx.certificateOf.get(passer.session, passer.candidate)) continue;
      const facts = { ...passer.facts, region: coding.region };
      const serial = (await tx.nextSerial.get(certificatePrefix(coding.rule, facts)))!.last;
      const site = (await tx.siteOfDevice.get(sessionDevice.get(passer.session) ?? ''))?.site ?? '';
      await tx.insertCertificate.run(
        certificateNumber(coding.rule, facts, serial),
        passer.session,
        passer.candidate,
        site,
        service.now(),
      );
      assigned += 1;
    }
    return { assigned, total: due.length };
  });
}

/** The certificate numbers of one site's passers, for its next plan. */
export async function certificatesForSite(service: Service, site: string): Promise<Certificate[]> {
  return (await service.store.certificates.all())
    .filter((row) => row.site === site)
    .map(({ session, candidate, number }) => ({ session, candidate, number }));
}

/** The certificate list (for printing and sealing the certificates), from what the authority holds. */
export async function certificateTable(service: Service): Promise<ExportTable> {
  const state = project(await heldEvents(service));
  const rows = (await service.store.certificates.all()).map((row) => {
    const c = state.candidates[row.candidate];
    const session = state.sessions[row.session];
    const spec = specOfSession(state, row.session);
    const result = candidateResult(state, row.session, row.candidate);
    return [
      row.number,
      c?.name ?? '',
      c ? sexTerms[c.sex] : '',
      c ? idTypeTerms[c.idType] : '',
      c?.idNumber ?? '',
      spec?.name ?? '',
      spec?.code ?? '',
      result.final === undefined ? '' : result.final / 100,
      row.site,
      session?.startsAt.slice(0, 10) ?? '',
      c?.trainingUnit ?? '',
    ].map((cell) => (typeof cell === 'string' ? safeCell(cell) : cell));
  });
  return {
    name: '证书编号',
    header: [
      '证书编号',
      '姓名',
      '性别',
      '证件类型',
      '证件号码',
      '考核项目',
      labelTerms.specCode,
      '成绩',
      '考点代码',
      '考核日期',
      '培训机构',
    ],
    rows,
  };
}

/**
 * The 补贴申领花名册 at the authority: every closed session's eligible passers by training unit,
 * with the numbers the authority assigned (the same table the site prints).
 */
export async function subsidyRosterTable(service: Service, fee: number): Promise<ExportTable> {
  const state = project(await heldEvents(service));
  const sessions = Object.values(state.sessions)
    .filter((s) => s.status === 'closed')
    .map((s) => s.id);
  const numbers = new Map(
    (await service.store.certificates.all()).map((row) => [`${row.session}/${row.candidate}`, row.number]),
  );
  const certificateOf = (session: string, candidate: string) => numbers.get(`${session}/${candidate}`);
  return subsidyTable(state, sessions, certificateOf, { fee, priorityGroups: defaultPriorityGroups });
}

/**
 * Keeps a session's archive bundle: opened with the authority's seal key, its header and manifest
 * verified under the sealing device's key, every entry checked, then stored whole (as it came)
 * under <data>/archives with its retention date. Refusals are WireErrors with the FORMATS codes.
 */
export async function keepArchive(
  service: Service,
  dataDir: string,
  bytes: Uint8Array,
): Promise<{ manifest: ArchiveManifest; file: string; kept: boolean }> {
  const sealed = readSealedFile(bytes);
  const packer = (await keyResolver(service, [sealed.header.kid]))(sealed.header.kid);
  if (!packer) throw new WireError('unknown_key', `the archive was sealed by an unknown key ${sealed.header.kid}`);
  await verifySealedHeader(sealed, packer.publicKey, nodeVerify);
  const zip = await unsealPackage(sealed, [service.identity.seal], nodeSealCrypto);
  const keys = await keyResolver(service);
  const { manifest } = await readArchive(zip, (kid) => keys(kid)?.publicKey, nodeVerify);
  const folder = path.join(dataDir, 'archives');
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, `${manifest.id}.kdarc`);
  // An archive is never overwritten: the same id again is the same archive, already kept.
  try {
    await writeFile(file, bytes, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const kept =
    (
      await service.store.insertArchive.run(
        manifest.id,
        manifest.session,
        manifest.site,
        manifest.device,
        manifest.createdAt,
        manifest.retainUntil,
        sha256Hex(bytes),
        file,
        service.now(),
      )
    ).changes === 1;
  return { manifest, file, kept };
}
