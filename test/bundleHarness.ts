/** Bundles a harness module into one script for page.evaluate (the page's CSP does not apply to it). */
import path from 'node:path';
import { build, type Rolldown } from 'vite';

export async function bundleHarness(entry: string, globalName: string): Promise<string> {
  const output = (await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      lib: { entry: path.resolve(entry), formats: ['iife'], name: globalName, fileName: 'harness' },
    },
  })) as Rolldown.RolldownOutput[];
  const chunk = output[0]!.output.find((o) => o.type === 'chunk')!;
  return `${(chunk as { code: string }).code}\nwindow.${globalName} = ${globalName};`;
}
