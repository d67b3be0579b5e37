/**
 * The journal, wired: after every commit the new events go to the platform's journal (Electron:
 * a file in the user-data folder; browser mode: the Origin Private File System) with a fresh
 * marker, before the append resolves. At start the marker is compared with the database.
 */
import { checkForLoss, journalLines, readJournal, type JournalMarker, type LossVerdict } from '../../shared/ledger/journal';
import type { LedgerEvent } from '../../shared/ledger/event';
import type { KaodianDatabase } from '../db/database';
import { allEventsInOrder, currentMarker, ledgerHolding, restoreFromJournal, watchSettings } from '../db/journal';
import type { AfterCommit } from '../db/ledger';
import { platform } from '../platform';

// One journal write at a time, each with the marker computed when it runs, so a marker written
// later never describes less than one written before it.
let queue: Promise<unknown> = Promise.resolve();
function serial<T>(work: () => Promise<T>): Promise<T> {
  const next = queue.then(work, work);
  queue = next.catch(() => undefined);
  return next;
}

function write(device: string, events: readonly LedgerEvent[]): Promise<void> {
  return serial(async () => platform().journal.append({ lines: journalLines(events), marker: await currentMarker(device) }));
}

export function journalAfterCommit(device: string): AfterCommit {
  return (events) => write(device, events);
}

export async function checkJournalAtStart(db: KaodianDatabase): Promise<{ verdict: LossVerdict; marker: JournalMarker | null }> {
  const marker = await platform().journal.marker();
  return { verdict: checkForLoss(marker ?? undefined, await ledgerHolding(db)), marker };
}

/**
 * After the ledger opens: a database with no journal yet (made before the journal existed, or
 * after a deliberate fresh start) is journalled whole; a journal behind the database (a journal
 * write failed earlier) is archived and written again whole. Then the marker follows every
 * change of settings and PINs.
 */
export async function keepJournal(device: string, marker: JournalMarker | null, db: KaodianDatabase): Promise<() => void> {
  const holding = await ledgerHolding(db);
  if (holding.events > (marker?.events ?? 0)) {
    if (marker) await serial(() => platform().journal.archive());
    await write(device, await allEventsInOrder(db));
  }
  return watchSettings(() => void write(device, []));
}

/** Restores from the journal; the app starts again afterwards. */
export async function restoreJournal(db: KaodianDatabase): Promise<number> {
  const { lines, marker } = await platform().journal.read();
  if (!marker) throw new Error('the journal has no marker');
  return restoreFromJournal(readJournal(lines), marker, db);
}

/** A deliberate fresh start: the journal is kept aside (never deleted), the database starts empty. */
export function archiveJournal(): Promise<void> {
  return serial(() => platform().journal.archive());
}
