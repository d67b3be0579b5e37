/**
 * A worker of the inflate pool (authority/inflatePool.ts): inflates and hash-checks listed package
 * entries off the service's event loop. The package's bytes arrive once, shared; the inflated
 * entries go back transferred, not copied (a 64 MiB entry cloned held the service's event loop
 * for about 250 ms). A fault travels back as a WireError's code and message.
 */
import { setPriority } from 'node:os';
import { Piscina, transferableSymbol, valueSymbol } from 'piscina';
import { isWireError } from '../shared/ledger/errors';
import { inflateListedEntry, type ListedEntry } from '../shared/sync/package';
import type { RandomAccessSource } from '../shared/sync/zipReader';
import { nodeSha256 } from './nodeCrypto';

// Linux gives each thread its own nice value (setpriority with 0 is this thread there, the
// whole process elsewhere): inflating yields the CPU to the thread that answers requests.
if (process.platform === 'linux') setPriority(0, 10);

export interface InflateTask {
  bytes: SharedArrayBuffer;
  entries: readonly ListedEntry[];
}

export type InflateAnswer = { ok: true; entries: Uint8Array[] } | { ok: false; code: string; message: string };

export default async function inflateTask({ bytes, entries }: InflateTask): Promise<InflateAnswer | object> {
  // Read in copies: inflating straight out of shared memory ran about five times slower.
  const view = new Uint8Array(bytes);
  const source: RandomAccessSource = {
    size: view.length,
    read: async (offset, length) => view.slice(offset, offset + length),
  };
  try {
    const out: Uint8Array[] = [];
    for (const entry of entries) out.push(await inflateListedEntry(source, entry, nodeSha256));
    const answer: InflateAnswer = { ok: true, entries: out };
    return Piscina.move({ [transferableSymbol]: out.map((entry) => entry.buffer), [valueSymbol]: answer });
  } catch (error) {
    if (isWireError(error)) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}
