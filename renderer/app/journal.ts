/**
 * The journal, wired: after every commit the new events go to the platform's journal (Electron:
 * a file in the user-data folder; browser mode: the Origin Private File System) with a fresh
 * marker, before the append resolves. At start the marker is compared with the database.
 *
 * The marker is built from what this module tracks (the events held, this device's head, the
 * settings snapshot), not read back from the database on every append: counting 100,000 rows
 * in IndexedDB would cost more than the commit itself.
 */
import {
  checkForLoss,
  journalLines,
  readJournal,
  type JournalMarker,
  type LedgerHolding,
  type LossVerdict,
} from '../../shared/ledger/journal';
import type { LedgerEvent } from '../../shared/ledger/event';
import { zeroHash } from '../../shared/ledger/hash';
import { formatTime, localOffsetMinutes } from '../../shared/ledger/ids';
import type { KaodianDatabase } from '../db/database';
import {
  allEventsInOrder,
  ledgerHolding,
  ownEventsAfter,
  ownHead,
  restoreFromJournal,
  settingsSnapshot,
  watchSettings,
} from '../db/journal';
import type { AfterCommit } from '../db/ledger';
import {
  isSealedText,
  JournalKeyError,
  openJournal,
  openJournalText,
  sealJournalText,
} from '../../shared/ledger/journalSeal';
import { webSealCrypto } from '../crypto/webCrypto';
import { keepJournalKey } from '../db/identity';
import { journalKeyForRestore, wrapJournalKeyUnderPin } from './journalKey';
import { platform } from '../platform';

// One journal write at a time, each with the marker computed when it runs, so a marker written
// later never describes less than one written before it.
let queue: Promise<unknown> = Promise.resolve();
function serial<T>(work: () => Promise<T>): Promise<T> {
  const next = queue.then(work, work);
  queue = next.catch(() => undefined);
  return next;
}

interface Tracked {
  device: string;
  events: number;
  head: { seq: number; hash: string };
  settings: string;
}
let tracked: Tracked | undefined;
/** K (renderer/app/journalKey.ts) once it is kept beside the journal: appends and settings are sealed. */
let sealingKey: CryptoKey | undefined;

/** The settings snapshot sealed, again only when it changed: every append rewrites the marker. */
let sealedSnapshot: { key: CryptoKey; plain: string; sealed: string } | undefined;
async function sealedSettings(key: CryptoKey, plain: string): Promise<string> {
  if (sealedSnapshot?.key !== key || sealedSnapshot.plain !== plain)
    sealedSnapshot = { key, plain, sealed: await sealJournalText(webSealCrypto, key, plain) };
  return sealedSnapshot.sealed;
}

async function marker(t: Tracked): Promise<JournalMarker> {
  const now = Date.now();
  return {
    v: 1,
    device: t.device,
    seq: t.head.seq,
    head: t.head.hash,
    events: t.events,
    settings: sealingKey ? await sealedSettings(sealingKey, t.settings) : t.settings,
    writtenAt: formatTime(now, localOffsetMinutes(now)),
  };
}

/** An append's lines as stored: one sealed record, or the plain lines before there is a key. */
async function asStored(lines: string): Promise<string> {
  return sealingKey && lines ? `${await sealJournalText(webSealCrypto, sealingKey, lines)}\n` : lines;
}

function write(committed: readonly { event: LedgerEvent; hash: string }[]): Promise<void> {
  return serial(async () => {
    const t = tracked;
    if (!t) throw new Error('the journal was not started');
    t.events += committed.length;
    for (const { event, hash } of committed)
      if (event.device === t.device && event.seq > t.head.seq) t.head = { seq: event.seq, hash };
    await platform().journal.append({
      lines: await asStored(journalLines(committed.map((c) => c.event))),
      marker: await marker(t),
    });
  });
}

/**
 * From now on the journal is sealed with `key`: what it held (plain, written before there was a
 * key) is replaced by the same events sealed — read once and rewritten, no plain copy kept.
 */
