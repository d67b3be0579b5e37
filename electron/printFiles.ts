/**
 * Printed records go to the system PDF viewer through a file in the temp folder; that file holds
 * candidates' names and ID numbers, so it does not stay: it is removed once the viewer has had
 * time to open it, and whatever is left (a crash, a viewer that held it) at the next start.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** Long enough for a viewer to open the file and the print dialog to spool it. */
export const printFileLifetimeMs = 10 * 60 * 1000;

/** Removes the PDFs in the print folder older than `olderThanMs` (0: all); returns how many. */
export async function removePrintFiles(dir: () => string, olderThanMs: number, now = Date.now()): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir());
  } catch {
    return 0; // nothing printed yet
  }
  let removed = 0;
  for (const name of names) {
    if (!name.endsWith('.pdf')) continue;
    const file = path.join(dir(), name);
    try {
      // 0 means every one: a file written a moment after `now` (clock granularity) goes too.
      if (olderThanMs > 0 && now - (await stat(file)).mtimeMs < olderThanMs) continue;
      await rm(file, { force: true });
      removed += 1;
    } catch {
      // Held open by a viewer on Windows: the next pass or the next start removes it.
    }
  }
  return removed;
}
