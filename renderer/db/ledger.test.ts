import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { demoSite } from '../../shared/domain/demoSite';
import { verifyChain } from '../../shared/ledger/chain';
import { zeroHash } from '../../shared/ledger/hash';
import { uuidV4 } from '../../shared/ledger/ids';
import { project } from '../../shared/state/project';
import { KaodianDatabase } from './database';
import { deviceEvents, openLedger } from './ledger';

let db: KaodianDatabase;
afterEach(async () => {
  await db.delete();
});

const draft = (i: number) => ({ actor: 'device', type: 'note.logged', body: { session: uuidV4(), category: 'safety', severity: 'info', text: `记录 ${i}` } });

describe('the ledger', () => {
  it('appends a gap-free, hash-linked chain with increasing hlc, even when the clock stands still', async () => {
    db = new KaodianDatabase(`ledger-${uuidV4()}`);
    const device = uuidV4();
    const ledger = await openLedger(device, db, () => 1_764_120_600_000);
    for (let i = 0; i < 25; i += 1) await ledger.append(draft(i));
    const events = await deviceEvents(device, db);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const hashes = verifyChain(events, { prev: zeroHash, from: 1, device });
    expect((await db.chainHeads.get(device))?.hash).toBe(hashes.at(-1));
  });

  it('keeps seq gap-free under concurrent appends', async () => {
    db = new KaodianDatabase(`ledger-${uuidV4()}`);
    const device = uuidV4();
    const ledger = await openLedger(device, db);
    await Promise.all(Array.from({ length: 30 }, (_, i) => ledger.append(draft(i))));
    const events = await deviceEvents(device, db);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(() => verifyChain(events, { prev: zeroHash, from: 1, device })).not.toThrow();
  });

  it('writes nothing when the draft is invalid', async () => {
    db = new KaodianDatabase(`ledger-${uuidV4()}`);
    const ledger = await openLedger(uuidV4(), db);
    await expect(ledger.append({ actor: 'device', type: 'Not A Type', body: {} })).rejects.toThrow();
    expect(await db.events.count()).toBe(0);
    expect(await db.chainHeads.count()).toBe(0);
    expect(ledger.state().eventCount).toBe(0);
  });

  it('stores the projection with each event: reopening gives the state a full rebuild gives', async () => {
    db = new KaodianDatabase(`ledger-${uuidV4()}`);
    const device = uuidV4();
    const site = demoSite(7);
    const ledger = await openLedger(device, db);
    for (const d of [...site.setup, ...site.scoring.slice(0, 12), ...site.supervision('a'.repeat(64))]) await ledger.append(d);
    const events = (await db.events.toArray()).map((row) => row.event);
    const rebuilt = project(events);
    expect(ledger.state()).toEqual(rebuilt);
    db.close();
    db = new KaodianDatabase(db.name);
    const reopened = await openLedger(device, db);
    expect(reopened.state()).toEqual(rebuilt);
    expect(Object.keys(reopened.state().candidates)).toHaveLength(30);
  });

  it('rebuilds a projection that is missing or behind the events', async () => {
    db = new KaodianDatabase(`ledger-${uuidV4()}`);
    const device = uuidV4();
    const ledger = await openLedger(device, db);
    for (let i = 0; i < 5; i += 1) await ledger.append(draft(i));
    await db.projection.clear();
    const reopened = await openLedger(device, db);
    expect(reopened.state().eventCount).toBe(5);
    expect(await db.projection.count()).toBeGreaterThan(0);
  });
});
