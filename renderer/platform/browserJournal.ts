/**
 * The journal in browser mode: the Origin Private File System, which is stored apart from
 * IndexedDB (clearing the database leaves it). Each append is a new segment file, written and
 * closed (a closed OPFS file is committed whole) before the marker is replaced; a restore reads
 * the segments in order. Electron keeps its journal in the user-data folder instead
 * (electron/journal.ts); both give the same lines and marker.
 */
import type { JournalAppend, JournalRead, PlatformBridge } from '../../shared/ipc';
import { journalMarkerSchema, type JournalMarker } from '../../shared/ledger/journal';
import { parseStrictJson } from '../../shared/ledger/strictJson';

const folderName = 'kaodian-journal';
const markerName = 'marker.json';
const segmentPattern = /^segment-(\d{12})\.ndjson$/;
const keyName = 'journal.key';

async function keyFolder(): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle(`${folderName}-key`, { create: true });
}

async function folder(): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle(folderName, { create: true });
}

async function names(dir: FileSystemDirectoryHandle): Promise<string[]> {
  const found: string[] = [];
  for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) found.push(name);
  return found.sort();
}

async function writeWhole(dir: FileSystemDirectoryHandle, name: string, text: string): Promise<void> {
  const file = await dir.getFileHandle(name, { create: true });
  const writable = await file.createWritable();
  await writable.write(text);
  await writable.close();
}

async function readText(dir: FileSystemDirectoryHandle, name: string): Promise<string | undefined> {
  try {
    return await (await (await dir.getFileHandle(name)).getFile()).text();
  } catch (error) {
    if (error instanceof DOMException && error.name === 'NotFoundError') return undefined;
    throw error;
  }
}

let nextSegment: number | undefined;
let queue: Promise<unknown> = Promise.resolve();
function serial<T>(work: () => Promise<T>): Promise<T> {
  const next = queue.then(work, work);
  queue = next.catch(() => undefined);
  return next;
}

async function readMarker(dir: FileSystemDirectoryHandle): Promise<JournalMarker | null> {
  const text = await readText(dir, markerName);
  // Creating a file makes it empty at once and fills it only when the writer closes: an empty
  // marker is a first write that was cut short (a reload or a kill), the same as no marker yet.
  return text === undefined || text === '' ? null : journalMarkerSchema.parse(parseStrictJson(text));
}

function write({ lines, marker }: JournalAppend): Promise<void> {
  return serial(async () => {
    const dir = await folder();
    if (lines) {
      nextSegment ??=
        (await names(dir)).reduce((max, name) => Math.max(max, Number(segmentPattern.exec(name)?.[1] ?? 0)), 0) + 1;
      await writeWhole(dir, `segment-${String(nextSegment).padStart(12, '0')}.ndjson`, lines);
      nextSegment += 1;
    }
    await writeWhole(dir, markerName, JSON.stringify(marker));
  });
}

/**
 * In browser mode the append is queued and the call returns at once: an OPFS file costs several
 * milliseconds to create and close, more than the strict IndexedDB commit it follows, and browser
 * mode's "saved" rests on that commit. A kill between the two leaves the journal behind the
 * database, which the next start notices and makes good (renderer/app/journal.ts). Electron's
 * journal (a file append and fsync in the main process) is waited for.
 */
export const browserJournal: PlatformBridge['journal'] = {
  append: (request) => {
    write(request).catch((error: unknown) => console.error('the journal could not be written', error));
    return Promise.resolve();
  },
  read: () =>
    serial(async (): Promise<JournalRead> => {
      const dir = await folder();
      let lines = '';
      for (const name of await names(dir)) if (segmentPattern.test(name)) lines += (await readText(dir, name)) ?? '';
      return { lines, marker: await readMarker(dir) };
    }),
  marker: () => serial(async () => readMarker(await folder())),
  replace: ({ lines, marker }) =>
    serial(async () => {
      const dir = await folder();
      const old = (await names(dir)).filter((name) => segmentPattern.test(name));
      nextSegment = old.reduce((max, name) => Math.max(max, Number(segmentPattern.exec(name)![1])), 0) + 1;
      await writeWhole(dir, `segment-${String(nextSegment).padStart(12, '0')}.ndjson`, lines);
      nextSegment += 1;
      await writeWhole(dir, markerName, JSON.stringify(marker));
      for (const name of old) await dir.removeEntry(name);
    }),
  // The key file sits in a folder of its own: archiving the journal keeps it (it opens the archive too).
  readKey: () =>
    serial(async () => {
      const text = await readText(await keyFolder(), keyName);
      return text === undefined || text === '' ? null : text;
    }),
  writeKey: (text) => serial(async () => writeWhole(await keyFolder(), keyName, text)),
  archive: () =>
    serial(async () => {
      const root = await navigator.storage.getDirectory();
      const dir = await folder();
      const archive = await root.getDirectoryHandle(`${folderName}-archived-${Date.now()}`, { create: true });
      for (const name of await names(dir)) {
        const text = (await readText(dir, name)) ?? '';
        await writeWhole(archive, name, text);
        await dir.removeEntry(name);
      }
      nextSegment = undefined;
    }),
};
