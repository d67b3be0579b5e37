/**
 * The ledger in IndexedDB: events, chain heads and the projection.
 *
 * `append` assigns the next gap-free seq, the prev hash and the hlc, and writes the event, the
 * chain head and exactly the projection rows the event changed, in one strict-durability
 * transaction: when it resolves, all of it is on disk, and never one without the other.
 * Nothing here updates or deletes an event.
 */
import { nextEvent, type EventDraft } from '../../shared/ledger/append';
import { localOffsetMinutes } from '../../shared/ledger/ids';
import type { LedgerEvent } from '../../shared/ledger/event';
import { Dexie } from 'dexie';
import {
  applyIncrementally,
  applyTracked,
  emptyState,
  project,
  stateCollections,
  type SiteState,
  type StateCollection,
  type TouchedRows,
} from '../../shared/state/project';
import { assertCommand } from '../../shared/domain/rules';
import { database, type CredentialRow, type KaodianDatabase, type ProjectionRow } from './database';
import { addEvents, allEvents, migrateEvents } from './eventStore';

/**
 * Bump when the fold changes what it computes: stored projections of another version are
 * rebuilt at start (about 2 s with 100,000 events here since the snapshots; docs/performance.md).
 * An added optional field need not bump it: `SessionState.checklistEvent` (printed records) is
 * filled from the next checklist on, and a stored projection without it still reads correctly.
 */
export const projectionVersion = 2;
const metaCollection = '_meta';
/**
 * The projection is stored in two layers in the one table: a snapshot row per collection (the
 * whole record, under `_snapshot`/<collection>) and, over it, one row per entity changed since
 * (null for an entity removed). Appends write the few entity rows they touch; a rebuild, a large
 * import, or a start that finds too many entity rows writes whole collections instead — a
 * handful of large puts, where one row per entity cost minutes with 100,000 events
 * (docs/performance.md). A projection of only entity rows (as written before) reads the same.
 */
const snapshotCollection = '_snapshot';
/** Entity rows past which a whole collection is written instead (and, at start, all of them). */
export const entityRowLimit = 2_000;

interface ProjectionMeta {
  version: number;
  heads: SiteState['heads'];
  last: SiteState['last'];
  eventCount: number;
}

/** Rows written in the same transaction as the events (a new person's PIN with their registration). */
export interface AlsoWrite {
  credentials?: CredentialRow[];
}

export interface Ledger {
  readonly device: string;
  /** The current state; replaced after a rebuild; changed in place by an append (subscribers hear of it). */
  state(): SiteState;
  /** Called with the state after every change the ledger commits (append, import, rebuild); returns the unsubscribe. */
  subscribe(listener: (state: SiteState) => void): () => void;
  /** Checks the domain rules, then writes the event (see the file's comment). Throws RuleError when refused. */
  append(draft: EventDraft, also?: AlsoWrite): Promise<{ event: LedgerEvent; hash: string }>;
  /** All or nothing: every draft (and `also`) is checked and written in one transaction, or none is. */
  appendAll(drafts: EventDraft[], also?: AlsoWrite): Promise<{ event: LedgerEvent; hash: string }[]>;
  /** Folds everything again from the events and rewrites the projection. */
  rebuild(): Promise<SiteState>;
  /**
   * Takes in other devices' events, already verified as continuing each device's chain held
   * here (db/sync.ts). Written with their chain heads and the projection in one transaction.
   */
  importEvents(events: { event: LedgerEvent; hash: string }[]): Promise<void>;
}

function metaRow(state: SiteState): ProjectionRow {
  const meta: ProjectionMeta = {
    version: projectionVersion,
    heads: state.heads,
    last: state.last,
    eventCount: state.eventCount,
  };
  return { collection: metaCollection, key: 'state', value: meta };
}

/** The entity rows of what changed: the value, or null for an entity removed. */
function touchedRows(state: SiteState, touched: TouchedRows): ProjectionRow[] {
  const rows: ProjectionRow[] = [metaRow(state)];
  for (const [collection, keys] of touched) {
    const records = state[collection] as Record<string, unknown>;
    for (const key of keys) rows.push({ collection, key, value: key in records ? records[key] : null });
  }
  return rows;
}

const rowCount = (touched: TouchedRows) => [...touched.values()].reduce((n, keys) => n + keys.size, 0);

