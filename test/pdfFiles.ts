/** Reading printed records back as a person or a scanner would: their text, and the QR code on a page. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

const run = promisify(execFile);

/** The text of a PDF as poppler's pdftotext extracts it (reading order, no layout). */
export async function pdfText(file: string): Promise<string> {
  const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', file, '-'], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

export async function pdfPageCount(file: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [file]);
  return Number(/Pages:\s+(\d+)/.exec(stdout)?.[1] ?? 0);
}

/** Renders a page at 150 dpi (as a scanner sees the paper) and decodes the QR code on it. */
export async function pdfQrCode(file: string, pageNumber = 1): Promise<string | undefined> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kaodian-qr-'));
  try {
    const base = path.join(dir, 'page');
    await run('pdftoppm', [
      '-png',
      '-r',
      '150',
      '-f',
      String(pageNumber),
      '-l',
      String(pageNumber),
      '-singlefile',
      file,
      base,
    ]);
    const png = PNG.sync.read(await readFile(`${base}.png`));
    return jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength), png.width, png.height)
      ?.data;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
