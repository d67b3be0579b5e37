/**
 * The Electron main process: wiring only. Every piece it wires is a plain module with its own
 * tests (window.ts, protocol.ts, ipcHandlers.ts, atomicWrite.ts, origin.ts).
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, safeStorage, session, shell } from 'electron';
import { districtFetch } from './district';
import { printFileLifetimeMs, removePrintFiles } from './printFiles';
import { maxBridgeFileBytes } from '../shared/ipc';
import { writeFileAtomic } from './atomicWrite';
import { registerIpcHandlers, type IpcHandlers } from './ipcHandlers';
import { listRemovableDrives } from './drives';
import { protectSecret, revealSecret, secretProtection } from './keyProtection';
import { openJournal, type Journal } from './journal';
import { DriveWriteError, writeVerified } from './verifiedWrite';
import { appEntryUrl, appScheme } from './origin';
import { createAppProtocolHandler } from './protocol';
import { createHardenedWindow, hardenWebContents, isPermissionAllowed } from './window';

const rendererDir = path.join(__dirname, '..', 'dist', 'renderer');
const printDir = () => path.join(app.getPath('temp'), 'kaodian-print');
const preloadPath = path.join(__dirname, 'preload.cjs');

protocol.registerSchemesAsPrivileged([
  { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);
app.enableSandbox();

let mainWindow: BrowserWindow | undefined;
// The journal lives beside the browser profile, not inside it: clearing the profile leaves it.
let journal: Journal | undefined;
const theJournal = () => (journal ??= openJournal(path.join(app.getPath('userData'), 'journal')));

const handlers: IpcHandlers = {
  'platform:info': async () => ({
    shell: 'electron',
    version: process.versions.electron ?? 'unknown',
    os: process.platform,
    secretStorage: secretProtection(safeStorage, process.platform),
  }),
  'file:save': async (request) => {
    const choice = await dialog.showSaveDialog(mainWindow!, { defaultPath: request.suggestedName });
    if (choice.canceled || !choice.filePath) return { saved: false };
    await writeFileAtomic(choice.filePath, request.bytes);
    return { saved: true, name: path.basename(choice.filePath) };
  },
  'file:open': async (request) => {
    const choice = await dialog.showOpenDialog(mainWindow!, {
      properties: ['openFile'],
      filters: request.extensions.length
        ? [{ name: request.extensions.join(', '), extensions: request.extensions }]
        : [],
    });
    const filePath = choice.filePaths[0];
    if (choice.canceled || !filePath) return null;
    if ((await stat(filePath)).size > maxBridgeFileBytes) throw new Error('file too large');
    return { name: path.basename(filePath), bytes: new Uint8Array(await readFile(filePath)) };
  },
  // The system PDF viewer prints with the system's print dialog (and shows the record first).
  // The PDF holds names and ID numbers: it is removed once the viewer has had it, or at next start.
  'file:print': async (request) => {
    const file = path.join(printDir(), `${request.title}-${Date.now()}.pdf`);
    await writeFileAtomic(file, request.bytes);
    const problem = await shell.openPath(file);
    setTimeout(() => void removePrintFiles(printDir, printFileLifetimeMs), printFileLifetimeMs + 1000).unref();
    if (problem) throw new Error(problem);
  },
  'drives:list': async () => listRemovableDrives(),
  // Only a drive the listing shows right now: the renderer never names an arbitrary folder.
  'drives:save': async ({ mountPoint, suggestedName, bytes }) => {
    if (!(await listRemovableDrives()).some((d) => d.mountPoint === mountPoint))
      return { saved: false, problem: 'not_a_drive' };
    try {
      const { sha256 } = await writeVerified(path.join(mountPoint, suggestedName), bytes);
      return { saved: true, name: suggestedName, sha256 };
    } catch (error) {
      if (error instanceof DriveWriteError) return { saved: false, problem: error.code };
      throw error;
    }
  },
  'journal:append': async ({ lines, marker }) => {
    await theJournal().append(lines, marker);
  },
  'journal:read': async () => theJournal().read(),
  'journal:marker': async () => theJournal().marker(),
  'journal:archive': async () => {
    await theJournal().archive();
  },
  'journal:replace': async ({ lines, marker }) => {
    await theJournal().replace(lines, marker);
  },
  'journal:key-read': async () => theJournal().readKey(),
  'journal:key-write': async (text) => {
    await theJournal().writeKey(text);
  },
  // The journal key's seal: DPAPI on Windows; refused where only a fixed, public key exists.
  'secret:protect': async (secret) => {
    if (secretProtection(safeStorage, process.platform) !== 'os_protected') return null;
    return protectSecret(safeStorage, process.platform, secret).toString('base64url');
  },
  'secret:reveal': async (sealed) => revealSecret(safeStorage, process.platform, Buffer.from(sealed, 'base64url')),
  'district:fetch': async (request) => districtFetch(request, (url, init) => net.fetch(url, init)),
};

function openMainWindow(): void {
  mainWindow = createHardenedWindow(BrowserWindow, { preloadPath, title: '考点 Kaodian', packaged: app.isPackaged });
  mainWindow.on('closed', () => (mainWindow = undefined));
  void mainWindow.loadURL(appEntryUrl);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, (url) => void shell.openExternal(url)),
  );
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(() => {
    // A packaged build has no menu: no View ▸ Toggle Developer Tools, no reload behind the app's back.
    if (app.isPackaged) Menu.setApplicationMenu(null);
    void removePrintFiles(printDir, 0);
    protocol.handle(appScheme, createAppProtocolHandler(rendererDir));
    session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) =>
      callback(
        isPermissionAllowed(
          permission,
          details.requestingUrl,
          'mediaTypes' in details ? (details.mediaTypes ?? []) : [],
        ),
      ),
    );
    session.defaultSession.setPermissionCheckHandler(() => false);
    registerIpcHandlers(ipcMain, handlers);
    openMainWindow();
  });
}
