/**
 * `npx tsx tools/makeIcon.ts`: draws the app icon (考 in white on the app's blue, rounded) with
 * the bundled Noto Sans SC through pdfmake, and rasterises it with poppler's pdftoppm into
 * build/icons/<size>x<size>.png. The PNGs are committed; run this again only to change them.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { printFontFamily } from '../renderer/features/print/documents';
import { renderPdfInNode } from '../test/nodePdf';

const run = promisify(execFile);
const side = 512;
const pdf = await renderPdfInNode({
  pageSize: { width: side, height: side },
  pageMargins: [0, 0, 0, 0],
  background: () => ({ canvas: [{ type: 'rect', x: 16, y: 16, w: side - 32, h: side - 32, r: 96, color: '#1d5fa8' }] }),
  defaultStyle: { font: printFontFamily },
  content: [
    {
      text: '考',
      bold: true,
      fontSize: 300,
      lineHeight: 1,
      color: '#ffffff',
      alignment: 'center',
      margin: [0, 40, 0, 0],
    },
  ],
});
const dir = await mkdtemp(path.join(os.tmpdir(), 'kaodian-icon-'));
await writeFile(path.join(dir, 'icon.pdf'), pdf);
for (const size of [512, 256]) {
  const base = path.join(dir, `icon-${size}`);
  await run('pdftoppm', ['-png', '-singlefile', '-scale-to', String(size), path.join(dir, 'icon.pdf'), base]);
  await rename(`${base}.png`, path.join('build', 'icons', `${size}x${size}.png`));
}
console.log('wrote build/icons/512x512.png and 256x256.png');
