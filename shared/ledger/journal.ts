/**
 * The journal: an independent, append-only copy of the ledger outside IndexedDB, and the marker
 * that says how much the ledger held when it was last written.
 *
 * One line per committed event: exactly the canonical text its hash covers (FORMATS.md §2), so
 * a restore reproduces every event byte for byte. The marker (a small JSON file beside the
 * journal) names this device, its highest seq and head hash, the number of events the ledger
 * held, and a snapshot of the device's settings that are not events (site profile, PIN
 * verifiers), so a restore into a fresh profile can sign people in again.
 *
 * At start, a database that is empty or behind its marker is a loss, shown as an alarm — never a
 * silent fresh start (DESIGN.md principle 4).
 */
import { z } from 'zod';
import { canonicalize } from './canonical';
import { verifyChainWithText } from './chain';
import { WireError } from './errors';
import { zeroHash, hashPattern } from './hash';
import { parseEvent, type LedgerEvent } from './event';
import { uuidPattern } from './ids';
import { parseStrictJson } from './strictJson';

export const journalMarkerSchema = z.strictObject({
  v: z.literal(1),
  device: z.string().regex(uuidPattern),
  /** This device's highest seq (0 before its first event). */
  seq: z.number().int().min(0),
  head: z.string().regex(hashPattern),
  /** Every event the ledger held, from all devices. */
  events: z.number().int().min(0),
  /** JSON of the device settings snapshot (renderer/db/journal.ts), opaque here. */
  settings: z.string().max(16 * 1024 * 1024),
  writtenAt: z.string().max(40),
});
export type JournalMarker = z.infer<typeof journalMarkerSchema>;

/** The journal lines of some committed events. */
export function journalLines(events: readonly LedgerEvent[]): string {
  let out = '';
  for (const event of events) out += `${canonicalize(event)}\n`;
  return out;
}

export interface JournalContents {
  /** Every event, each device's chain verified from seq 1, in journal order per device. */
  events: LedgerEvent[];
  /** The hash of each event, by index into `events`. */
  hashes: string[];
  /** The canonical text of each event (identical to its journal line). */
  texts: string[];
  /** Whether the last line was cut short (a crash mid-write); that line is ignored. */
  torn: boolean;
}

/**
 * Reads a journal back. A line that does not parse or does not continue its device's chain is
 * `broken_chain` (or the parse error's code) with its line number: a journal that does not
 * verify is never restored from. The same event twice (a journal rewritten after a gap) is kept once.
 */
export function readJournal(text: string): JournalContents {
  const lines = text.split('\n');
  const torn = lines.at(-1) !== '';
  lines.pop();
  const byDevice = new Map<string, Map<number, { event: LedgerEvent; line: number }>>();
  lines.forEach((line, i) => {
    let event: LedgerEvent;
    try {
      event = parseEvent(parseStrictJson(line));
    } catch (error) {
      throw new WireError(
        error instanceof WireError ? error.code : 'bad_json',
        `journal line ${i + 1}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (canonicalize(event) !== line)
      throw new WireError('broken_chain', `journal line ${i + 1}: not the event's canonical text`);
    let seqs = byDevice.get(event.device);
    if (!seqs) byDevice.set(event.device, (seqs = new Map()));
    const held = seqs.get(event.seq);
    if (held && canonicalize(held.event) !== line)
      throw new WireError(
        'broken_chain',
        `journal line ${i + 1}: a second, different event at ${event.device} seq ${event.seq}`,
      );
    if (!held) seqs.set(event.seq, { event, line: i + 1 });
  });
  const contents: JournalContents = { events: [], hashes: [], texts: [], torn };
  for (const [device, seqs] of byDevice) {
    const chain = [...seqs.values()].sort((a, b) => a.event.seq - b.event.seq).map((e) => e.event);
    const { hashes, texts } = verifyChainWithText(chain, { device, from: 1, prev: zeroHash });
    contents.events.push(...chain);
    contents.hashes.push(...hashes);
    contents.texts.push(...texts);
  }
  return contents;
}

/** What the database holds now, to compare with the marker. */
export interface LedgerHolding {
  /** This device's id, or undefined when the database has no identity (a fresh profile). */
  device?: string;
  seq: number;
  events: number;
}

export type LossVerdict =
  | { lost: false }
  | { lost: true; reason: 'empty' | 'behind' | 'other_device'; marker: JournalMarker; holding: LedgerHolding };

/** Whether the database lost what the marker says it held. */
export function checkForLoss(marker: JournalMarker | undefined, holding: LedgerHolding): LossVerdict {
  if (!marker || marker.events === 0) return { lost: false };
  if (holding.events === 0) return { lost: true, reason: 'empty', marker, holding };
  if (holding.device !== undefined && holding.device !== marker.device)
    return { lost: true, reason: 'other_device', marker, holding };
  if (holding.seq < marker.seq || holding.events < marker.events)
    return { lost: true, reason: 'behind', marker, holding };
  return { lost: false };
}
