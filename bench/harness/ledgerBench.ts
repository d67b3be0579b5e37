/**
 * Runs inside the real renderer page (bundled by bench/run.ts): seeds the app's own database
 * through the app's own write path, then measures the submit latency next to a raw
 * strict-durability IndexedDB put, interleaved so both see the same machine.
 */
// First: no schema may be built before zod is told not to compile with `new Function`.
import '../../renderer/app/zodJitless';
import { demoSpecification } from '../../shared/domain/demoSpec';
import { makeIdNumber } from '../../shared/domain/idNumber';
import type { EventDraft } from '../../shared/ledger/append';
import { uuidV4 } from '../../shared/ledger/ids';
import { canonicalize } from '../../shared/ledger/canonical';
import { anHourAfter } from '../../shared/domain/demoSite';
import { database } from '../../renderer/db/database';
import { allEvents, migrateEvents } from '../../renderer/db/eventStore';
import { toLegacyLayout } from './legacyLayout';
import { verifyChain } from '../../shared/ledger/chain';
import { zeroHash } from '../../shared/ledger/hash';

export { toLegacyLayout };
import {
  currentDeviceSigner,
  deviceSealIdentity,
  loadIdentity,
  loadOrCreateIdentity,
} from '../../renderer/db/identity';
import { openLedger, type AfterCommit, type Ledger } from '../../renderer/db/ledger';
import { platform } from '../../renderer/platform';
import { writeSetting, type Enrollment } from '../../renderer/db/settings';
import { eventsBetween } from '../../renderer/db/sync';
import { syncOnce } from '../../renderer/sync/online';
import { checkJournalAtStart, journalAfterCommit, startJournal } from '../../renderer/app/journal';
import { wrapJournalKeyUnderPin } from '../../renderer/app/journalKey';
import { setPin } from '../../renderer/db/credentials';
import { storeAttachment } from '../../renderer/db/attachments';
import { KaodianDatabase } from '../../renderer/db/database';
import { acceptBatches } from '../../renderer/db/sync';
import { buildExport, sealRecipients } from '../../renderer/sync/usbPackage';
import { readSealedFile, sealPackage, unsealPackage } from '../../shared/sync/seal';
import { project } from '../../shared/state/project';
import { decodePublicKey } from '../../shared/ledger/signing';
import { verifyPackage } from '../../shared/sync/package';
import { bytesSource } from '../../shared/sync/zipReader';
import { webCryptoVerify, webSealCrypto } from '../../renderer/crypto/webCrypto';
import { zipSync, type Zippable } from 'fflate';
import { encodePublicKey } from '../../shared/ledger/signing';

const candidatesPerSession = 400;
const items = Object.fromEntries(
  demoSpecification.tasks.flatMap((t) => t.items).map((i) => [i.id, i.maxPoints - i.step]),
);

let ledger: Ledger | undefined;
let people: { manager: string; examiners: string[]; supervisor: string } | undefined;
let measured: { session: string; candidates: string[]; examiners: string[] } | undefined;

function sessionDrafts(
  manager: string,
  examiners: string[],
  supervisor: string,
  withSheets: boolean,
): { drafts: EventDraft[]; session: string; candidates: string[] } {
  const session = uuidV4();
  const drafts: EventDraft[] = [
    {
      actor: manager,
      type: 'session.created',
      body: {
        session,
        spec: demoSpecification.code,
        specVersion: demoSpecification.version,
        name: `基准场次 ${session.slice(0, 4)}`,
        startsAt: anHourAfter(Date.now()),
        plannedCandidates: candidatesPerSession,
      },
    },
    ...examiners.map((person, i) => ({
      actor: manager,
      type: 'assignment.made',
      body: { session, person, role: 'examiner', group: 'A', leader: i === 0 },
    })),
    { actor: manager, type: 'assignment.made', body: { session, person: supervisor, role: 'supervisor' } },
    { actor: manager, type: 'session.opened', body: { session, clockConfirmed: true } },
  ];
  const candidates: string[] = [];
  for (let i = 0; i < candidatesPerSession; i += 1) {
    const candidate = uuidV4();
    candidates.push(candidate);
    const birth = new Date(Date.UTC(1970, 0, 1 + Math.floor(i / 900))).toISOString().slice(0, 10).replaceAll('-', '');
    const idNumber = makeIdNumber('371002', birth, i % 900);
    drafts.push({
      actor: manager,
      type: 'candidate.registered',
      body: {
        candidate,
        session,
        ticket: `B${String(i).padStart(6, '0')}`,
        name: `考生${i}`,
        idType: 'resident_id',
        idNumber,
        sex: (i % 900) % 2 ? 'male' : 'female',
      },
    });
  }
  for (const candidate of candidates)
    drafts.push({
      actor: manager,
      type: 'candidate.checked_in',
      body: { session, candidate, state: 'present', pledge: true, identity: 'id_matched' },
    });
  if (withSheets)
    for (const candidate of candidates)
      for (const examiner of examiners)
        drafts.push({ actor: examiner, type: 'score.submitted', body: { session, candidate, examiner, items } });
  return { drafts, session, candidates };
}

