/** The demo package of `kdpkg demo`: two devices at one site, made with the app's own shared/ code. */
import { demoSite } from '../shared/domain/demoSite';
import { nextEvent, type ChainHead, type EventDraft } from '../shared/ledger/append';
import type { LedgerEvent } from '../shared/ledger/event';
import { sha256Hex } from '../shared/ledger/hash';
import { formatTime, uuidV4 } from '../shared/ledger/ids';
import { encodePublicKey } from '../shared/ledger/signing';
import { chunkEvents, makeBatch } from '../shared/sync/batch';
import { makeEnrollReply } from '../shared/sync/enrollment';
import { writePackage } from '../shared/sync/package';
import type { Batch, EnrollReply } from '../shared/sync/schemas';
import { randomBytes } from 'node:crypto';
import { generateSigner, nodeSealCrypto, type NodeSigner } from '../authority/nodeCrypto';
import { sealIdentityFromSeed, sealPackage, type SealIdentity } from '../shared/sync/seal';
import { toBase64url } from '../shared/ledger/base64url';

export const demoSiteCode = 'WH-0301';
export const demoAuthorityId = 'weihai-hrss-demo';

// A real 1×1 PNG: the "photo" a supervisor took of an incident.
export const demoPhoto = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);

export interface DemoDevice {
  device: string;
  signer: NodeSigner;
  /** The device's seal key (FORMATS.md §5a). */
  seal: SealIdentity;
  head: ChainHead | undefined;
  events: LedgerEvent[];
}

export interface DemoPackage {
  bytes: Uint8Array;
  /**
   * What `<out>.authority.json` says: the authority's keys and, for the demo only, its seal key's
   * 32 private bytes (`sealKey`, base64url) so that anyone can open the demo.
   */
  authority: { authority: string; kid: string; pub: string; sealPub: string; sealKey: string };
  eventCount: number;
}

export interface DemoDevices {
  authority: NodeSigner;
  /** The authority's seal key: its 32 bytes are published with the demo (`sealKey`), so anyone can open it. */
  authoritySealSeed: Uint8Array;
  authoritySeal: SealIdentity;
  /** The site manager's laptop (set-up and supervision) and the examiners' scoring laptop. */
  office: DemoDevice;
  bench: DemoDevice;
  certs: EnrollReply[];
}

/** The demo site's events on two devices, signed, with their certs from a fresh authority key. */
export async function buildDemoDevices(): Promise<DemoDevices> {
  const site = demoSite();
  const authority = generateSigner();
  const authoritySealSeed = new Uint8Array(randomBytes(32));
  const authoritySeal = await sealIdentityFromSeed(nodeSealCrypto, authoritySealSeed);
  let now = Date.parse('2026-11-26T08:40:00.000+08:00');
  const clock = () => ({ nowMs: (now += 7_000), offsetMinutes: 480 });
  const makeDevice = async (): Promise<DemoDevice> => ({
    device: uuidV4(),
    signer: generateSigner(),
    seal: await sealIdentityFromSeed(nodeSealCrypto, randomBytes(32)),
    head: undefined,
    events: [],
  });
  const record = (d: DemoDevice, drafts: EventDraft[], floor?: string) => {
    for (const draft of drafts) {
      const { event, hash } = nextEvent(d.device, d.head, draft, clock(), floor);
      d.head = { seq: event.seq, hash, hlc: event.hlc };
      d.events.push(event);
    }
  };

  const office = await makeDevice(); // the site manager's laptop
  const bench = await makeDevice(); // the examiners' scoring laptop
  const enrolled = (d: DemoDevice): EventDraft => ({
    actor: 'device',
    type: 'device.enrolled',
    body: { device: d.device, kid: d.signer.kid, authority: demoAuthorityId, authorityKid: authority.kid },
  });
  record(office, [enrolled(office), ...site.setup]);
  // The scoring laptop received the roster from the office laptop, so its clock starts past it.
  record(bench, [enrolled(bench), ...site.scoring], office.head!.hlc);
  record(office, site.supervision(sha256Hex(demoPhoto)), bench.head!.hlc);

  const certs = await Promise.all(
    [office, bench].map((d) =>
      makeEnrollReply(
        {
          device: d.device,
          site: demoSiteCode,
          kid: d.signer.kid,
          pub: encodePublicKey(d.signer.publicKey),
          sealPub: encodePublicKey(d.seal.publicKey),
        },
        { id: demoAuthorityId, signer: authority, sealPub: encodePublicKey(authoritySeal.publicKey) },
        formatTime(Date.parse('2026-11-20T10:00:00.000+08:00'), 480),
      ),
    ),
  );
  return { authority, authoritySealSeed, authoritySeal, office, bench, certs };
}

/** The demo as the office laptop exports it: sealed to the authority and both laptops, or plain. */
export async function buildDemoPackage({ batchSize = 100, plain = false } = {}): Promise<DemoPackage> {
  const { authority, authoritySealSeed, authoritySeal, office, bench, certs } = await buildDemoDevices();
  const now = Date.parse('2026-11-26T12:00:00.000+08:00');
  const batches: Batch[] = [];
  for (const d of [office, bench])
    for (const chunk of chunkEvents(d.events, batchSize)) batches.push(await makeBatch(chunk, d.signer));

  const info = { id: uuidV4(), createdAt: formatTime(now, 480), by: office.device, site: demoSiteCode };
  const zip = await writePackage(info, { batches, attachments: [demoPhoto], certs }, office.signer);
  const bytes = plain
    ? zip
    : await sealPackage(zip, info, {
        signer: office.signer,
        cert: certs[0]!,
        recipients: [authoritySeal.publicKey, office.seal.publicKey, bench.seal.publicKey],
        crypto: nodeSealCrypto,
      });
  return {
    bytes,
    authority: {
      authority: demoAuthorityId,
      kid: authority.kid,
      pub: encodePublicKey(authority.publicKey),
      sealPub: encodePublicKey(authoritySeal.publicKey),
      sealKey: toBase64url(authoritySealSeed),
    },
    eventCount: office.events.length + bench.events.length,
  };
}
