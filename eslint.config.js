// ESLint flat config. Besides the usual checks it enforces the process boundaries of
// DESIGN.md §3: a boundary break fails `npm test`.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeModules = ['node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'child_process', 'worker_threads', 'http', 'https', 'net', 'stream', 'url', 'util', 'zlib', 'better-sqlite3'];

const boundary = (message, patterns) => ({ group: patterns, message });

export default tseslint.config(
  { ignores: ['dist/**', 'dist-electron/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'release/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['**/*.js', 'scripts/**', 'tools/**', 'e2e/**', '*.config.ts', 'authority/**', 'bench/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  // shared/: pure TypeScript. No DOM, Node, Electron, React, Dexie or Zustand.
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            boundary('shared/ is pure: no UI or storage libraries (DESIGN.md §3).', ['react', 'react/*', 'react-dom', 'react-dom/*', 'dexie', 'zustand', 'zustand/*', 'antd', 'antd/*', 'i18next', 'react-i18next']),
            boundary('shared/ is pure: no Electron or Node (DESIGN.md §3).', ['electron', ...nodeModules]),
            boundary('shared/ must not import from the renderer, electron or authority worlds.', ['**/renderer/**', '**/electron/**', '**/authority/**']),
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'indexedDB', 'process', 'Buffer', 'require', 'self'],
    },
  },
  // renderer/: reaches the OS only through the platform bridge; only renderer/db touches Dexie.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            boundary('renderer/ reaches the OS only through shared/ipc.ts (DESIGN.md §3).', ['electron', ...nodeModules]),
            boundary('Only renderer/db/ touches Dexie (DESIGN.md §3).', ['dexie']),
            boundary('renderer/ must not import the electron or authority worlds.', ['**/electron/**', '**/authority/**']),
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            boundary('renderer/ reaches the OS only through shared/ipc.ts (DESIGN.md §3).', ['electron', ...nodeModules]),
            boundary('renderer/ must not import the electron or authority worlds.', ['**/electron/**', '**/authority/**']),
          ],
        },
      ],
    },
  },
  // electron/: main and preload; no UI libraries, no Dexie.
  {
    files: ['electron/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [boundary('electron/ is thin wiring: no UI or renderer storage.', ['react', 'react-dom', 'antd', 'dexie', 'zustand', '**/renderer/**'])] },
      ],
    },
  },
);