/**
 * Seeds about `target` events; returns how many were written and how long it took. The journal
 * is sealed from the start, its key wrapped under `pin` as a new site's first manager does.
 */
export async function seed(target: number, pin: string): Promise<{ events: number; ms: number }> {
  const db = database();
  await db.open();
  const identity = await loadOrCreateIdentity(db);
  // Through the journal as the app writes, so the figures include it and a reload finds it complete.
  await startJournal(identity.device, await checkJournalAtStart(db), db, await wrapJournalKeyUnderPin(pin, db));
  ledger = await openLedger(identity.device, db, Date.now, timedJournal);
  const started = performance.now();
  const manager = uuidV4();
  people = { manager, examiners: [], supervisor: '' };
  const examiners = [uuidV4(), uuidV4(), uuidV4()];
  const supervisor = uuidV4();
  people = { manager, examiners, supervisor };
  const head: EventDraft[] = [
    { actor: manager, type: 'person.registered', body: { person: manager, name: '基准负责人', role: 'manager' } },
    { actor: manager, type: 'spec.defined', body: { spec: demoSpecification } },
    ...examiners.map((person, i) => ({
      actor: manager,
      type: 'person.registered',
      body: { person, name: `考评员${i}`, role: 'examiner' },
    })),
    { actor: manager, type: 'person.registered', body: { person: supervisor, name: '督导员', role: 'supervisor' } },
  ];
  await ledger.appendAll(head);
  let written = head.length;
  const perSession = 6 + candidatesPerSession * (2 + examiners.length);
  while (written + perSession <= target) {
    const { drafts } = sessionDrafts(manager, examiners, supervisor, true);
    for (let i = 0; i < drafts.length; i += 1000) await ledger.appendAll(drafts.slice(i, i + 1000));
    written += drafts.length;
  }
  // The session the submits are measured in: candidates checked in, no sheets yet.
  const last = sessionDrafts(manager, examiners, supervisor, false);
  for (let i = 0; i < last.drafts.length; i += 1000) await ledger.appendAll(last.drafts.slice(i, i + 1000));
  written += last.drafts.length;
  measured = { session: last.session, candidates: last.candidates, examiners };
  // Kept across page reloads (the start-up figure reloads the page): attach() reads it back.
  localStorage.setItem('kaodian-bench', JSON.stringify({ measured, people }));
  return { events: written, ms: performance.now() - started };
}

/** A plain IndexedDB database for the anchors (no Dexie), created by `upgrade` when new. */
function openRaw(name: string, upgrade: (db: IDBDatabase) => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => upgrade(request.result);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function rawPut(db: IDBDatabase, key: number, payload: string): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction('kv', 'readwrite', { durability: 'strict' });
    tx.objectStore('kv').put({ key, payload });
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  return performance.now() - started;
}

/** The journal's share of each append (the app's own afterCommit, timed): what a submit waits for after its commit. */
let journalTimes: number[] = [];
const timedJournal: AfterCommit = async (committed) => {
  const started = performance.now();
  await journalAfterCommit(committed);
  journalTimes.push(performance.now() - started);
};

