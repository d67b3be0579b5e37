import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumInstallHint, fakeCameraArgs, findChromium } from './scripts/chromium.ts';
import { browserModePort } from './vite.config.ts';
import { districtCaFile, districtHostsSetting } from './e2e/districtTls.ts';

const executablePath = findChromium();
if (!executablePath) throw new Error(chromiumInstallHint);

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${browserModePort}`,
    // An action that cannot happen fails with its reason instead of waiting out the test.
    actionTimeout: 30_000,
    launchOptions: { executablePath, args: [...chromiumArgs, ...fakeCameraArgs] },
    permissions: ['camera'],
    locale: 'zh-CN',
    screenshot: 'only-on-failure',
    trace: 'off',
  },
  projects: [
    { name: 'chromium', testIgnore: /electron\.spec\.ts/ },
    { name: 'electron', testMatch: /electron\.spec\.ts/ },
  ],
  webServer: {
    // The built app in browser mode, as `npm run serve` serves it (the test script builds first).
    command: `npx vite preview --port ${browserModePort} --strictPort`,
    url: `http://127.0.0.1:${browserModePort}`,
    reuseExistingServer: false,
    timeout: 60_000,
    // The district proxy (scripts/districtProxy.ts) reaches the https test district under its name.
    env: {
      ...Object.fromEntries(
        Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
      ),
      KAODIAN_DISTRICT_CA: districtCaFile,
      KAODIAN_DISTRICT_HOSTS: districtHostsSetting,
    },
  },
});
