import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan, stageApp } from './securityScan';

describe('Electron security scan (electronegativity)', { timeout: 120_000 }, () => {
  it('finds nothing HIGH in the app', async () => {
    const dir = await stageApp();
    try {
      const findings = await scan(dir);
      const high = findings.filter((f) => f.severity === 'HIGH');
      expect(high, JSON.stringify(high, null, 2)).toEqual([]);
      // It did look: the page's CSP was read (a finding about it is at most LOW: styles may be inline for antd).
      expect(
        findings
          .filter((f) => f.check === 'CSP_GLOBAL_CHECK')
          .every((f) => f.severity === 'LOW' || f.severity === 'INFORMATIONAL'),
      ).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('bites: a window without context isolation is HIGH', async () => {
    const dir = await stageApp();
    try {
      await writeFile(
        path.join(dir, 'careless.ts'),
        `import { BrowserWindow } from 'electron';\nexport const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\nw.loadURL('https://example.com');\n`,
      );
      const findings = await scan(dir);
      expect(findings.filter((f) => f.severity === 'HIGH' && f.file.includes('careless')).map((f) => f.check)).toEqual(
        expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK']),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
