/**
 * The ledger's events stored as segments (issue 20).
 *
 * One IndexedDB row per event with three indexes is what held the import to ~600 events/s; the
 * same events' canonical texts written as rows of 1,000 reach ~140,000/s in the same browser
 * (docs/performance.md). So a device's consecutive events are kept as their canonical texts:
 * sealed `segments` of up to `segmentEvents` (never rewritten), and the open segment's `tail`, one
 * small row per event without secondary indexes, so that an append stays one small write. The
 * append that fills a device's tail also writes the segment and removes those tail rows, in the
 * same transaction. Segments hold seqs 1–1,000, 1,001–2,000 …, so where a device's tail starts
 * follows from its seq alone (`sealedBefore`).
 *
 * Every function here runs inside a transaction the caller opened over `segments` and `tail`
 * (Dexie reuses it), or opens its own read.
 */
import type { LedgerEvent } from '../../shared/ledger/event';
import { canonicalize } from '../../shared/ledger/canonical';
import type { KaodianDatabase } from './database';

/** Events a segment holds at most. */
export const segmentEvents = 1_000;

export interface SegmentRow {
  device: string;
  first: number;
  last: number;
  /** The events' canonical JSON texts (RFC 8785), in seq order. */
  texts: string[];
  hashes: string[];
}

export interface TailRow {
  device: string;
  seq: number;
  text: string;
  hash: string;
}

export interface StoredEvent {
  event: LedgerEvent;
  hash: string;
  /** The event's canonical text when the caller has it already (a verified batch does): not made again. */
  text?: string;
}

const parse = (text: string, hash: string): StoredEvent => ({ event: JSON.parse(text) as LedgerEvent, hash, text });

/**
 * The last seq a device's segments hold when its events before `seq` are held. A device's chain is
 * held gap-free from seq 1 (an import only continues it) and sealed every `segmentEvents`, so the
 * segments end at the last whole multiple: no read, which an append would otherwise pay for.
 */
const sealedBefore = (seq: number) => Math.floor((seq - 1) / segmentEvents) * segmentEvents;

/**
 * Adds events continuing their devices' chains (the caller checked that): to each device's tail,
 * and whole segments where the tail reaches `segmentEvents` — a large import writes its segments
 * directly, without the tail rows between.
 */
export async function addEvents(db: KaodianDatabase, events: readonly StoredEvent[]): Promise<void> {
  const byDevice = new Map<string, StoredEvent[]>();
  for (const stored of events) {
    const list = byDevice.get(stored.event.device);
    if (list) list.push(stored);
    else byDevice.set(stored.event.device, [stored]);
  }
  for (const [device, added] of byDevice) {
    added.sort((a, b) => a.event.seq - b.event.seq);
    const sealed = sealedBefore(added[0]!.event.seq);
    const rows = added.map(({ event, hash, text }) => ({
      device,
      seq: event.seq,
      text: text ?? canonicalize(event),
      hash,
    }));
    // The tail covers sealed+1 … the last seq: an append that does not fill it is one small write.
    if (added.at(-1)!.event.seq - sealed < segmentEvents) {
      await db.tail.bulkPut(rows);
      continue;
    }
    const tail = await db.tail
      .where('[device+seq]')
      .between([device, sealed + 1], [device, Number.MAX_SAFE_INTEGER], true, true)
      .toArray();
    const open = [...tail, ...rows];
    const whole = open.length - (open.length % segmentEvents);
    const segments: SegmentRow[] = [];
    for (let i = 0; i < whole; i += segmentEvents) {
      const part = open.slice(i, i + segmentEvents);
      segments.push({
        device,
        first: part[0]!.seq,
        last: part.at(-1)!.seq,
        texts: part.map((p) => p.text),
        hashes: part.map((p) => p.hash),
      });
    }
    await db.segments.bulkAdd(segments);
    if (tail.length)
      await db.tail
        .where('[device+seq]')
        .between([device, tail[0]!.seq], [device, tail.at(-1)!.seq], true, true)
        .delete();
    // What did not fill a segment is the new tail.
    if (whole < open.length) await db.tail.bulkPut(open.slice(whole));
  }
}

