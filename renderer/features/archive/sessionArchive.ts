/**
 * A closed session's archive bundle (shared/sync/archive.ts): every record printed as it stands,
 * the session's events and photos, signed by this device and sealed to the authority and the
 * site's devices, as a USB package is.
 */
import { attachmentHashes } from '../../../shared/domain/events';
import type { CodeListEntry } from '../../../shared/domain/priorityGroups';
import type { RecordKind } from '../../../shared/domain/records';
import type { SiteProfile } from '../../../shared/domain/site';
import { canonicalBytes } from '../../../shared/ledger/canonical';
import { formatTime, localOffsetMinutes, uuidV4 } from '../../../shared/ledger/ids';
import { sessionEvents, writeArchive, retainUntil } from '../../../shared/sync/archive';
import { sealPackage } from '../../../shared/sync/seal';
import type { SiteState } from '../../../shared/state/project';
import { webSealCrypto } from '../../crypto/webCrypto';
import { loadAttachment } from '../../db/attachments';
import { currentDeviceSigner } from '../../db/identity';
import { allLedgerEvents } from '../../db/records';
import type { Enrollment } from '../../db/settings';
import { sealRecipients } from '../../sync/usbPackage';
import { sessionRecordPdf } from '../print/printRecord';

export interface SessionArchive {
  bytes: Uint8Array<ArrayBuffer>;
  records: number;
  events: number;
  photos: number;
  retainUntil: string;
}

/** The records an archive holds: the day's, the results', and after the day's where there are any. */
function archivedKinds(state: SiteState, session: string): Exclude<RecordKind, 'manifest' | 'sheet'>[] {
  return [
    'tickets',
    'staff',
    'checkin',
    'summary',
    'supervision',
    'incident',
    ...(state.publications[session] ? (['publication'] as const) : []),
    'passers',
    'subsidy',
  ];
}

export async function buildSessionArchive(
  state: SiteState,
  profile: SiteProfile,
  session: string,
  enrollment: Enrollment,
  subsidy: { fee: number; priorityGroups: CodeListEntry[] },
  progress: (done: number, total: number) => void = () => {},
): Promise<SessionArchive> {
  const files = new Map<string, Uint8Array>();
  const kinds = archivedKinds(state, session);
  const total = kinds.length + 3;
  let step = 0;
  for (const kind of kinds) {
    files.set(`records/${kind}.pdf`, await sessionRecordPdf(state, profile, kind, session, [], { subsidy }));
    progress(++step, total);
  }
  const sheets = Object.values(state.sheets)
    .filter((s) => s.session === session)
    .sort((a, b) =>
      (state.candidates[a.candidate]?.ticket ?? '').localeCompare(state.candidates[b.candidate]?.ticket ?? ''),
    )
    .map((s) => s.id);
  if (sheets.length) files.set('records/sheets.pdf', await sessionRecordPdf(state, profile, 'sheet', session, sheets));
  progress(++step, total);

  const events = sessionEvents(await allLedgerEvents(), session);
  // One JSON array of the events exactly as signed (each in canonical form), in the ledger's order.
  files.set('events.json', canonicalBytes(events));
  let photos = 0;
  for (const hash of attachmentHashes(events)) {
    const row = await loadAttachment(hash);
    if (row) {
      files.set(`photos/${hash}`, row.bytes);
      photos += 1;
    }
  }
  progress(++step, total);

  const signer = await currentDeviceSigner();
  const device = enrollment.cert.device;
  const now = Date.now();
  const createdAt = formatTime(now, localOffsetMinutes(now));
  const id = uuidV4();
  const info = {
    id,
    session,
    sessionName: state.sessions[session]?.name ?? '',
    site: profile.siteCode,
    device,
    createdAt,
  };
  const zip = await writeArchive(info, files, signer);
  // Sealed like a package: a lost stick shows no name, ID number or photo.
  const recipients = await sealRecipients(device, profile.siteCode, enrollment, state.siteDevices);
  const bytes = await sealPackage(
    zip,
    { id, createdAt, by: device, site: profile.siteCode },
    { signer, cert: enrollment.cert, recipients: recipients.map((r) => r.publicKey), crypto: webSealCrypto },
  );
  progress(total, total);
  return {
    bytes: bytes as Uint8Array<ArrayBuffer>,
    records: kinds.length + (sheets.length ? 1 : 0),
    events: events.length,
    photos,
    retainUntil: retainUntil(createdAt),
  };
}