/** Snapshots of the given collections, and the meta row; their entity rows are removed (they are in the snapshots). */
async function writeSnapshots(
  db: KaodianDatabase,
  state: SiteState,
  collections: Iterable<StateCollection>,
): Promise<void> {
  const rows: ProjectionRow[] = [metaRow(state)];
  for (const collection of collections) {
    await db.projection
      .where('[collection+key]')
      .between([collection, Dexie.minKey], [collection, Dexie.maxKey])
      .delete();
    rows.push({ collection: snapshotCollection, key: collection, value: state[collection] });
  }
  await db.projection.bulkPut(rows);
}

/** Writes what a fold changed: entity rows when they are few, whole collections when they are many. */
async function writeTouched(db: KaodianDatabase, state: SiteState, touched: TouchedRows): Promise<void> {
  if (rowCount(touched) > entityRowLimit)
    await writeSnapshots(
      db,
      state,
      [...touched].filter(([, keys]) => keys.size > 0).map(([collection]) => collection),
    );
  else await db.projection.bulkPut(touchedRows(state, touched));
}

/**
 * The people of the stored projection, read alone — the sign-in screen needs nothing else — so
 * that it can show while the rest loads (app/boot.ts). Undefined when the stored projection is of
 * another version (it is rebuilt at open: nothing to show before that).
 */
export async function storedPeople(db: KaodianDatabase): Promise<SiteState['people'] | undefined> {
  const meta = (await db.projection.get([metaCollection, 'state']))?.value as ProjectionMeta | undefined;
  if (!meta || meta.version !== projectionVersion) return undefined;
  const snapshot = (await db.projection.get([snapshotCollection, 'people']))?.value as SiteState['people'] | undefined;
  const people = { ...snapshot };
  const changed = await db.projection
    .where('[collection+key]')
    .between(['people', Dexie.minKey], ['people', Dexie.maxKey])
    .toArray();
  for (const row of changed)
    if (row.value === null) delete people[row.key];
    else people[row.key] = row.value as SiteState['people'][string];
  return people;
}

/** The stored projection with the number of entity rows over its snapshots, or undefined when it must be rebuilt. */
async function loadProjection(db: KaodianDatabase): Promise<{ state: SiteState; entityRows: number } | undefined> {
  const rows = await db.projection.toArray();
  const meta = rows.find((row) => row.collection === metaCollection)?.value as ProjectionMeta | undefined;
  if (!meta || meta.version !== projectionVersion) return undefined;
  const state = emptyState();
  state.heads = meta.heads;
  state.last = meta.last;
  state.eventCount = meta.eventCount;
  const known = new Set<string>(stateCollections);
  const collection = (name: string) => state[name as StateCollection] as Record<string, unknown>;
  for (const row of rows) {
    if (row.collection !== snapshotCollection) continue;
    if (!known.has(row.key)) return undefined;
    (state as unknown as Record<string, unknown>)[row.key] = row.value;
  }
  let entityRows = 0;
  for (const row of rows) {
    if (row.collection === metaCollection || row.collection === snapshotCollection) continue;
    if (!known.has(row.collection)) return undefined;
    entityRows += 1;
    if (row.value === null) delete collection(row.collection)[row.key];
    else collection(row.collection)[row.key] = row.value;
  }
  // The projection must cover exactly the events held: same heads as the chains.
  const heads = await db.chainHeads.toArray();
  if (heads.length !== Object.keys(meta.heads).length || heads.some((h) => meta.heads[h.device] !== h.seq))
    return undefined;
  return { state, entityRows };
}

/**
 * The projection at start: loaded, and compacted into snapshots when entity rows have piled up
 * (unless another window wrote in the meantime: then it is left for the next start).
 */
async function openProjection(db: KaodianDatabase): Promise<SiteState> {
  const loaded = await loadProjection(db);
  if (!loaded) return rebuildProjection(db);
  if (loaded.entityRows > entityRowLimit) {
    await db.transaction('rw', db.projection, async () => {
      const meta = (await db.projection.get([metaCollection, 'state']))?.value as ProjectionMeta | undefined;
      if (meta?.eventCount === loaded.state.eventCount) await writeSnapshots(db, loaded.state, stateCollections);
    });
  }
  return loaded.state;
}

async function rebuildProjection(db: KaodianDatabase): Promise<SiteState> {
  return db.transaction('rw', db.segments, db.tail, db.projection, async () => {
    const state = project((await allEvents(db)).map((stored) => stored.event));
    await db.projection.clear();
    await writeSnapshots(db, state, stateCollections);
    return state;
  });
}

