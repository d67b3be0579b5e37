/** pdfmake in Node with the same bundled font the app embeds: for tests and the benchmark. */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { printFontFamily } from '../renderer/features/print/documents';

const require = createRequire(import.meta.url);
const fontDir = path.dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
export const printFonts = {
  normal: path.join(fontDir, '400Regular/NotoSansSC_400Regular.ttf'),
  bold: path.join(fontDir, '700Bold/NotoSansSC_700Bold.ttf'),
};

interface NodePdfMake {
  setFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
  setLocalAccessPolicy(policy: (path: string) => boolean): void;
  createPdf(doc: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
}

let pdfmake: NodePdfMake | undefined;

export async function renderPdfInNode(doc: TDocumentDefinitions): Promise<Buffer> {
  if (!pdfmake) {
    pdfmake = require('pdfmake') as NodePdfMake;
    pdfmake.setFonts({
      [printFontFamily]: {
        normal: printFonts.normal,
        bold: printFonts.normal === printFonts.bold ? printFonts.normal : printFonts.bold,
        italics: printFonts.normal,
        bolditalics: printFonts.bold,
      },
    });
    pdfmake.setUrlAccessPolicy(() => false);
    pdfmake.setLocalAccessPolicy((file) => file === printFonts.normal || file === printFonts.bold);
  }
  return pdfmake.createPdf(doc).getBuffer();
}
