import { describe, expect, it } from 'vitest';
import { nodeSealCrypto } from '../../authority/nodeCrypto';
import {
  importJournalKey,
  isSealedText,
  JournalKeyError,
  openJournal,
  openJournalText,
  sealJournalText,
} from './journalSeal';

const key = () => importJournalKey(nodeSealCrypto, new Uint8Array(32).fill(7));
const lines = '{"a":1}\n{"b":"考生 张三 370102199001011234"}\n';

describe('the sealed journal', () => {
  it('seals each append as one record that hides its lines and opens to exactly them', async () => {
    const record = await sealJournalText(nodeSealCrypto, await key(), lines);
    expect(isSealedText(record)).toBe(true);
    expect(record).not.toContain('张三');
    expect(record).not.toContain('\n');
    expect(await openJournalText(nodeSealCrypto, await key(), record)).toBe(lines);
    // The same text sealed twice is two different records (a fresh nonce each time).
    expect(await sealJournalText(nodeSealCrypto, await key(), lines)).not.toBe(record);
  });

  it('reads a journal of plain lines (from before sealing) and sealed records, setting a torn last record aside', async () => {
    const k = await key();
    const stored = `{"old":true}\n${await sealJournalText(nodeSealCrypto, k, lines)}\n${(await sealJournalText(nodeSealCrypto, k, '{"torn":1}\n')).slice(0, 20)}`;
    expect(await openJournal(nodeSealCrypto, k, stored)).toBe(`{"old":true}\n${lines}`);
    // A torn plain line is passed on for readJournal to set aside.
    expect(await openJournal(nodeSealCrypto, k, '{"a":1}\n{"b"')).toBe('{"a":1}\n{"b"');
  });

  it('refuses a sealed journal without its key, with another key, or with a changed record', async () => {
    const record = await sealJournalText(nodeSealCrypto, await key(), lines);
    await expect(openJournal(nodeSealCrypto, undefined, `${record}\n`)).rejects.toBeInstanceOf(JournalKeyError);
    const other = await importJournalKey(nodeSealCrypto, new Uint8Array(32).fill(8));
    await expect(openJournal(nodeSealCrypto, other, `${record}\n`)).rejects.toBeInstanceOf(JournalKeyError);
    const changed = `${record.slice(0, -2)}${record.at(-2) === 'A' ? 'B' : 'A'}${record.at(-1)}`;
    await expect(openJournal(nodeSealCrypto, await key(), `${changed}\n`)).rejects.toBeInstanceOf(JournalKeyError);
  });
});
