/**
 * Builds the district's console (authority/console, issue 17) into dist/console; the authority
 * serves it at /console/. Its own entry and tsconfig: it imports shared/ and its API client only.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'authority/console',
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: '../../dist/console',
    emptyOutDir: true,
    // The console's CSP (authority/console.ts) allows no eval and no inline script.
    sourcemap: false,
    chunkSizeWarningLimit: 4096,
  },
});
