import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../shared/ledger/chain';
import { zeroHash } from '../../shared/ledger/hash';
import { uuidV4 } from '../../shared/ledger/ids';
import { KaodianDatabase } from './database';
import { append, deviceEvents } from './ledger';

let db: KaodianDatabase;
afterEach(async () => {
  await db.delete();
});

const draft = (i: number) => ({ actor: 'device', type: 'note.logged', body: { session: uuidV4(), category: 'safety', severity: 'info', text: `记录 ${i}` } });

describe('append', () => {
  it('writes a gap-free, hash-linked chain with increasing hlc, even when the clock stands still', async () => {
    db = new KaodianDatabase(`ledger-${uuidV4()}`);
    const device = uuidV4();
    const stuck = () => 1_764_120_600_000;
    for (let i = 0; i < 25; i += 1) await append(draft(i), { device, now: stuck }, db);
    const events = await deviceEvents(device, db);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const hashes = verifyChain(events, { prev: zeroHash, from: 1, device });
    expect((await db.chainHeads.get(device))?.hash).toBe(hashes.at(-1));
  });

  it('keeps seq gap-free under concurrent appends', async () => {
    db = new KaodianDatabase(`ledger-${uuidV4()}`);
    const device = uuidV4();
    await Promise.all(Array.from({ length: 30 }, (_, i) => append(draft(i), { device }, db)));
    const events = await deviceEvents(device, db);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(() => verifyChain(events, { prev: zeroHash, from: 1, device })).not.toThrow();
  });

  it('writes nothing when the draft is invalid', async () => {
    db = new KaodianDatabase(`ledger-${uuidV4()}`);
    const device = uuidV4();
    await expect(append({ actor: 'device', type: 'Not A Type', body: {} }, { device }, db)).rejects.toThrow();
    expect(await db.events.count()).toBe(0);
    expect(await db.chainHeads.count()).toBe(0);
  });
});
