/**
 * The journal on disk, in the user-data folder: `journal.ndjson` (append-only, one canonical
 * event per line, fsynced before the append returns) and `journal-marker.json` (rewritten
 * atomically after each append). The renderer says "saved" only after both are on disk.
 * The line format and the checks are shared/ledger/journal.ts; this is the file handling.
 */
import { chmod, mkdir, open, readFile, rename, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { journalMarkerSchema, type JournalMarker } from '../shared/ledger/journal';
import { parseStrictJson } from '../shared/ledger/strictJson';
import { writeFileAtomic } from './atomicWrite';

export const journalFileName = 'journal.ndjson';
export const markerFileName = 'journal-marker.json';
export const keyFileName = 'journal.key';

export interface Journal {
  append(lines: string, marker: JournalMarker): Promise<void>;
  /** The whole journal text and the marker, for a restore. */
  read(): Promise<{ lines: string; marker: JournalMarker | null }>;
  marker(): Promise<JournalMarker | null>;
  /** The whole journal replaced by `lines` (written and synced beside it, then renamed over it), then the marker. */
  replace(lines: string, marker: JournalMarker): Promise<void>;
  /** The key file (journal.key), or null; it stays when the journal is archived (it opens that one too). */
  readKey(): Promise<string | null>;
  writeKey(text: string): Promise<void>;
  /** Moves the journal and marker aside (kept, renamed with the time) for a deliberate fresh start. */
  archive(now?: number): Promise<void>;
  close(): Promise<void>;
}

export function openJournal(dir: string): Journal {
  const journalPath = path.join(dir, journalFileName);
  const markerPath = path.join(dir, markerFileName);
  const keyPath = path.join(dir, keyFileName);
  let handle: FileHandle | undefined;
  // Appends run one after another: two interleaved writes could tear each other's lines.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  const readMarker = async (): Promise<JournalMarker | null> => {
    let text: string;
    try {
      text = await readFile(markerPath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return journalMarkerSchema.parse(parseStrictJson(text));
  };

  return {
    append: (lines, marker) =>
      serial(async () => {
        journalMarkerSchema.parse(marker);
        if (lines && !lines.endsWith('\n')) throw new Error('journal lines must end with a newline');
        if (!handle) {
          await mkdir(dir, { recursive: true });
          handle = await open(journalPath, 'a');
        }
        if (lines) {
          await handle.write(lines);
          await handle.sync();
        }
        await writeFileAtomic(markerPath, new TextEncoder().encode(JSON.stringify(marker)));
      }),
    read: () =>
      serial(async () => {
        let lines = '';
        try {
          lines = await readFile(journalPath, 'utf8');
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
        return { lines, marker: await readMarker() };
      }),
    marker: () => serial(readMarker),
    replace: (lines, marker) =>
      serial(async () => {
        journalMarkerSchema.parse(marker);
        await handle?.close();
        handle = undefined;
        await mkdir(dir, { recursive: true });
        await writeFileAtomic(journalPath, new TextEncoder().encode(lines));
        await writeFileAtomic(markerPath, new TextEncoder().encode(JSON.stringify(marker)));
      }),
    readKey: () =>
      serial(async () => {
        try {
          return await readFile(keyPath, 'utf8');
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
          throw error;
        }
      }),
    writeKey: (text) =>
      serial(async () => {
        await mkdir(dir, { recursive: true });
        await writeFileAtomic(keyPath, new TextEncoder().encode(text));
        await chmod(keyPath, 0o600).catch(() => undefined); // POSIX only; Windows keeps the folder's ACL
      }),
    archive: (now = Date.now()) =>
      serial(async () => {
        await handle?.close();
        handle = undefined;
        const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
        for (const file of [journalPath, markerPath]) {
          if (await exists(file)) await rename(file, `${file}.${stamp}.archived`);
        }
      }),
    close: () =>
      serial(async () => {
        await handle?.close();
        handle = undefined;
      }),
  };
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
