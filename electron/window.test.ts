import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import type { BrowserWindow, BrowserWindowConstructorOptions, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { createHardenedWindow, hardenedWebPreferences, hardenWebContents, isPermissionAllowed } from './window';

describe('the hardened window factory', () => {
  it('sets every security preference', () => {
    const prefs = hardenedWebPreferences('/app/preload.cjs', true);
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      devTools: false,
    });
    // Only a development run (not packaged) has DevTools.
    expect(hardenedWebPreferences('/app/preload.cjs', false).devTools).toBe(true);
  });

  it('the main process passes app.isPackaged to the window and removes the menu of a packaged build', async () => {
    const main = await readFile(new URL('./main.ts', import.meta.url), 'utf8');
    expect(main).toMatch(/createHardenedWindow\(BrowserWindow, \{[^}]*packaged: app\.isPackaged/);
    expect(main).toMatch(/if \(app\.isPackaged\) Menu\.setApplicationMenu\(null\)/);
  });

  it('builds windows only with those preferences', () => {
    const seen: BrowserWindowConstructorOptions[] = [];
    class FakeWindow extends EventEmitter {
      constructor(options: BrowserWindowConstructorOptions) {
        super();
        seen.push(options);
      }
      show() {}
    }
    createHardenedWindow(FakeWindow as unknown as new (o: BrowserWindowConstructorOptions) => BrowserWindow, {
      preloadPath: '/p.cjs',
      title: '考点',
      packaged: true,
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.webPreferences).toEqual(hardenedWebPreferences('/p.cjs', true));
  });
});

function fakeContents() {
  const emitter = new EventEmitter();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    on: (name: string, listener: (...args: unknown[]) => void) => emitter.on(name, listener),
    setWindowOpenHandler: (handler: typeof openHandler) => {
      openHandler = handler;
    },
  } as unknown as Pick<WebContents, 'on' | 'setWindowOpenHandler'>;
  const fire = (name: string, url?: string) => {
    let prevented = false;
    emitter.emit(name, { preventDefault: () => (prevented = true) }, url);
    return prevented;
  };
  return { contents, fire, open: (url: string) => openHandler!({ url }) };
}

describe('web contents guards', () => {
  it('blocks navigation and redirects away from the app, webviews and new windows', () => {
    const { contents, fire, open } = fakeContents();
    hardenWebContents(contents);
    expect(fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire('will-navigate', 'app://kaodian.evil.example/')).toBe(true);
    expect(fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fire('will-navigate', 'app://kaodian/index.html')).toBe(false);
    expect(fire('will-redirect', 'http://127.0.0.1:1/')).toBe(true);
    expect(fire('will-attach-webview')).toBe(true);
    expect(open('https://example.com/')).toEqual({ action: 'deny' });
    expect(open('app://kaodian/index.html')).toEqual({ action: 'deny' });
  });

  it('opens allow-listed external pages in the system browser, and nothing misleading', () => {
    const { contents, fire, open } = fakeContents();
    const opened: string[] = [];
    hardenWebContents(contents, (url) => opened.push(url));
    expect(open('https://www.mohrss.gov.cn/')).toEqual({ action: 'deny' });
    expect(fire('will-navigate', 'https://hrss.shandong.gov.cn/')).toBe(true);
    expect(open('https://www.mohrss.gov.cn@evil.example/')).toEqual({ action: 'deny' });
    expect(fire('will-navigate', 'https://www.mohrss.gov.cn.evil.example/')).toBe(true);
    expect(opened).toEqual(['https://www.mohrss.gov.cn/', 'https://hrss.shandong.gov.cn/']);
  });
});

describe('permissions', () => {
  it('deny by default, allow only the camera on the app origin', () => {
    expect(isPermissionAllowed('media', 'app://kaodian/index.html', ['video'])).toBe(true);
    expect(isPermissionAllowed('media', 'app://kaodian/index.html', ['audio'])).toBe(false);
    expect(isPermissionAllowed('media', 'app://kaodian/index.html', ['video', 'audio'])).toBe(false);
    expect(isPermissionAllowed('media', 'app://kaodian/index.html', [])).toBe(false);
    expect(isPermissionAllowed('media', 'https://evil.example/', ['video'])).toBe(false);
    for (const permission of [
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'fullscreen',
      'hid',
      'serial',
      'usb',
    ]) {
      expect(isPermissionAllowed(permission, 'app://kaodian/index.html')).toBe(false);
    }
  });
});