/** `count` submits and `count` raw puts, alternating, and each submit's journal part. Durations in milliseconds. */
export async function measure(count: number): Promise<{ submit: number[]; raw: number[]; journal: number[] }> {
  if (!ledger || !measured) throw new Error('seed first');
  const raw = await openRaw('bench-raw', (db) => db.createObjectStore('kv', { keyPath: 'key' }));
  // A raw row about the size of a stored score.submitted event.
  const payload = JSON.stringify({ items, filler: 'x'.repeat(600) });
  const result = { submit: [] as number[], raw: [] as number[], journal: [] as number[] };
  journalTimes = [];
  const pairs = measured.candidates.flatMap((candidate) =>
    measured!.examiners.map((examiner) => ({ candidate, examiner })),
  );
  for (let i = 0; i < count && i < pairs.length; i += 1) {
    const { candidate, examiner } = pairs[i]!;
    // An examiner submits a sheet minutes after the last: the journal file the last submit queued
    // (browser mode writes it behind the commit) is written by then. Back to back, each sample
    // paid for the one before it.
    await platform().journal.marker();
    result.raw.push(await rawPut(raw, i, payload));
    const started = performance.now();
    await ledger.append({
      actor: examiner,
      type: 'score.submitted',
      body: { session: measured.session, candidate, examiner, items },
    });
    result.submit.push(performance.now() - started);
    result.journal.push(journalTimes.at(-1)!);
  }
  raw.close();
  return result;
}

/** This device's id and public key, to enrol it at the bench's authority. */
export async function deviceKey(): Promise<{ device: string; kid: string; pub: string; sealPub: string }> {
  const identity = await loadOrCreateIdentity(database());
  return {
    device: identity.device,
    kid: identity.kid,
    pub: encodePublicKey(identity.publicKey),
    sealPub: encodePublicKey(identity.sealPublicKey!),
  };
}

/** Online sync of everything held, timed from the first request to the last verified receipt. */
export async function syncAll(url: string, enrollmentJson: string): Promise<{ events: number; ms: number }> {
  const enrollment = JSON.parse(enrollmentJson) as Enrollment;
  await writeSetting('enrollment', enrollment);
  const { device } = await deviceKey();
  const started = performance.now();
  const outcome = await syncOnce(url, device, enrollment);
  return { events: outcome.sent, ms: performance.now() - started };
}

/** The same records, as PouchDB documents in the browser's IndexedDB (not timed). */
export async function seedPouch(): Promise<number> {
  const PouchDB = (
    window as unknown as { PouchDB: new (name: string) => { bulkDocs(docs: object[]): Promise<unknown> } }
  ).PouchDB;
  const db = new PouchDB('bench-pouch');
  const events = await allEventsForBench();
  for (let i = 0; i < events.length; i += 2000)
    await db.bulkDocs(
      events
        .slice(i, i + 2000)
        .map((event) => ({ _id: `${event.device}:${String(event.seq).padStart(9, '0')}`, event })),
    );
  return events.length;
}

/** PouchDB replicating those documents to pouchdb-server, timed. */
export async function replicatePouch(url: string): Promise<{ docs: number; ms: number }> {
  const PouchDB = (
    window as unknown as {
      PouchDB: { replicate(from: string, to: string, options: object): Promise<{ docs_written: number }> };
    }
  ).PouchDB;
  const started = performance.now();
  const result = await PouchDB.replicate('bench-pouch', url, { batch_size: 500 });
  return { docs: result.docs_written, ms: performance.now() - started };
}