/**
 * Runs after every commit, before the append resolves: the journal (renderer/app/journal.ts),
 * so nothing is reported as saved before it is also on disk outside the database.
 */
export type AfterCommit = (committed: { event: LedgerEvent; hash: string }[]) => Promise<void>;

export async function openLedger(
  device: string,
  db: KaodianDatabase = database(),
  now: () => number = Date.now,
  afterCommit: AfterCommit = async () => {},
): Promise<Ledger> {
  // The app moves events stored a row each (schema v7 and before) at start, with a progress bar
  // (app/boot.ts); a caller that did not has them moved here, so the ledger reads one layout.
  await migrateEvents(db);
  let state = await openProjection(db);
  const listeners = new Set<(state: SiteState) => void>();
  const announce = () => {
    for (const listener of listeners) listener(state);
  };

  const appendAll = async (
    drafts: EventDraft[],
    also: AlsoWrite = {},
  ): Promise<{ event: LedgerEvent; hash: string }[]> => {
    try {
      const made = await commitAll(drafts, also);
      await afterCommit(made);
      return made;
    } finally {
      announce();
    }
  };

  const commitAll = async (drafts: EventDraft[], also: AlsoWrite): Promise<{ event: LedgerEvent; hash: string }[]> => {
    const at = now();
    try {
      return await db.transaction(
        'rw',
        [db.segments, db.tail, db.chainHeads, db.projection, db.credentials],
        async () => {
          let head = await db.chainHeads.get(device);
          // Lift past the highest hlc held from any device, so the new events sort after them. The
          // fold's last event is that event (the total order sorts by hlc first), so no index read.
          const highest = state.last;
          const made: { event: LedgerEvent; hash: string }[] = [];
          const touched: TouchedRows = new Map();
          for (const draft of drafts) {
            assertCommand(state, draft, { nowMs: at });
            const next = nextEvent(
              device,
              head,
              draft,
              { nowMs: at, offsetMinutes: localOffsetMinutes(at) },
              highest?.hlc,
            );
            const { event, hash } = next;
            head = { device, seq: event.seq, hash, hlc: event.hlc };
            const applied = applyTracked(state, [event]);
            if (!applied.applied) throw new Error('the new event does not sort after the projection');
            for (const [collection, keys] of applied.touched)
              touched.set(collection, new Set([...(touched.get(collection) ?? []), ...keys]));
            made.push(next);
          }
          await addEvents(db, made);
          if (head) await db.chainHeads.put(head);
          await db.projection.bulkPut(touchedRows(state, touched));
          if (also.credentials?.length) await db.credentials.bulkPut(also.credentials);
          return made;
        },
      );
    } catch (error) {
      // The transaction rolled back; the in-memory state may have moved on without it.
      state = (await loadProjection(db))?.state ?? (await rebuildProjection(db));
      throw error;
    }
  };

  return {
    device,
    state: () => state,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    rebuild: async () => {
      state = await rebuildProjection(db);
      announce();
      return state;
    },
    importEvents: async (incoming) => {
      if (incoming.length === 0) return;
      try {
        await db.transaction('rw', db.segments, db.tail, db.chainHeads, db.projection, async () => {
          await addEvents(db, incoming);
          const heads = new Map<string, { device: string; seq: number; hash: string; hlc: string }>();
          for (const { event, hash } of incoming) {
            const held = heads.get(event.device);
            if (!held || held.seq < event.seq)
              heads.set(event.device, { device: event.device, seq: event.seq, hash, hlc: event.hlc });
          }
          await db.chainHeads.bulkPut([...heads.values()]);
          const events = incoming.map((i) => i.event);
          // A large import rewrites whole collections anyway: folded without tracking each row.
          const large = incoming.length > entityRowLimit;
          const tracked = large ? { applied: applyIncrementally(state, events) } : applyTracked(state, events);
          if (tracked.applied) {
            if ('touched' in tracked) await writeTouched(db, state, tracked.touched);
            else await writeSnapshots(db, state, stateCollections);
          } else {
            // Some imported events sort before what was folded: fold everything again
            // (inside this transaction: Dexie reuses it for the nested one).
            state = await rebuildProjection(db);
          }
        });
      } catch (error) {
        state = (await loadProjection(db))?.state ?? (await rebuildProjection(db));
        throw error;
      } finally {
        announce();
      }
      await afterCommit(incoming);
    },
    append: async (draft, also) => (await appendAll([draft], also))[0]!,
    appendAll: (drafts, also) => appendAll(drafts, also),
  };
}
