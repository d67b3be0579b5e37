/**
 * `npm start`: builds, then launches the Electron app. Where the Electron binary is missing and
 * cannot be fetched, says so in one line and serves the same app in browser mode instead.
 */
import { electronPackageDir, findElectronBinary } from './electronBinary.ts';
import { buildAll, run } from './run.ts';
import { serveBrowserMode } from './serve.ts';
import path from 'node:path';

if (!(await buildAll())) process.exit(1);

let binary = findElectronBinary();
if (!binary) {
  // Electron fetches its binary on first use; try once, quietly.
  await run(process.execPath, [path.join(electronPackageDir(), 'install.js')], { quiet: true });
  binary = findElectronBinary();
}

if (binary) {
  process.exit(await run(binary, ['.']));
} else {
  console.log(
    'Electron binary is missing and could not be downloaded — serving Kaodian in browser mode instead (see README, "Troubleshooting").',
  );
  await serveBrowserMode();
}
