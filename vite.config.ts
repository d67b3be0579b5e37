import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { contentSecurityPolicyHeader, contentSecurityPolicyMeta } from './shared/csp.ts';
import { districtProxy } from './scripts/districtProxy.ts';

/** Puts the one CSP of shared/csp.ts into index.html. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'kaodian-csp',
    transformIndexHtml: (html) => html.replace('%KAODIAN_CSP%', contentSecurityPolicyMeta),
  };
}

export const browserModePort = 4173;

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), contentSecurityPolicy(), districtProxy()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Nothing may need eval or inline script at run time (CSP); keep source maps out of the app.
    sourcemap: false,
    chunkSizeWarningLimit: 4096,
  },
  preview: {
    host: '127.0.0.1',
    port: browserModePort,
    strictPort: true,
    headers: { 'Content-Security-Policy': contentSecurityPolicyHeader },
  },
});