export function heapBytes(): number | undefined {
  return (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize;
}

async function allEventsForBench() {
  const { device } = await deviceKey();
  return eventsBetween(device, 1, Number.MAX_SAFE_INTEGER);
}

/** After a page reload: the ledger opened again (with the journal) and the seeded people and session known again. */
export async function attach(): Promise<void> {
  const kept = JSON.parse(localStorage.getItem('kaodian-bench') ?? 'null') as {
    measured: typeof measured;
    people: typeof people;
  } | null;
  if (!kept) throw new Error('seed first');
  ({ measured, people } = kept);
  const identity = await loadOrCreateIdentity(database());
  await startJournal(identity.device, await checkJournalAtStart(database()), database());
  ledger = await openLedger(identity.device, database(), Date.now, timedJournal);
}

/** The site profile and the manager's PIN, so the UI can be signed into (not timed). */
export async function prepareSignIn(pin: string): Promise<string> {
  if (!people) throw new Error('seed first');
  await writeSetting('siteProfile', { siteCode: 'BENCH-01', siteName: '基准考点', district: '基准区' });
  await setPin(people.manager, pin);
  return '基准负责人';
}

/** A session of `count` candidates (registered, not scored): the list the search figure types into. */
export async function seedSession(count: number, name: string): Promise<void> {
  if (!ledger || !people) throw new Error('seed first');
  const session = uuidV4();
  const drafts: EventDraft[] = [
    {
      actor: people.manager,
      type: 'session.created',
      body: {
        session,
        spec: demoSpecification.code,
        specVersion: demoSpecification.version,
        name,
        startsAt: anHourAfter(Date.now()),
        plannedCandidates: count,
      },
    },
  ];
  for (let i = 0; i < count; i += 1) {
    const birth = new Date(Date.UTC(1975, 0, 1 + Math.floor(i / 900))).toISOString().slice(0, 10).replaceAll('-', '');
    drafts.push({
      actor: people.manager,
      type: 'candidate.registered',
      body: {
        candidate: uuidV4(),
        session,
        ticket: `S${String(i).padStart(5, '0')}`,
        name: `考生${name.slice(-2)}${i}`,
        idType: 'resident_id',
        idNumber: makeIdNumber('371002', birth, i % 900),
        sex: (i % 900) % 2 ? 'male' : 'female',
      },
    });
  }
  for (let i = 0; i < drafts.length; i += 1000) await ledger.appendAll(drafts.slice(i, i + 1000));
}

/** Rebuilding the whole projection from the events in IndexedDB, next to the fold alone over the same events in memory. */
export async function rebuildTimes(): Promise<{ events: number; rebuildMs: number; foldMs: number }> {
  if (!ledger) throw new Error('seed first');
  let started = performance.now();
  const state = await ledger.rebuild();
  const rebuildMs = performance.now() - started;
  const events = (await allEvents(database())).map((stored) => stored.event);
  started = performance.now();
  project(events);
  return { events: state.eventCount, rebuildMs, foldMs: performance.now() - started };
}

/**
 * The USB export of everything held, with `photos` check-in photos of `photoBytes` each, next to
 * zipping the same bytes with fflate alone; then the import and verification of that package
 * into a second, empty database.
 */
/** Scratch databases go once measured, so that later figures do not pay for a larger store. */
function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}

/**
 * Adds `rows` to a scratch database's store, `perTransaction` to a strict transaction, and
 * returns the time taken; the database is deleted after (later figures do not pay for it).
 */
