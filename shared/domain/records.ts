/**
 * Printed records and the QR code each carries.
 *
 * A paper record is the legal record at a site, so each must lead back to the signed data. The
 * QR text names the kind of record, its subject (a sheet, a session or a package) and the hash
 * of the latest event the record prints: `KD1|sheet|<sheet id>|<event hash>`. The "check a
 * paper record" screen parses it, finds the subject, recomputes which event the record would
 * print now and says whether the paper is current, has been overtaken by a later change, or
 * matches nothing.
 */
import { compareEvents } from '../ledger/event';
import { hashPattern } from '../ledger/hash';
import { uuidPattern } from '../ledger/ids';
import type { SiteState } from '../state/project';
import { recordTerms } from './terms';

export const recordKinds = [
  'sheet',
  'summary',
  'checkin',
  'supervision',
  'incident',
  'manifest',
  'publication',
  'passers',
  'subsidy',
  'tickets',
  'staff',
] as const;
export type RecordKind = (typeof recordKinds)[number];

/** Each record's printed title (records print in Chinese whatever the screen's language). */
export const recordTitles: Record<RecordKind, string> = recordTerms;

/** What a record prints: its kind and subject (sheet id, session id, or package id). */
export interface RecordRef {
  kind: RecordKind;
  subject: string;
}

export interface RecordCode extends RecordRef {
  /** Hash of the latest event the record prints; absent when it prints no event yet (an empty incident record). */
  hash?: string;
}

const prefix = 'KD1';

export function formatRecordCode({ kind, subject, hash }: RecordCode): string {
  return [prefix, kind, subject, hash ?? '-'].join('|');
}

export type RecordCodeProblem = 'not_a_record_code' | 'unknown_kind' | 'bad_subject' | 'bad_hash' | 'ambiguous';

/**
 * 核验码: the short code printed under the QR for a site without a scanner, typed by hand:
 * a letter for the kind, the last 6 hex digits of the subject (the random end of its UUID) and
 * the first 8 of the event hash — "Q-9F3A2B-7B1E4D0A". It finds the record and says whether the
 * paper is current as the QR does, with 32 bits of the hash instead of 256.
 */
const kindLetters: Record<RecordKind, string> = {
  sheet: 'P',
  summary: 'H',
  checkin: 'Q',
  supervision: 'D',
  incident: 'K',
  manifest: 'M',
  publication: 'G',
  passers: 'C',
  subsidy: 'B',
  tickets: 'Z',
  staff: 'Y',
};

export interface ShortRecordCode {
  kind: RecordKind;
  subjectSuffix: string;
  /** Absent for a record that prints no event yet. */
  hashPrefix?: string;
}

export function formatShortCode({ kind, subject, hash }: RecordCode): string {
  return [kindLetters[kind], subject.slice(-6), hash ? hash.slice(0, 8) : '00000000'].join('-').toUpperCase();
}

/** Parses a typed 核验码 (any case, spaces and dashes as typed); undefined when it is not one. */
export function parseShortCode(text: string): ShortRecordCode | undefined {
  const compact = text.replace(/[\s-]/g, '').toLowerCase();
  const match = /^([a-z])([0-9a-f]{6})([0-9a-f]{8})$/.exec(compact);
  if (!match) return undefined;
  const [, letter, subjectSuffix, hashPrefix] = match as unknown as [string, string, string, string];
  const kind = recordKinds.find((k) => kindLetters[k].toLowerCase() === letter);
  if (!kind) return undefined;
  return { kind, subjectSuffix, ...(hashPrefix === '00000000' ? {} : { hashPrefix }) };
}

/** The subjects in the state a short code may name (a package is looked up in the ledger instead). */
export function shortCodeSubjects(state: SiteState, code: ShortRecordCode): string[] {
  const ids = code.kind === 'sheet' ? Object.keys(state.sheets) : Object.keys(state.sessions);
  return ids.filter((id) => id.endsWith(code.subjectSuffix));
}

