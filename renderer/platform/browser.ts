/** The platform bridge in browser mode: the browser's own file APIs. */
import { browserJournal } from './browserJournal';
import type {
  OpenedFile,
  OpenFileRequest,
  PlatformBridge,
  PrintPdfRequest,
  SaveFileRequest,
  SaveFileResult,
} from '../../shared/ipc';
import {
  districtOriginHeader,
  districtProxyPrefix,
  districtUnreachableHeader,
  type DistrictRequest,
  type DistrictResponse,
} from '../../shared/sync/district';

interface SaveFilePickerWindow {
  showSaveFilePicker?: (options: { suggestedName: string }) => Promise<{
    name: string;
    createWritable(): Promise<{ write(data: BufferSource): Promise<void>; close(): Promise<void> }>;
  }>;
}

/**
 * Browser mode's district calls: to the page's own server, which checks the origin and the route
 * as the main process does and forwards the call (scripts/districtProxy.ts). The renderer's CSP
 * admits only its own origin, so this is the one way out.
 */
async function district(request: DistrictRequest): Promise<DistrictResponse> {
  let response: Response;
  try {
    response = await fetch(`${districtProxyPrefix}${request.path}`, {
      method: request.method,
      headers: {
        [districtOriginHeader]: request.origin,
        ...(request.contentType ? { 'Content-Type': request.contentType } : {}),
      },
      ...(request.body ? { body: request.body as Uint8Array<ArrayBuffer> } : {}),
      signal: AbortSignal.timeout(120_000),
    });
  } catch (error) {
    return { reached: false, error: error instanceof Error ? error.message : 'the page server did not answer' };
  }
  const body = new Uint8Array(await response.arrayBuffer());
  if (response.headers.has(districtUnreachableHeader))
    return { reached: false, error: new TextDecoder().decode(body).slice(0, 2000) };
  return { reached: true, status: response.status, body };
}

async function saveFile(request: SaveFileRequest): Promise<SaveFileResult> {
  const picker = (window as SaveFilePickerWindow).showSaveFilePicker;
  if (picker) {
    try {
      const handle = await picker({ suggestedName: request.suggestedName });
      const writable = await handle.createWritable();
      await writable.write(request.bytes as Uint8Array<ArrayBuffer>);
      await writable.close();
      return { saved: true, name: handle.name };
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return { saved: false };
      throw error;
    }
  }
  // No File System Access API: hand the bytes to the browser's download.
  const url = URL.createObjectURL(new Blob([request.bytes as Uint8Array<ArrayBuffer>], { type: request.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = request.suggestedName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { saved: true, name: request.suggestedName };
}

function openFile(request: OpenFileRequest): Promise<OpenedFile | null> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = request.extensions.map((ext) => `.${ext}`).join(',');
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (!file) return resolve(null);
      file.arrayBuffer().then((buffer) => resolve({ name: file.name, bytes: new Uint8Array(buffer) }), reject);
    });
    input.addEventListener('cancel', () => resolve(null));
    input.click();
  });
}

/**
 * Prints through the browser: the PDF in a hidden frame, then the frame's print dialog. Where
 * the browser has no PDF viewer (a headless browser) nothing can print, and the person is told
 * to save the PDF instead.
 */
async function printPdf(request: PrintPdfRequest): Promise<void> {
  const url = URL.createObjectURL(new Blob([request.bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }));
  if (!navigator.pdfViewerEnabled) {
    URL.revokeObjectURL(url);
    throw new Error('no_pdf_viewer');
  }
  const frame = document.createElement('iframe');
  frame.style.display = 'none';
  frame.title = request.title;
  frame.src = url;
  await new Promise<void>((resolve) => {
    frame.addEventListener('load', () => resolve(), { once: true });
    document.body.append(frame);
  });
  frame.contentWindow?.print();
  setTimeout(() => {
    frame.remove();
    URL.revokeObjectURL(url);
  }, 60_000);
}

export const browserBridge: PlatformBridge = {
  info: async () => ({
    shell: 'browser',
    version: navigator.userAgent.match(/Chrom(e|ium)\/[\d.]+/)?.[0] ?? 'unknown',
    os: 'browser',
  }),
  saveFile,
  openFile,
  printPdf,
  // A browser cannot see drives: the save picker (or a download) is the way to a USB stick.
  listDrives: async () => [],
  saveToDrive: async () => ({ saved: false, problem: 'not_a_drive' }),
  journal: browserJournal,
  // No operating-system keystore in a browser: the journal key is wrapped under a PIN instead.
  secrets: {
    protect: async () => null,
    reveal: async () => {
      throw new Error('browser mode has no operating-system keystore');
    },
  },
  district,
};