export function sealJournalFromNow(key: CryptoKey, db: KaodianDatabase): Promise<void> {
  return serial(async () => {
    sealingKey = key;
    const t = tracked;
    if (!t) return;
    const events = await allEventsInOrder(db);
    t.events = events.length;
    t.settings = await settingsSnapshot(db);
    await platform().journal.replace({
      lines: await asStored(journalLines(events.map((e) => e.event))),
      marker: await marker(t),
    });
  });
}

export const journalAfterCommit: AfterCommit = (committed) => write(committed);

/** What start-up learns about the journal: the stored marker, what the database holds, and the verdict. */
export interface JournalStart {
  marker: JournalMarker | null;
  holding: LedgerHolding;
  verdict: LossVerdict;
}

export async function checkJournalAtStart(db: KaodianDatabase): Promise<JournalStart> {
  const [marker, holding] = await Promise.all([platform().journal.marker(), ledgerHolding(db)]);
  return { marker, holding, verdict: checkForLoss(marker ?? undefined, holding) };
}

/**
 * Before the ledger takes appends: what is held, this device's head and the settings snapshot
 * become the tracked marker. A database with no journal yet (made before the journal existed, or
 * after a deliberate fresh start) is journalled whole; a journal behind the database (a journal
 * write failed earlier) is archived and written again whole. Then the marker follows every
 * change of settings and PINs.
 */
export async function startJournal(
  device: string,
  { marker: stored, holding }: JournalStart,
  db: KaodianDatabase,
  key?: CryptoKey,
): Promise<() => void> {
  sealingKey = undefined;
  const continues = stored !== null && stored.device === device;
  tracked = {
    device,
    events: stored?.events ?? 0,
    head: continues ? { seq: stored.seq, hash: stored.head } : { seq: 0, hash: zeroHash },
    settings: await settingsSnapshot(db),
  };
  if (holding.events > tracked.events) {
    // Usually the journal missed this device's last few events (a kill before the journal write):
    // append just those. Anything else (imports missed, no journal yet) is written again whole.
    const missing = continues ? await ownEventsAfter(device, stored.seq, db) : [];
    if (continues && tracked.events + missing.length === holding.events) await write(missing);
    else {
      if (stored) await serial(() => platform().journal.archive());
      tracked.events = 0;
      tracked.head = { seq: 0, hash: zeroHash };
      await write(await allEventsInOrder(db));
    }
  } else {
    tracked.events = holding.events;
    tracked.head = await ownHead(device, db);
  }
  if (key && !(stored && isSealedText(stored.settings))) await sealJournalFromNow(key, db);
  else sealingKey = key;
  return watchSettings(() => {
    void serial(async () => {
      tracked!.settings = await settingsSnapshot(db);
    }).then(() => write([]));
  });
}

/**
 * A site manager has just signed in (or been created) with `pin`: where the system keeps no
 * secrets (browser mode) and the journal's key is not yet beside the journal, it is wrapped under
 * that PIN and the journal is sealed from now on.
 */
export async function sealJournalUnderManagerPin(pin: string, db: KaodianDatabase, pinChanged = false): Promise<void> {
  if (!tracked) return;
  const key = await wrapJournalKeyUnderPin(pin, db, pinChanged);
  if (key && !sealingKey) await sealJournalFromNow(key, db);
}

/**
 * Restores from the journal; the app starts again afterwards. A sealed journal opens with the key
 * kept beside it (`pin`: the site manager's, where it was wrapped under a PIN).
 */
export async function restoreJournal(db: KaodianDatabase, pin?: string): Promise<number> {
  const { lines, marker } = await platform().journal.read();
  if (!marker) throw new Error('the journal has no marker');
  const sealed = isSealedText(marker.settings);
  const key = sealed ? await journalKeyForRestore(pin) : undefined;
  if (sealed && !key) throw new JournalKeyError('the journal is sealed and its key file is missing');
  const text = await openJournal(webSealCrypto, key, lines);
  const settings = key ? await openJournalText(webSealCrypto, key, marker.settings) : marker.settings;
  const restored = await restoreFromJournal(readJournal(text), { ...marker, settings }, db);
  if (key) await keepJournalKey(key, db);
  return restored;
}

/** A deliberate fresh start: the journal is kept aside (never deleted), the database starts empty. */
export function archiveJournal(): Promise<void> {
  return serial(() => platform().journal.archive());
}