/** Parses QR text as typed or as a scanner sends it (surrounding spaces and a trailing newline are ignored). */
export function parseRecordCode(text: string): { code: RecordCode } | { problem: RecordCodeProblem } {
  const parts = text.trim().split('|');
  if (parts.length !== 4 || parts[0] !== prefix) return { problem: 'not_a_record_code' };
  const [, kind, subject, hash] = parts as [string, string, string, string];
  if (!(recordKinds as readonly string[]).includes(kind)) return { problem: 'unknown_kind' };
  if (!uuidPattern.test(subject)) return { problem: 'bad_subject' };
  if (hash !== '-' && !hashPattern.test(hash)) return { problem: 'bad_hash' };
  return { code: { kind: kind as RecordKind, subject, ...(hash === '-' ? {} : { hash }) } };
}

/**
 * The ids of the events a record prints, or undefined when its subject is not in the state.
 * The record's QR carries the hash of the latest of them (in the ledger's total order), so any
 * later event that changes the record changes the code.
 */
export function recordEvents(state: SiteState, { kind, subject }: RecordRef): string[] | undefined {
  switch (kind) {
    case 'sheet': {
      const sheet = state.sheets[subject];
      return sheet && [sheet.id, ...sheet.amendments.map((a) => a.event)];
    }
    case 'publication': {
      const publication = state.publications[subject];
      const summary = recordEvents(state, { kind: 'summary', subject });
      return publication && summary && [...summary, publication.event];
    }
    case 'tickets':
    case 'staff':
      // Forms for the day itself, printed before anything is signed: they name the session only.
      return state.sessions[subject] && [];
    case 'passers':
    case 'subsidy': {
      // The results as they stand, and the certificate numbers the district sent for the session.
      const summary = recordEvents(state, { kind: 'summary', subject });
      const certificates = Object.entries(state.certificates)
        .filter(([key]) => key.startsWith(`${subject}/`))
        .map(([, c]) => c.event);
      return summary && [...summary, ...new Set(certificates)];
    }
    case 'summary': {
      if (!state.sessions[subject]) return undefined;
      const sheets = Object.values(state.sheets).filter((s) => s.session === subject);
      return [
        ...sheets.flatMap((s) => [s.id, ...s.amendments.map((a) => a.event)]),
        ...Object.values(state.arbitrations)
          .filter((a) => a.session === subject)
          .map((a) => a.event),
        ...Object.values(state.misconduct)
          .filter((m) => m.session === subject)
          .map((m) => m.event),
        ...Object.values(state.checkIns)
          .filter((c) => c.session === subject)
          .map((c) => c.event),
        // A review's changed result is in effect from the supervisor's countersignature.
        ...Object.values(state.reviews).flatMap((r) =>
          r.session === subject && r.countersignEvent ? [r.countersignEvent] : [],
        ),
      ];
    }
    case 'checkin':
      return (
        state.sessions[subject] &&
        Object.values(state.checkIns)
          .filter((c) => c.session === subject)
          .map((c) => c.event)
      );
    case 'supervision': {
      const session = state.sessions[subject];
      if (!session) return undefined;
      const notes = Object.values(state.notes)
        .filter((n) => n.session === subject)
        .map((n) => n.event);
      return session.checklistEvent ? [...notes, session.checklistEvent] : notes;
    }
    case 'incident':
      return (
        state.sessions[subject] &&
        Object.values(state.misconduct)
          .filter((m) => m.session === subject)
          .map((m) => m.event)
      );
    case 'manifest':
      // A package is not in the state; the app looks up its package.exported event itself.
      return undefined;
  }
}

/** The latest of some events in the ledger's total order (FORMATS.md §2: hlc, then device, then seq). */
export function latestEvent<T extends { hlc: string; device: string; seq: number }>(
  events: readonly T[],
): T | undefined {
  let latest: T | undefined;
  for (const e of events) if (!latest || compareEvents(e, latest) > 0) latest = e;
  return latest;
}

export type RecordCheck =
  | { verdict: 'current'; ref: RecordRef }
  | { verdict: 'superseded'; ref: RecordRef; currentHash?: string }
  | { verdict: 'no_match'; problem?: RecordCodeProblem };

/** Whether the code on a paper matches the record as the state now prints it. */
export function judgeRecordCode(code: RecordCode, currentHash: string | undefined, subjectKnown: boolean): RecordCheck {
  if (!subjectKnown) return { verdict: 'no_match' };
  const ref = { kind: code.kind, subject: code.subject };
  return code.hash === currentHash
    ? { verdict: 'current', ref }
    : { verdict: 'superseded', ref, ...(currentHash ? { currentHash } : {}) };
}
