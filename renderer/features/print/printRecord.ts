/**
 * Printing a record: its QR code from the ledger, its PDF, and handing it to the platform to
 * print or save. Also the reverse: judging the QR text read off a paper record.
 */
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import {
  judgeRecordCode,
  parseRecordCode,
  parseShortCode,
  shortCodeSubjects,
  recordEvents,
  type RecordCheck,
  type RecordCode,
  type RecordKind,
  type RecordRef,
} from '../../../shared/domain/records';
import type { SiteProfile } from '../../../shared/domain/site';
import { formatTime, localOffsetMinutes } from '../../../shared/ledger/ids';
import type { SiteState } from '../../../shared/state/project';
import { latestEventHash, packageExportEvent, packageIdsEndingWith } from '../../db/records';
import { platform } from '../../platform';
import {
  checkInDocument,
  incidentDocument,
  manifestDocument,
  passersDocument,
  publicationDocument,
  staffSignInDocument,
  subsidyDocument,
  ticketsDocument,
  scoreSheetDocument,
  summaryDocument,
  supervisionDocument,
  type PackageManifestInfo,
  type PrintContext,
} from './documents';
import { renderPdf } from './pdf';
import { loadAttachment } from '../../db/attachments';

/** The QR code a record carries now: its kind, subject and the hash of the latest event it prints. */
export async function currentRecordCode(state: SiteState, ref: RecordRef): Promise<RecordCode | undefined> {
  if (ref.kind === 'manifest') {
    const exported = await packageExportEvent(ref.subject);
    return exported && { ...ref, hash: exported.hash };
  }
  const ids = recordEvents(state, ref);
  if (!ids) return undefined;
  const hash = await latestEventHash(ids);
  return hash ? { ...ref, hash } : ref;
}

function context(state: SiteState, site: SiteProfile, code: RecordCode): PrintContext {
  const now = Date.now();
  return { state, site, code, printedAt: formatTime(now, localOffsetMinutes(now)) };
}

/** A session's record (or, for `sheet`, the given sheets of the session) as a PDF. */
export async function sessionRecordPdf(
  state: SiteState,
  site: SiteProfile,
  kind: Exclude<RecordKind, 'manifest'>,
  session: string,
  sheets: string[] = [],
  extra: Pick<PrintContext, 'subsidy'> = {},
): Promise<Uint8Array<ArrayBuffer>> {
  const s = state.sessions[session]!;
  if (kind === 'sheet') {
    const codes = await Promise.all(sheets.map(async (id) => (await currentRecordCode(state, { kind, subject: id }))!));
    return renderPdf(scoreSheetDocument(context(state, site, codes[0]!), sheets, codes));
  }
  const code = (await currentRecordCode(state, { kind, subject: session }))!;
  const ctx = {
    ...context(state, site, code),
    ...extra,
    ...(kind === 'tickets' ? { photos: await photosOf(state, session) } : {}),
  };
  const builders: Record<typeof kind, (ctx: PrintContext, session: typeof s) => TDocumentDefinitions> = {
    summary: summaryDocument,
    checkin: checkInDocument,
    supervision: supervisionDocument,
    incident: incidentDocument,
    publication: publicationDocument,
    passers: passersDocument,
    subsidy: subsidyDocument,
    tickets: ticketsDocument,
    staff: staffSignInDocument,
  };
  return renderPdf(builders[kind](ctx, s));
}

/** The check-in photos held for a session's candidates, as data: URLs pdfmake can place. */
async function photosOf(state: SiteState, session: string): Promise<Record<string, string>> {
  const photos: Record<string, string> = {};
  for (const checkIn of Object.values(state.checkIns)) {
    if (checkIn.session !== session || !checkIn.photo) continue;
    const row = await loadAttachment(checkIn.photo);
    if (!row || !['image/jpeg', 'image/png'].includes(row.mimeType)) continue;
    let binary = '';
    for (const byte of row.bytes) binary += String.fromCharCode(byte);
    photos[checkIn.candidate] = `data:${row.mimeType};base64,${btoa(binary)}`;
  }
  return photos;
}

export async function manifestPdf(
  state: SiteState,
  site: SiteProfile,
  manifest: PackageManifestInfo,
): Promise<Uint8Array<ArrayBuffer>> {
  const code = (await currentRecordCode(state, { kind: 'manifest', subject: manifest.id })) ?? {
    kind: 'manifest' as const,
    subject: manifest.id,
  };
  return renderPdf(manifestDocument(context(state, site, code), manifest));
}

export type PdfDelivery = 'print' | 'save';

/** Browser mode without a PDF viewer cannot print (renderer/platform/browser.ts says so with this message). */
export function isNoPdfViewer(error: unknown): boolean {
  return error instanceof Error && error.message === 'no_pdf_viewer';
}

/** Hands the PDF to the platform; false when the person cancelled a save. */
export async function deliverPdf(bytes: Uint8Array<ArrayBuffer>, title: string, how: PdfDelivery): Promise<boolean> {
  if (how === 'print') {
    await platform().printPdf({ title, bytes });
    return true;
  }
  const saved = await platform().saveFile({ suggestedName: `${title}.pdf`, mimeType: 'application/pdf', bytes });
  return saved.saved;
}

/** What a paper's QR text says about it, against the ledger as it is now. */
export async function checkPaperRecord(state: SiteState, text: string): Promise<RecordCheck & { code?: RecordCode }> {
  const short = parseShortCode(text);
  if (short) return checkShortCode(state, short);
  const parsed = parseRecordCode(text);
  if ('problem' in parsed) return { verdict: 'no_match', problem: parsed.problem };
  const current = await currentRecordCode(state, parsed.code);
  return { ...judgeRecordCode(parsed.code, current?.hash, current !== undefined), code: parsed.code };
}

/** A typed 核验码: the record it names (by the end of its subject's id), judged by the first 8 hex of the hash. */
async function checkShortCode(
  state: SiteState,
  short: NonNullable<ReturnType<typeof parseShortCode>>,
): Promise<RecordCheck & { code?: RecordCode }> {
  const subjects =
    short.kind === 'manifest' ? await packageIdsEndingWith(short.subjectSuffix) : shortCodeSubjects(state, short);
  // Two subjects ending alike (1 in 16 million per pair) cannot be told apart: the QR can.
  if (subjects.length !== 1) return { verdict: 'no_match', ...(subjects.length > 1 ? { problem: 'ambiguous' } : {}) };
  const current = await currentRecordCode(state, { kind: short.kind, subject: subjects[0]! });
  if (!current) return { verdict: 'no_match' };
  const same =
    short.hashPrefix === undefined ? current.hash === undefined : !!current.hash?.startsWith(short.hashPrefix);
  return same
    ? { verdict: 'current', ref: { kind: current.kind, subject: current.subject }, code: current }
    : { verdict: 'superseded', ref: { kind: current.kind, subject: current.subject }, code: current };
}
