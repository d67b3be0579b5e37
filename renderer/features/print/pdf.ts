/**
 * Turning a record's document definition into PDF bytes in the renderer.
 *
 * pdfmake (about 2 MB) and the Chinese font (two 10 MB TrueType files, bundled with the app so
 * printing works offline on a machine with no Chinese font) load on the first print only.
 */
import boldFontUrl from '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf?url';
import regularFontUrl from '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf?url';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { printFontFamily } from './documents';

/** The parts of pdfmake's browser build used here (its file system takes raw bytes as `data`). */
interface BrowserPdfMake {
  addVirtualFileSystem(vfs: Record<string, { data: Uint8Array }>): void;
  addFonts(fonts: Record<string, Record<'normal' | 'bold' | 'italics' | 'bolditalics', string>>): void;
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
  createPdf(doc: TDocumentDefinitions): { getBuffer(): Promise<Uint8Array> };
}

let loading: Promise<BrowserPdfMake> | undefined;

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the print font could not be loaded (${response.status})`);
  return new Uint8Array(await response.arrayBuffer());
}

function loadPdfMake(): Promise<BrowserPdfMake> {
  loading ??= (async () => {
    const [module, regular, bold] = await Promise.all([
      import('pdfmake/build/pdfmake'),
      fetchBytes(regularFontUrl),
      fetchBytes(boldFontUrl),
    ]);
    const pdfMake = (module as unknown as { default: BrowserPdfMake }).default;
    pdfMake.addVirtualFileSystem({
      'NotoSansSC-Regular.ttf': { data: regular },
      'NotoSansSC-Bold.ttf': { data: bold },
    });
    pdfMake.addFonts({
      [printFontFamily]: {
        normal: 'NotoSansSC-Regular.ttf',
        bold: 'NotoSansSC-Bold.ttf',
        italics: 'NotoSansSC-Regular.ttf',
        bolditalics: 'NotoSansSC-Bold.ttf',
      },
    });
    // Records never reference anything outside themselves.
    pdfMake.setUrlAccessPolicy(() => false);
    return pdfMake;
  })();
  loading.catch(() => (loading = undefined));
  return loading;
}

export async function renderPdf(doc: TDocumentDefinitions): Promise<Uint8Array<ArrayBuffer>> {
  const pdfMake = await loadPdfMake();
  const bytes = await pdfMake.createPdf(doc).getBuffer();
  return new Uint8Array(bytes) as Uint8Array<ArrayBuffer>;
}
