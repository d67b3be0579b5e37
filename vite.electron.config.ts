/**
 * Builds the Electron main process (`--mode main`) and the preload (`--mode preload`) into
 * dist-electron/ as CommonJS. They are built separately because a sandboxed preload must be
 * one self-contained CommonJS file: it may require nothing but 'electron'.
 * Everything but electron and Node's own modules is bundled.
 */
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

export default defineConfig(({ mode }) => {
  const entry = mode === 'preload' ? 'preload' : 'main';
  return {
    build: {
      outDir: 'dist-electron',
      emptyOutDir: entry === 'main',
      ssr: true,
      target: 'node22',
      minify: false,
      rollupOptions: {
        input: { [entry]: `electron/${entry}.ts` },
        external: ['electron', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
    ssr: { noExternal: true },
  };
});
