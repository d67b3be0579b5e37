import { describe, expect, it } from 'vitest';
import { extendChain, newChain } from '../../test/support/chains';
import { project } from '../state/project';
import { demoSite } from './demoSite';
import {
  formatRecordCode,
  formatShortCode,
  judgeRecordCode,
  latestEvent,
  parseRecordCode,
  parseShortCode,
  recordEvents,
} from './records';

const hash = 'ab'.repeat(32);
const subject = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

describe('record codes (the QR text on paper)', () => {
  it('round-trips, also as a scanner sends it (with a trailing newline)', () => {
    const text = formatRecordCode({ kind: 'sheet', subject, hash });
    expect(text).toBe(`KD1|sheet|${subject}|${hash}`);
    expect(parseRecordCode(`  ${text}\r\n`)).toEqual({ code: { kind: 'sheet', subject, hash } });
    expect(parseRecordCode(formatRecordCode({ kind: 'incident', subject }))).toEqual({
      code: { kind: 'incident', subject },
    });
  });

  it('names what is wrong with text that is not a record code', () => {
    expect(parseRecordCode('https://example.com')).toEqual({ problem: 'not_a_record_code' });
    expect(parseRecordCode(`KD1|ticket|${subject}|${hash}`)).toEqual({ problem: 'unknown_kind' });
    expect(parseRecordCode(`KD1|sheet|../../etc|${hash}`)).toEqual({ problem: 'bad_subject' });
    expect(parseRecordCode(`KD1|sheet|${subject}|${hash.toUpperCase()}`)).toEqual({ problem: 'bad_hash' });
    expect(parseRecordCode(`KD1|sheet|${subject}|${hash}|extra`)).toEqual({ problem: 'not_a_record_code' });
  });

  it('judges a paper current, superseded or matching nothing', () => {
    const code = { kind: 'summary' as const, subject, hash };
    expect(judgeRecordCode(code, hash, true).verdict).toBe('current');
    expect(judgeRecordCode(code, 'cd'.repeat(32), true)).toMatchObject({
      verdict: 'superseded',
      currentHash: 'cd'.repeat(32),
    });
    expect(judgeRecordCode(code, undefined, false).verdict).toBe('no_match');
  });
});

describe('the 核验码 (typed by hand where there is no scanner)', () => {
  const subject = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e9f3a2b';
  it('prints kind, the end of the subject and the start of the hash, and reads back in any case', () => {
    const code = formatShortCode({ kind: 'checkin', subject, hash: '7b1e4d0a'.padEnd(64, 'c') });
    expect(code).toBe('Q-9F3A2B-7B1E4D0A');
    expect(parseShortCode(' q-9f3a2b-7b1e4d0a ')).toEqual({
      kind: 'checkin',
      subjectSuffix: '9f3a2b',
      hashPrefix: '7b1e4d0a',
    });
    expect(parseShortCode('Q9F3A2B7B1E4D0A')).toEqual(parseShortCode(code));
    // A record that prints no event yet.
    expect(parseShortCode(formatShortCode({ kind: 'incident', subject }))).toEqual({
      kind: 'incident',
      subjectSuffix: '9f3a2b',
    });
  });
  it('is not confused with other text', () => {
    for (const text of ['', 'KD1|summary|x|y', 'X-9F3A2B-7B1E4D0A', 'Q-9F3A2B-7B1E4D0', 'Q-9F3A2G-7B1E4D0A'])
      expect(parseShortCode(text)).toBeUndefined();
  });
});

describe('which events a record prints', () => {
  const site = demoSite();
  const chain = newChain();
  const events = extendChain(chain, [...site.setup, ...site.scoring, ...site.supervision('ef'.repeat(32))]);
  const state = project(events);
  const idsOf = (type: string) => events.filter((e) => e.type === type).map((e) => e.id);

  it('a score sheet: its submission and every amendment; a later amendment changes the latest event', () => {
    const sheetId = idsOf('score.submitted')[0]!;
    expect(recordEvents(state, { kind: 'sheet', subject: sheetId })).toEqual([sheetId]);
    const [amendment] = extendChain(chain, [
      {
        actor: site.examiners[0]!,
        type: 'score.amended',
        body: { amends: sheetId, reason: '复核：误记', confirmedBy: site.examiners[0]!, items: { 'T1-1': 1 } },
      },
    ]);
    const amended = project(chain.events);
    const ids = recordEvents(amended, { kind: 'sheet', subject: sheetId })!;
    expect(ids).toEqual([sheetId, amendment!.id]);
    expect(latestEvent(chain.events.filter((e) => ids.includes(e.id)))!.id).toBe(amendment!.id);
  });

  it('session records: the check-ins, the notes and checklist, the misconduct, and for the summary all of these that bear on results', () => {
    const session = site.session;
    expect(new Set(recordEvents(state, { kind: 'checkin', subject: session }))).toEqual(
      new Set(idsOf('candidate.checked_in')),
    );
    expect(new Set(recordEvents(state, { kind: 'supervision', subject: session }))).toEqual(
      new Set([...idsOf('note.logged'), ...idsOf('checklist.completed')]),
    );
    expect(recordEvents(state, { kind: 'incident', subject: session })).toEqual(idsOf('misconduct.recorded'));
    const summary = new Set(recordEvents(state, { kind: 'summary', subject: session }));
    for (const id of [...idsOf('score.submitted'), ...idsOf('misconduct.recorded'), ...idsOf('candidate.checked_in')])
      expect(summary.has(id)).toBe(true);
    expect(summary.has(idsOf('note.logged')[0]!)).toBe(false);
  });

  it('an unknown subject prints nothing', () => {
    expect(recordEvents(state, { kind: 'summary', subject })).toBeUndefined();
    expect(recordEvents(state, { kind: 'sheet', subject })).toBeUndefined();
  });

  it('orders by hlc, then device, then seq', () => {
    const e = (hlc: string, device: string, seq: number) => ({ hlc, device, seq });
    expect(latestEvent([e('b', 'x', 1), e('a', 'z', 9)])).toEqual(e('b', 'x', 1));
    expect(latestEvent([e('a', 'x', 1), e('a', 'y', 1)])).toEqual(e('a', 'y', 1));
    expect(latestEvent([e('a', 'x', 2), e('a', 'x', 1)])).toEqual(e('a', 'x', 2));
    expect(latestEvent([])).toBeUndefined();
  });
});