async function timedStrictAdds(
  raw: IDBDatabase,
  store: string,
  rows: object[],
  perTransaction: number,
): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < rows.length; i += perTransaction) {
    await new Promise<void>((resolve, reject) => {
      const tx = raw.transaction(store, 'readwrite', { durability: 'strict' });
      for (const row of rows.slice(i, i + perTransaction)) tx.objectStore(store).add(row);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
  }
  const ms = performance.now() - started;
  raw.close();
  await deleteDatabase(raw.name);
  return ms;
}

/** A segment holds at most this many events or bytes of canonical text (issue 20's layout). */
const segmentEvents = 1_000;
const segmentBytes = 1024 * 1024;

/**
 * The storage ceiling (issue 20): the same events' canonical texts written as segment rows — a
 * device's consecutive events, up to 1,000 or 1 MiB a row, keyed by device and first seq — by
 * plain IndexedDB with strict durability, a transaction per 5,000 events. What an import could
 * reach if the ledger were stored this way; the import's target is within 1.5× of it.
 */
async function rawSegmentRows(events: { device: string; seq: number; text: string; hash: string }[]): Promise<number> {
  const raw = await openRaw(`bench-raw-segments-${uuidV4()}`, (db) =>
    db.createObjectStore('segments', { keyPath: ['device', 'first'] }),
  );
  const segments: { device: string; first: number; last: number; texts: string[]; hashes: string[] }[] = [];
  let open: (typeof segments)[number] | undefined;
  let bytes = 0;
  for (const event of events) {
    if (!open || open.device !== event.device || open.texts.length === segmentEvents || bytes >= segmentBytes) {
      open = { device: event.device, first: event.seq, last: event.seq, texts: [], hashes: [] };
      segments.push(open);
      bytes = 0;
    }
    open.texts.push(event.text);
    open.hashes.push(event.hash);
    open.last = event.seq;
    bytes += event.text.length;
  }
  return timedStrictAdds(raw, 'segments', segments, 5);
}

async function rawEventRows(rows: object[]): Promise<number> {
  const raw = await openRaw(`bench-raw-events-${uuidV4()}`, (db) => {
    const store = db.createObjectStore('events', { keyPath: ['device', 'seq'] });
    store.createIndex('id', 'id', { unique: true });
    store.createIndex('hlc', 'hlc');
    store.createIndex('type', 'type');
  });
  return timedStrictAdds(raw, 'events', rows, 5000);
}

export async function usbTimes(
  enrollmentJson: string,
  photos: number,
  photoBytes: number,
): Promise<{
  events: number;
  exportMs: number;
  zipMs: number;
  importMs: number;
  verifyMs: number;
  rawMs: number;
  segmentMs: number;
  bytes: number;
  sealMs: number;
  openSealedMs: number;
  recipients: number;
}> {
  if (!ledger || !measured || !people) throw new Error('seed first');
  const enrollment = JSON.parse(enrollmentJson) as Enrollment;
  await writeSetting('enrollment', enrollment);
  const { device } = await deviceKey();
  const photoDrafts: EventDraft[] = [];
  for (let i = 0; i < photos; i += 1) {
    const bytes = crypto.getRandomValues(new Uint8Array(photoBytes));
    const hash = await storeAttachment(bytes, 'image/jpeg');
    photoDrafts.push({
      actor: people.manager,
      type: 'candidate.checked_in',
      body: {
        session: measured.session,
        candidate: measured.candidates[i % measured.candidates.length]!,
        state: 'present',
        pledge: true,
        identity: 'id_matched',
        photo: hash,
      },
    });
  }
  await ledger.appendAll(photoDrafts);

  // A site of two laptops: the other one's seal key, as the district's plan would list it.
  const otherLaptop = await crypto.subtle.generateKey({ name: 'X25519' }, true, ['deriveBits']);
  const siteDevices = {
    [uuidV4()]: {
      device: uuidV4(),
      kid: '0'.repeat(32),
      sealPub: encodePublicKey(
        new Uint8Array(await crypto.subtle.exportKey('raw', (otherLaptop as CryptoKeyPair).publicKey)),
      ),
    },
  };
  let started = performance.now();
  const built = await buildExport(device, 'BENCH-01', enrollment, { siteDevices });
  const exportMs = performance.now() - started;

  // What sealing adds to the export (FORMATS.md §5a): sealing the plain package to its
  // recipients, and opening it again for the read-back — each timed alone on the same bytes.
  const seal = { identities: [deviceSealIdentity(await loadIdentity())], crypto: webSealCrypto };
  const sealedFile = readSealedFile(built.bytes);
  started = performance.now();
  const plain = await unsealPackage(sealedFile, seal.identities, webSealCrypto);
  const openSealedMs = performance.now() - started;
  const recipients = await sealRecipients(device, 'BENCH-01', enrollment, siteDevices);
  started = performance.now();
  await sealPackage(
    plain,
    { id: sealedFile.header.id, createdAt: sealedFile.header.createdAt, by: device, site: 'BENCH-01' },
    {
      signer: await currentDeviceSigner(),
      cert: enrollment.cert,
      recipients: recipients.map((r) => r.publicKey),
      crypto: webSealCrypto,
    },
  );
  const sealMs = performance.now() - started;

  // The anchor: the same entry bytes (batches as written, photos) zipped by fflate, nothing else.
  const entries: Zippable = {};
  const source = bytesSource(built.bytes);
  const opened = await verifyPackage(source, {
    authorityPublicKey: decodePublicKey(enrollment.authorityPub)!,
    authorityId: enrollment.authority,
    verify: webCryptoVerify,
    seal,
  });
  for (const entry of opened.manifest.entries)
    entries[entry.path] = [await opened.read(entry.path), { level: entry.path.startsWith('attachments/') ? 0 : 6 }];
  started = performance.now();
  zipSync(entries);
  const zipMs = performance.now() - started;

  // The import's anchor, measured first (all of an origin's databases share one store, which
  // slows as it grows): the same event rows added by plain IndexedDB with the app's key and
  // indexes, a strict transaction per 5,000 — what any import into this browser's storage pays.
  const rows = opened.batches.flatMap((b) =>
    b.verified!.batch.events.map((event, i) => ({
      device: event.device,
      seq: event.seq,
      id: event.id,
      hlc: event.hlc,
      type: event.type,
      hash: b.verified!.hashes[i]!,
      event,
    })),
  );
  const rawMs = await rawEventRows(rows);
  const segmentMs = await rawSegmentRows(
    rows.map((row) => ({ device: row.device, seq: row.seq, text: canonicalize(row.event), hash: row.hash })),
  );

  // Import into a second device's empty database: verify the package, judge and store every batch.
  const other = new KaodianDatabase(`bench-import-${uuidV4()}`);
  await other.open();
  const otherLedger = await openLedger(uuidV4(), other);
  started = performance.now();
  const verified = await verifyPackage(bytesSource(built.bytes), {
    authorityPublicKey: decodePublicKey(enrollment.authorityPub)!,
    authorityId: enrollment.authority,
    verify: webCryptoVerify,
    // The exporting device's seal key stands in for the other laptop's: opening costs the same.
    seal,
  });
  const verifyMs = performance.now() - started;
  const judged = await acceptBatches(
    otherLedger.device,
    verified.batches.map((b) => b.verified!).filter(Boolean),
    otherLedger,
    other,
  );
  const importMs = performance.now() - started;
  const added = judged.reduce((n, b) => n + b.added, 0);
  if (added !== built.events) throw new Error(`imported ${added} of ${built.events} events`);
  other.close();
  await deleteDatabase(other.name);
  return {
    events: built.events,
    exportMs,
    zipMs,
    importMs,
    verifyMs,
    rawMs,
    segmentMs,
    bytes: built.bytes.length,
    sealMs,
    openSealedMs,
    recipients: recipients.length,
  };
}

/**
 * The migration at start (issue 20): everything held laid out a row per event as schema 7 stored
 * it, then moved into segments by the app's own `migrateEvents`; every event, hash and chain is
 * checked against what was held before. The anchor: the same canonical texts written as segment
 * rows by plain IndexedDB (the storage ceiling, as for the import).
 */
export async function migrationTimes(): Promise<{ events: number; ms: number; segmentMs: number }> {
  const db = database();
  const before = await allEvents(db);
  const events = await toLegacyLayout();
  const started = performance.now();
  await migrateEvents(db);
  const ms = performance.now() - started;
  const after = await allEvents(db);
  if (
    after.length !== before.length ||
    after.some((s, i) => s.hash !== before[i]!.hash || canonicalize(s.event) !== canonicalize(before[i]!.event))
  )
    throw new Error('the migration did not keep every event and hash');
  const devices = new Set(after.map((s) => s.event.device));
  for (const device of devices) {
    const chain = after.filter((s) => s.event.device === device).map((s) => s.event);
    verifyChain(chain, { prev: zeroHash, from: 1, device });
  }
  const segmentMs = await rawSegmentRows(
    before.map(({ event, hash }) => ({ device: event.device, seq: event.seq, text: canonicalize(event), hash })),
  );
  return { events, ms, segmentMs };
}
