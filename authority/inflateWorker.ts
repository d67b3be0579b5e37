/**
 * A worker of the inflate pool (authority/inflatePool.ts): inflates and hash-checks listed package
 * entries off the service's event loop. The package's bytes arrive once, shared; the inflated
 * entries go back as a structured clone (piscina's transfer wrapper is not recognised across the
 * tsx loader boundary). A fault travels back as a WireError's code and message.
 */
import { isWireError } from '../shared/ledger/errors';
import { inflateListedEntry, type ListedEntry } from '../shared/sync/package';
import { bytesSource } from '../shared/sync/zipReader';

export interface InflateTask {
  bytes: SharedArrayBuffer;
  entries: readonly ListedEntry[];
}

export type InflateAnswer = { ok: true; entries: Uint8Array[] } | { ok: false; code: string; message: string };

export default async function inflateTask({ bytes, entries }: InflateTask): Promise<InflateAnswer> {
  const source = bytesSource(new Uint8Array(bytes));
  try {
    const out: Uint8Array[] = [];
    for (const entry of entries) out.push(await inflateListedEntry(source, entry));
    return { ok: true, entries: out };
  } catch (error) {
    if (isWireError(error)) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}
