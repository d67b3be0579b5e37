/**
 * The installers cannot be built here (electron-builder needs the Electron download), so the
 * configuration is checked instead: electron-builder's own validator, the targets, the product
 * name, asar, the icons, the bundled print font, and the fuse list against @electron/fuses.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { FuseV1Options } from '@electron/fuses';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const config = JSON.parse(await readFile('build/electron-builder.json', 'utf8')) as Record<string, unknown> & {
  electronFuses: Record<string, boolean>;
  win: { target: { target: string; arch: string[] }[] };
  linux: { target: { target: string; arch: string[] }[] };
};

/** What the issue asks of the fuses, by their names in @electron/fuses. */
const requiredFuses: [keyof typeof FuseV1Options, boolean][] = [
  ['RunAsNode', false],
  ['EnableNodeOptionsEnvironmentVariable', false],
  ['EnableNodeCliInspectArguments', false],
  ['OnlyLoadAppFromAsar', true],
  ['EnableEmbeddedAsarIntegrityValidation', true],
  ['GrantFileProtocolExtraPrivileges', false],
];
/** electron-builder's option name for a fuse: RunAsNode → runAsNode. */
const optionName = (fuse: string) => fuse[0]!.toLowerCase() + fuse.slice(1);

describe('packaging configuration (build/electron-builder.json)', () => {
  it("passes electron-builder's own schema validation, and a misspelt fuse would not", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(
      validateConfiguration(
        { ...config, electronFuses: { ...config.electronFuses, runAsNod: false } },
        new DebugLogger(false),
      ),
    ).rejects.toThrow(/electronFuses/);
  });

  it('sets every required fuse, each a fuse @electron/fuses knows', () => {
    for (const [fuse, wanted] of requiredFuses) {
      expect(FuseV1Options[fuse], fuse).toBeTypeOf('number');
      expect(config.electronFuses[optionName(fuse)], fuse).toBe(wanted);
    }
    const known = Object.keys(FuseV1Options)
      .filter((k) => Number.isNaN(Number(k)))
      .map(optionName);
    for (const name of Object.keys(config.electronFuses)) expect(known).toContain(name);
  });

  it('builds Windows NSIS and portable (x64), Linux AppImage and deb, named 考点 Kaodian, in an asar', () => {
    expect(config.productName).toBe('考点 Kaodian');
    expect(config.asar).toBe(true);
    expect(config.win.target).toEqual([
      { target: 'nsis', arch: ['x64'] },
      { target: 'portable', arch: ['x64'] },
    ]);
    expect(config.linux.target.map((t) => t.target)).toEqual(['AppImage', 'deb']);
    expect(config.files).toEqual(expect.arrayContaining(['dist/**', 'dist-electron/**']));
  });

  it('has square icons of 512 and 256 pixels', async () => {
    for (const size of [512, 256]) {
      const png = PNG.sync.read(await readFile(`build/icons/${size}x${size}.png`));
      expect([png.width, png.height]).toEqual([size, size]);
    }
  });

  it('bundles the print font with the renderer (imported as an asset, so it lands in dist/)', async () => {
    const source = await readFile('renderer/features/print/pdf.ts', 'utf8');
    expect(source).toMatch(/NotoSansSC_400Regular\.ttf\?url/);
    expect(source).toMatch(/NotoSansSC_700Bold\.ttf\?url/);
  });
});
