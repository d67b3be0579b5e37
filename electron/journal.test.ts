import { mkdtemp, readFile, readdir, stat, writeFile, appendFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../shared/ledger/canonical';
import { checkForLoss, journalLines, readJournal, type JournalMarker } from '../shared/ledger/journal';
import { nextEvent, type ChainHead } from '../shared/ledger/append';
import type { LedgerEvent } from '../shared/ledger/event';
import { uuidV4 } from '../shared/ledger/ids';
import { journalFileName, keyFileName, openJournal } from './journal';

// A small chain maker (electron/ tests stay within electron/ and shared/).
interface Chain {
  device: string;
  head?: ChainHead;
  hashes: string[];
}
const newChain = (): Chain => ({ device: uuidV4(), hashes: [] });
let clock = Date.UTC(2026, 10, 26, 1);
function extendChain(chain: Chain, count: number): LedgerEvent[] {
  return Array.from({ length: count }, () => {
    const seq = (chain.head?.seq ?? 0) + 1;
    const { event, hash } = nextEvent(
      chain.device,
      chain.head,
      { actor: 'device', type: 'note.logged', body: { text: `第 ${seq} 条记录` } },
      { nowMs: (clock += 1000), offsetMinutes: 480 },
    );
    chain.head = { seq: event.seq, hash, hlc: event.hlc };
    chain.hashes.push(hash);
    return event;
  });
}

const marker = (device: string, seq: number, head: string, events: number): JournalMarker => ({
  v: 1,
  device,
  seq,
  head,
  events,
  settings: '{"siteProfile":null}',
  writtenAt: '2026-11-26T15:00:00.000+08:00',
});

describe('the journal on disk', () => {
  it('restores the ledger byte for byte: two devices, appends in several calls, read back and verified', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kaodian-journal-'));
    const journal = openJournal(dir);
    const own = newChain();
    const other = newChain();
    const committed = [];
    for (let i = 0; i < 5; i++) {
      const mine = extendChain(own, 7);
      const theirs = extendChain(other, 3);
      committed.push(...mine, ...theirs);
      await journal.append(
        journalLines([...mine, ...theirs]),
        marker(own.device, own.head!.seq, own.head!.hash, committed.length),
      );
    }
    await journal.close();

    const { lines, marker: stored } = await openJournal(dir).read();
    expect(stored).toMatchObject({ device: own.device, seq: 35, head: own.head!.hash, events: 50 });
    const contents = readJournal(lines);
    expect(contents.torn).toBe(false);
    const byKey = new Map(contents.events.map((e, i) => [`${e.device}/${e.seq}`, contents.texts[i]!]));
    for (const event of committed) expect(byKey.get(`${event.device}/${event.seq}`)).toBe(canonicalize(event));
    expect(contents.hashes).toEqual(expect.arrayContaining([...own.hashes, ...other.hashes]));
    expect(contents.events).toHaveLength(50);
  });

  it('ignores a torn last line, and refuses a journal that was altered', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kaodian-journal-'));
    const chain = newChain();
    const events = extendChain(chain, 4);
    await writeFile(path.join(dir, journalFileName), journalLines(events));
    await appendFile(path.join(dir, journalFileName), '{"v":1,"dev');
    const { lines } = await openJournal(dir).read();
    expect(readJournal(lines)).toMatchObject({ torn: true });
    expect(readJournal(lines).events).toHaveLength(4);

    const altered = journalLines(events).replace('第 2 条记录', '第 2 条纪录');
    expect(() => readJournal(altered)).toThrow(/broken_chain|prev does not match/);
    const gap = journalLines([events[0]!, events[2]!]);
    expect(() => readJournal(gap)).toThrow(/seq 3, expected 2/);
  });

  it('replaces the whole journal (sealing an old one) and keeps the key file apart from the archive', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kaodian-journal-'));
    const journal = openJournal(dir);
    const chain = newChain();
    const events = extendChain(chain, 3);
    await journal.append(journalLines(events), marker(chain.device, 3, chain.head!.hash, 3));
    expect(await journal.readKey()).toBeNull();
    await journal.writeKey('{"v":1}');
    expect(await journal.readKey()).toBe('{"v":1}');
    if (process.platform !== 'win32') expect((await stat(path.join(dir, keyFileName))).mode & 0o777).toBe(0o600);
    await journal.replace('kdj1:sealed-record\n', {
      ...marker(chain.device, 3, chain.head!.hash, 3),
      settings: 'kdj1:x',
    });
    expect(await journal.read()).toMatchObject({ lines: 'kdj1:sealed-record\n', marker: { settings: 'kdj1:x' } });
    // An append after the replacement goes on the new journal.
    await journal.append('kdj1:next\n', marker(chain.device, 3, chain.head!.hash, 3));
    expect((await journal.read()).lines).toBe('kdj1:sealed-record\nkdj1:next\n');
    await journal.archive(Date.UTC(2026, 11, 2));
    expect(await journal.readKey()).toBe('{"v":1}');
    await journal.close();
  });

  it('archives instead of deleting', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kaodian-journal-'));
    const journal = openJournal(dir);
    const chain = newChain();
    const events = extendChain(chain, 2);
    await journal.append(journalLines(events), marker(chain.device, 2, chain.head!.hash, 2));
    await journal.archive(Date.UTC(2026, 10, 26));
    expect(await journal.marker()).toBeNull();
    const files = await readdir(dir);
    expect(files.filter((f) => f.endsWith('.archived'))).toHaveLength(2);
    expect(
      await readFile(
        path.join(
          dir,
          files.find((f) => f.startsWith(journalFileName))!,
        ),
        'utf8',
      ),
    ).toBe(journalLines(events));
  });

  it('a marker ahead of the database is a loss; an equal or older one is not', () => {
    const m = marker('0190a1b2-c3d4-4e5f-8a9b-0c1d2e3f4a5b', 10, 'ab'.repeat(32), 40);
    expect(checkForLoss(undefined, { seq: 0, events: 0 })).toEqual({ lost: false });
    expect(checkForLoss(m, { seq: 0, events: 0 })).toMatchObject({ lost: true, reason: 'empty' });
    expect(checkForLoss(m, { device: m.device, seq: 9, events: 40 })).toMatchObject({ lost: true, reason: 'behind' });
    expect(checkForLoss(m, { device: m.device, seq: 10, events: 39 })).toMatchObject({ lost: true, reason: 'behind' });
    expect(checkForLoss(m, { device: '0190a1b2-c3d4-4e5f-8a9b-0c1d2e3f4a5c', seq: 10, events: 40 })).toMatchObject({
      lost: true,
      reason: 'other_device',
    });
    expect(checkForLoss(m, { device: m.device, seq: 10, events: 40 })).toEqual({ lost: false });
    expect(checkForLoss(m, { device: m.device, seq: 12, events: 45 })).toEqual({ lost: false });
  });
});