/** A device's events from `from` to `to`, in seq order. */
export async function eventsOf(
  db: KaodianDatabase,
  device: string,
  from: number,
  to: number = Number.MAX_SAFE_INTEGER,
): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  // A segment holds at most `segmentEvents`: the one holding `from` starts no earlier than this.
  const lowest = Math.max(0, from - segmentEvents + 1);
  const segments = await db.segments
    .where('[device+first]')
    .between([device, lowest], [device, to], true, true)
    .toArray();
  for (const segment of segments) {
    if (segment.last < from) continue;
    for (let i = Math.max(0, from - segment.first); i < segment.texts.length && segment.first + i <= to; i += 1)
      out.push(parse(segment.texts[i]!, segment.hashes[i]!));
  }
  const sealed = segments.at(-1)?.last ?? 0;
  const tail = await db.tail
    .where('[device+seq]')
    .between([device, Math.max(from, sealed + 1)], [device, to], true, true)
    .toArray();
  for (const row of tail) out.push(parse(row.text, row.hash));
  return out;
}

/**
 * The events whose canonical text `mayMatch` admits, parsed; the rest are not. For the lookups by
 * id or type (printed records, package checks): a substring test on the text spares parsing the
 * other 100,000. The caller checks the parsed events exactly.
 */
export async function findEvents(db: KaodianDatabase, mayMatch: (text: string) => boolean): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  await db.segments.each((segment) => {
    for (let i = 0; i < segment.texts.length; i += 1)
      if (mayMatch(segment.texts[i]!)) out.push(parse(segment.texts[i]!, segment.hashes[i]!));
  });
  await db.tail.each((row) => {
    if (mayMatch(row.text)) out.push(parse(row.text, row.hash));
  });
  return out;
}

/** Every event held, in (device, seq) order. */
export async function allEvents(db: KaodianDatabase): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for (const segment of await db.segments.toArray())
    for (let i = 0; i < segment.texts.length; i += 1) out.push(parse(segment.texts[i]!, segment.hashes[i]!));
  for (const row of await db.tail.toArray()) out.push(parse(row.text, row.hash));
  return out.sort((a, b) =>
    a.event.device === b.event.device ? a.event.seq - b.event.seq : a.event.device < b.event.device ? -1 : 1,
  );
}

/**
 * How many events are held: each device's chain is held gap-free from seq 1 to its head (an
 * import only continues a chain), so the heads say it without reading a segment.
 */
export async function eventCount(db: KaodianDatabase): Promise<number> {
  return (await db.chainHeads.toArray()).reduce((n, head) => n + head.seq, 0);
}

/** How far the move out of `events` has come: the last `[device, seq]` copied into segments. */
export interface MoveRow {
  key: 'events';
  through: [string, number];
}

/** Events a migration step moves, in one transaction. */
export const migrationStepEvents = 5_000;

/** Events still stored a row each and not yet moved into segments. */
export async function pendingMigration(db: KaodianDatabase): Promise<number> {
  const mark = await db.moves.get('events');
  const rows = db.events.where('[device+seq]');
  return mark ? rows.above(mark.through).count() : db.events.count();
}

/**
 * One migration step from the one-row-per-event layout (schema v2–v7 `events`): the next rows in
 * (device, seq) order are copied into segments or the tail, and the mark moves past them, in one
 * transaction — a kill between steps leaves every event either before the mark (in segments) or
 * after it (still a row), and the next start goes on from the mark. Copied rows are not deleted
 * one by one: deleting a row with three indexes costs as much as writing it (~1,500 rows/s); the
 * last step clears the table at once. Returns the events moved (0 when done).
 */
export async function migrateStep(db: KaodianDatabase, size: number = migrationStepEvents): Promise<number> {
  return db.transaction('rw', [db.events, db.segments, db.tail, db.moves], async () => {
    const mark = await db.moves.get('events');
    const rows = mark
      ? await db.events.where('[device+seq]').above(mark.through).limit(size).toArray()
      : await db.events.orderBy('[device+seq]').limit(size).toArray();
    if (rows.length === 0) {
      if (mark || (await db.events.count())) await db.events.clear();
      await db.moves.delete('events');
      return 0;
    }
    await addEvents(
      db,
      rows.map((row) => ({ event: row.event, hash: row.hash })),
    );
    const last = rows.at(-1)!;
    await db.moves.put({ key: 'events', through: [last.device, last.seq] });
    return rows.length;
  });
}

/**
 * Moves every event still stored a row each into segments, step by step, telling `onProgress`
 * how many have moved of how many there are. Returns at once when there is nothing to move.
 */
export async function migrateEvents(
  db: KaodianDatabase,
  onProgress: (moved: number, total: number) => void = () => {},
): Promise<void> {
  const [pending, all] = await Promise.all([pendingMigration(db), db.events.count()]);
  if (all === 0) return;
  let moved = all - pending;
  onProgress(moved, all);
  for (let step = await migrateStep(db); step > 0; step = await migrateStep(db)) {
    moved += step;
    onProgress(moved, all);
  }
}
