/**
 * Browser mode: serves the built renderer on 127.0.0.1 (same CSP as the desktop app).
 * `npm run serve` builds first; `npm start` falls back to this when Electron cannot start.
 */
import { preview } from 'vite';
import { browserModePort } from '../vite.config.ts';
import { buildAll } from './run.ts';

export async function serveBrowserMode(): Promise<void> {
  const server = await preview({
    configFile: 'vite.config.ts',
    preview: { port: browserModePort, strictPort: true, host: '127.0.0.1', open: false },
  });
  const url = `http://127.0.0.1:${browserModePort}/`;
  console.log(
    `\n考点 Kaodian (browser mode) is running at ${url} — open it in Chromium or Chrome. Press Ctrl+C to stop.\n`,
  );
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!(await buildAll())) process.exit(1);
  await serveBrowserMode();
}
