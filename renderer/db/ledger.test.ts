import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { anHourAfter, demoSite } from '../../shared/domain/demoSite';
import { verifyChain } from '../../shared/ledger/chain';
import { zeroHash } from '../../shared/ledger/hash';
import { uuidV4 } from '../../shared/ledger/ids';
import { project, stateCollections } from '../../shared/state/project';
import { noAttempts } from '../../shared/domain/lockout';
import { KaodianDatabase } from './database';
import { entityRowLimit, openLedger, storedPeople } from './ledger';
import { allEvents } from './eventStore';
import { eventsBetween } from './sync';

let db: KaodianDatabase;
afterEach(async () => {
  await db.delete();
});

const manager = uuidV4();
const registerManager = {
  actor: manager,
  type: 'person.registered',
  body: { person: manager, name: '刘志强', role: 'manager' },
};
const draft = (i: number) => ({
  actor: manager,
  type: 'person.registered',
  body: { person: uuidV4(), name: `考评员${i}`, role: 'examiner' },
});

const rowsIn = async (database: KaodianDatabase, collection: string) =>
  (await database.projection.toArray()).filter((row) => row.collection === collection).length;

describe('the ledger', () => {
  it('announces each change to its subscribers', async () => {
    db = new KaodianDatabase(`ledger-${uuidV4()}`);
    const ledger = await openLedger(uuidV4(), db);
    await ledger.append(registerManager);
    const seen: ReturnType<typeof ledger.state>[] = [];
    const unsubscribe = ledger.subscribe((state) => seen.push({ ...state }));
    await ledger.append(draft(1));
    expect(seen).toHaveLength(1);
    expect(Object.keys(seen[0]!.people)).toHaveLength(2);
    // A refused command announces too (the state is what it was), and an unsubscribed listener hears nothing.
    await expect(
      ledger.append({
        actor: uuidV4(),
        type: 'person.registered',
        body: { person: uuidV4(), name: '无权', role: 'examiner' },
      }),
    ).rejects.toThrow();
    expect(seen).toHaveLength(2);
    unsubscribe();
    await ledger.append(draft(2));
    expect(seen).toHaveLength(2);
  });

  it('writes a PIN with the event that registers its person, in one transaction: both or neither', async () => {
    db = new KaodianDatabase(`ledger-${uuidV4()}`);
    const ledger = await openLedger(uuidV4(), db);
    const credential = (person: string) => ({
      person,
      salt: new Uint8Array(16),
      hash: new Uint8Array(32),
      iterations: 1,
      attempts: noAttempts,
    });
    await ledger.append(registerManager, { credentials: [credential(manager)] });
    expect(await db.credentials.get(manager)).toBeDefined();
    const stranger = uuidV4();
    await expect(
      ledger.append(
        { actor: stranger, type: 'person.registered', body: { person: stranger, name: '无权', role: 'examiner' } },
        { credentials: [credential(stranger)] },
      ),
    ).rejects.toThrow();
    expect(await db.credentials.get(stranger)).toBeUndefined();
  });

  it('appends a gap-free, hash-linked chain with increasing hlc, even when the clock stands still', async () => {
    db = new KaodianDatabase(`ledger-${uuidV4()}`);
    const device = uuidV4();
    const ledger = await openLedger(device, db, () => 1_764_120_600_000);
    await ledger.append(registerManager);
    for (let i = 1; i < 25; i += 1) await ledger.append(draft(i));
    const events = await eventsBetween(device, 1, Number.MAX_SAFE_INTEGER, db);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const hashes = verifyChain(events, { prev: zeroHash, from: 1, device });
    expect((await db.chainHeads.get(device))?.hash).toBe(hashes.at(-1));
  });

  it('keeps seq gap-free under concurrent appends', async () => {
    db = new KaodianDatabase(`ledger-${uuidV4()}`);
    const device = uuidV4();
    const ledger = await openLedger(device, db);
    await ledger.append(registerManager);
    await Promise.all(Array.from({ length: 29 }, (_, i) => ledger.append(draft(i))));
    const events = await eventsBetween(device, 1, Number.MAX_SAFE_INTEGER, db);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(() => verifyChain(events, { prev: zeroHash, from: 1, device })).not.toThrow();
  });

  it('writes nothing when the draft is invalid or the rules refuse it', async () => {
    db = new KaodianDatabase(`ledger-${uuidV4()}`);
    const ledger = await openLedger(uuidV4(), db);
    await expect(ledger.append({ actor: 'device', type: 'Not A Type', body: {} })).rejects.toMatchObject({
      problem: { code: 'unknown_type' },
    });
    await expect(ledger.append(draft(1))).rejects.toMatchObject({ problem: { code: 'not_manager' } });
    expect((await allEvents(db)).length).toBe(0);
    expect(await db.chainHeads.count()).toBe(0);
    expect(ledger.state().eventCount).toBe(0);
  });

  it('stores the projection with each event: reopening gives the state a full rebuild gives', async () => {
    db = new KaodianDatabase(`ledger-${uuidV4()}`);
    const device = uuidV4();
    const site = demoSite(7, 30, anHourAfter(Date.now()));
    const ledger = await openLedger(device, db);
    for (const d of [...site.setup, ...site.scoring.slice(0, 12), ...site.supervision('a'.repeat(64))])
      await ledger.append(d);
    const events = (await allEvents(db)).map((row) => row.event);
    const rebuilt = project(events);
    expect(ledger.state()).toEqual(rebuilt);
    db.close();
    db = new KaodianDatabase(db.name);
    const reopened = await openLedger(device, db);
    expect(reopened.state()).toEqual(rebuilt);
    expect(Object.keys(reopened.state().candidates)).toHaveLength(30);
  });

  it('keeps the projection as a snapshot per collection plus the entity rows changed since; a removal is a null row', async () => {
    db = new KaodianDatabase(`ledger-${uuidV4()}`);
    const device = uuidV4();
    const site = demoSite(7, 30, anHourAfter(Date.now()));
    const ledger = await openLedger(device, db);
    for (const d of [...site.setup, ...site.scoring.slice(0, 6)]) await ledger.append(d);
    await ledger.rebuild();
    const layers = async () => {
      const rows = await db.projection.toArray();
      return {
        snapshots: rows.filter((r) => r.collection === '_snapshot').length,
        entities: rows.filter((r) => !r.collection.startsWith('_')),
      };
    };
    expect(await layers()).toEqual({ snapshots: stateCollections.length, entities: [] });

    const [assignment, { session, person }] = Object.entries(ledger.state().assignments).find(
      ([, a]) => a.role === 'examiner' && !a.leader,
    )!;
    await ledger.append({ actor: site.manager, type: 'assignment.revoked', body: { session, person, reason: '回避' } });
    await ledger.append(site.scoring[6]!);
    const { entities } = await layers();
    expect(entities).toContainEqual({ collection: 'assignments', key: assignment, value: null });
    expect(entities.length).toBeGreaterThan(1);

    db.close();
    db = new KaodianDatabase(db.name);
    const reopened = await openLedger(device, db);
    expect(reopened.state()).toEqual(project((await allEvents(db)).map((row) => row.event)));
    expect(reopened.state().assignments[assignment]).toBeUndefined();
  });

  it('a start that finds more entity rows than the limit folds them into snapshots; the state reads the same before and after', async () => {
    db = new KaodianDatabase(`ledger-${uuidV4()}`);
    const device = uuidV4();
    const ledger = await openLedger(device, db);
    await ledger.append(registerManager);
    await ledger.appendAll(Array.from({ length: entityRowLimit + 100 }, (_, i) => draft(i)));
    expect(await rowsIn(db, 'people')).toBe(entityRowLimit + 101);
    // Without the (empty) snapshots of the first start, this is how projections were stored before them.
    await db.projection
      .where('[collection+key]')
      .between(['_snapshot', Dexie.minKey], ['_snapshot', Dexie.maxKey])
      .delete();
    const folded = project((await allEvents(db)).map((row) => row.event));

    db.close();
    db = new KaodianDatabase(db.name);
    expect((await openLedger(device, db)).state()).toEqual(folded);
    expect(await rowsIn(db, 'people')).toBe(0);
    expect(await rowsIn(db, '_snapshot')).toBe(stateCollections.length);
    db.close();
    db = new KaodianDatabase(db.name);
    expect((await openLedger(device, db)).state()).toEqual(folded);
  });

  it('reads the stored people alone for the sign-in screen: the snapshot and the rows changed since', async () => {
    db = new KaodianDatabase(`ledger-${uuidV4()}`);
    expect(await storedPeople(db)).toBeUndefined();
    const ledger = await openLedger(uuidV4(), db);
    await ledger.append(registerManager);
    await ledger.appendAll(Array.from({ length: 5 }, (_, i) => draft(i)));
    await ledger.rebuild();
    // Over the snapshot, people registered since are entity rows.
    await ledger.appendAll(Array.from({ length: 3 }, (_, i) => draft(100 + i)));
    expect(await rowsIn(db, 'people')).toBe(3);
    const people = await storedPeople(db);
    expect(Object.keys(people!)).toHaveLength(9);
    expect(people).toEqual(ledger.state().people);
  });

  it('a large import writes the collections it touched whole', async () => {
    db = new KaodianDatabase(`ledger-${uuidV4()}`);
    const source = await openLedger(uuidV4(), db);
    await source.append(registerManager);
    await source.appendAll(Array.from({ length: entityRowLimit + 10 }, (_, i) => draft(i)));
    const events = await allEvents(db);
    const other = new KaodianDatabase(`ledger-${uuidV4()}`);
    try {
      const importer = await openLedger(uuidV4(), other);
      await importer.importEvents(events);
      expect(importer.state()).toEqual(project(events.map((e) => e.event)));
      expect(await rowsIn(other, 'people')).toBe(0);
      expect((await other.projection.get(['_snapshot', 'people']))?.value).toEqual(importer.state().people);
    } finally {
      await other.delete();
    }
  });

  it('appends all or nothing', async () => {
    db = new KaodianDatabase(`ledger-${uuidV4()}`);
    const ledger = await openLedger(uuidV4(), db);
    await ledger.append(registerManager);
    const bad = {
      actor: uuidV4(),
      type: 'person.registered',
      body: { person: uuidV4(), name: '冒名', role: 'examiner' },
    };
    await expect(ledger.appendAll([draft(1), draft(2), bad])).rejects.toMatchObject({
      problem: { code: 'not_manager' },
    });
    expect((await allEvents(db)).length).toBe(1);
    expect(Object.keys(ledger.state().people)).toHaveLength(1);
    await ledger.appendAll([draft(1), draft(2)]);
    expect((await allEvents(db)).length).toBe(3);
  });

  it('rebuilds a projection that is missing or behind the events', async () => {
    db = new KaodianDatabase(`ledger-${uuidV4()}`);
    const device = uuidV4();
    const ledger = await openLedger(device, db);
    await ledger.append(registerManager);
    for (let i = 1; i < 5; i += 1) await ledger.append(draft(i));
    await db.projection.clear();
    const reopened = await openLedger(device, db);
    expect(reopened.state().eventCount).toBe(5);
    expect(await db.projection.count()).toBeGreaterThan(0);
  });
});
