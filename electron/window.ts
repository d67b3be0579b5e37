/**
 * The one factory every window comes from, and the guards every web contents gets.
 * Plain functions over Electron's types, so that their behaviour is tested in Node.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions, WebContents, WebPreferences } from 'electron';
import { isAllowedExternalUrl } from './externalLinks';
import { isAppUrl } from './origin';

/**
 * `packaged`: a build people use (app.isPackaged). There DevTools are off: anyone at the keyboard
 * could otherwise act past every PIN from the console.
 */
export function hardenedWebPreferences(preloadPath: string, packaged: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: !packaged,
  };
}

type WindowConstructor = new (options: BrowserWindowConstructorOptions) => BrowserWindow;

export interface WindowOptions {
  preloadPath: string;
  /** app.isPackaged: no DevTools in a build people use. */
  packaged: boolean;
  title: string;
  width?: number;
  height?: number;
}

/** Creates a window with the hardened preferences; callers cannot weaken them. */
export function createHardenedWindow(Window: WindowConstructor, options: WindowOptions): BrowserWindow {
  const window = new Window({
    title: options.title,
    width: options.width ?? 1280,
    height: options.height ?? 860,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    autoHideMenuBar: true,
    backgroundColor: '#f3f5f8',
    webPreferences: hardenedWebPreferences(options.preloadPath, options.packaged),
  });
  window.once('ready-to-show', () => window.show());
  return window;
}

type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Every web contents: no navigation away from the app, no redirects, no webviews, no new
 * windows. The app is a single page; anything else is a bug or an attack. A link to an
 * allow-listed external page (externalLinks.ts) opens in the system browser instead.
 */
export function hardenWebContents(contents: GuardedContents, openExternal: (url: string) => void = () => {}): void {
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    if (isAllowedExternalUrl(url)) openExternal(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) openExternal(url);
    return { action: 'deny' };
  });
}

/** Permission requests are denied unless listed here: the camera, for check-in photos, on the app's own origin. */
export function isPermissionAllowed(
  permission: string,
  requestingUrl: string,
  mediaTypes: readonly string[] = [],
): boolean {
  if (!isAppUrl(requestingUrl)) return false;
  return permission === 'media' && mediaTypes.length > 0 && mediaTypes.every((type) => type === 'video');
}
