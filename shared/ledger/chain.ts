/**
 * Chain verification (FORMATS.md §3): a run of one device's events is gap-free from `from`,
 * each names its predecessor's hash, and hlc strictly increases.
 */
import { WireError } from './errors';
import { canonicalize } from './canonical';
import type { LedgerEvent } from './event';
import { sha256TextHex, type Sha256Implementation } from './hash';
import type { SourceTexts } from './strictJson';

export interface ChainLink {
  /** The hash the first event must name as prev. */
  prev: string;
  /** The seq the first event must have. */
  from: number;
  device: string;
  /** The hlc of the event before the first, if known: hlc must increase across it too. */
  previousHlc?: string;
}

/** Verifies the run and returns the hash of each event; any fault is `broken_chain`. */
export function verifyChain(events: readonly LedgerEvent[], link: ChainLink): string[] {
  return verifyChainWithText(events, link).hashes;
}

/**
 * verifyChain, also returning each event's canonical text (what its hash covers), for storage.
 * `sourceTexts` holds the texts the strict parser kept for events whose source was canonical.
 */
export function verifyChainWithText(
  events: readonly LedgerEvent[],
  link: ChainLink,
  sourceTexts?: SourceTexts,
  sha256?: Sha256Implementation,
): { hashes: string[]; texts: string[] } {
  const hashes: string[] = [];
  const texts: string[] = [];
  let prev = link.prev;
  let previousHlc = link.previousHlc;
  events.forEach((event, i) => {
    if (event.device !== link.device) throw new WireError('bad_schema', `event ${i}: device differs`);
    if (event.seq !== link.from + i)
      throw new WireError('broken_chain', `event ${i}: seq ${event.seq}, expected ${link.from + i}`, { index: i });
    if (event.prev !== prev)
      throw new WireError('broken_chain', `event ${i} (seq ${event.seq}): prev does not match`, { index: i });
    if (previousHlc !== undefined && !(event.hlc > previousHlc)) {
      throw new WireError('broken_chain', `event ${i} (seq ${event.seq}): hlc does not increase`, { index: i });
    }
    const text = sourceTexts?.get(event) ?? canonicalize(event);
    prev = sha256TextHex(text, sha256);
    previousHlc = event.hlc;
    hashes.push(prev);
    texts.push(text);
  });
  return { hashes, texts };
}
