/**
 * The desktop app through Playwright's Electron driver. It runs wherever the Electron binary is
 * installed; here (no download possible) it reports itself as skipped, with the reason.
 */
import { _electron as electron } from '@playwright/test';
import { findElectronBinary } from '../scripts/electronBinary';
import { expect, test } from './fixtures';
import { appPage } from './pages/appPage';

const binary = findElectronBinary();

test('the Electron app opens on the set-up screen with the hardened bridge', async () => {
  test.skip(
    !binary,
    'Electron binary not installed (node_modules/electron/dist is missing; its download host is unreachable here)',
  );
  const app = await electron.launch({ executablePath: binary!, args: ['.', '--no-sandbox'] });
  try {
    const window = await app.firstWindow();
    await expect(appPage(window).setupHeading()).toBeVisible();
    expect(window.url()).toMatch(/^app:\/\/kaodian\//);
    const bridge = await window.evaluate(() => Object.keys((window as unknown as { kaodian: object }).kaodian).sort());
    expect(bridge).toEqual(['info', 'openFile', 'saveFile']);
    expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
  } finally {
    await app.close();
  }
});
