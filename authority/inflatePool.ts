/**
 * The authority's worker pool for packages (piscina): inflating and hashing run in worker threads,
 * so a large or hostile package never holds up the answers to other requests (FORMATS.md §5 has
 * the checks that come before: nothing is inflated before the manifest's signature verifies).
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { WireError, wireErrorCodes, type WireErrorCode } from '../shared/ledger/errors';
import type { InflateEntries } from '../shared/sync/package';
import type { InflateAnswer, InflateTask } from './inflateWorker';

export interface InflatePool {
  /** The inflater for one package's bytes (copied once into memory the workers share). */
  forPackage(bytes: Uint8Array): InflateEntries;
  close(): Promise<void>;
}

export function createInflatePool(threads = Math.max(1, Math.min(4, availableParallelism() - 1))): InflatePool {
  const pool = new Piscina<InflateTask, InflateAnswer>({
    filename: new URL('./inflateWorker.ts', import.meta.url).href,
    // The worker is TypeScript, like the service: loaded through tsx as the service itself is.
    execArgv: [...process.execArgv.filter((arg) => !arg.startsWith('--inspect')), '--import', 'tsx'],
    minThreads: 1,
    maxThreads: threads,
    idleTimeout: 60_000,
  });
  return {
    forPackage(bytes) {
      let shared: SharedArrayBuffer | undefined;
      return async (entries) => {
        if (!shared) {
          shared = new SharedArrayBuffer(bytes.length);
          new Uint8Array(shared).set(bytes);
        }
        const answer = await pool.run({ bytes: shared, entries });
        if (!answer.ok)
          throw new WireError(
            (wireErrorCodes as readonly string[]).includes(answer.code) ? (answer.code as WireErrorCode) : 'bad_zip',
            answer.message,
          );
        return answer.entries;
      };
    },
    close: () => pool.destroy(),
  };
}
