// ESLint flat config. Besides the usual checks it enforces the process boundaries of
// DESIGN.md §3: a boundary break fails `npm test` (test/boundaries.test.ts proves the rules bite).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Node's own modules by bare name match exactly (as `paths`), so that a folder such as
// renderer/crypto/ is not mistaken for the 'crypto' module; `node:` specifiers match as a pattern.
const nodeBuiltins = [
  'fs',
  'fs/promises',
  'path',
  'os',
  'crypto',
  'child_process',
  'worker_threads',
  'http',
  'https',
  'net',
  'stream',
  'url',
  'util',
  'zlib',
  'module',
  'events',
  'buffer',
  'better-sqlite3',
];

/** One no-restricted-imports rule from groups of { message, names (exact), patterns (gitignore-style) }. */
function restrictImports(...groups) {
  return [
    'error',
    {
      paths: groups.flatMap(({ message, names = [] }) => names.map((name) => ({ name, message }))),
      patterns: groups
        .filter(({ patterns }) => patterns?.length)
        .map(({ message, patterns }) => ({ group: patterns, message })),
    },
  ];
}

const noNodeOrElectron = (message) => ({ message, names: ['electron', ...nodeBuiltins], patterns: ['node:*'] });

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-electron/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'release/**',
      'data/**',
      '.scratch/**',
      '.bench-tools/**',
    ],
  },
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
    files: ['**/*.js', 'scripts/**', 'tools/**', 'test/**', 'e2e/**', '*.config.ts', 'authority/**', 'bench/**'],
    ignores: ['authority/console/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  // shared/: pure TypeScript. No DOM, Node, Electron, React, Dexie or Zustand.
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrictImports(
        {
          message: 'shared/ is pure: no UI or storage libraries (DESIGN.md §3).',
          names: ['react', 'react-dom', 'dexie', 'zustand', 'antd', 'i18next', 'react-i18next'],
          patterns: ['react/*', 'react-dom/*', 'zustand/*', 'antd/*'],
        },
        noNodeOrElectron('shared/ is pure: no Electron or Node (DESIGN.md §3).'),
        {
          message: 'shared/ must not import from the renderer, electron, authority, tools or test worlds.',
          patterns: ['**/renderer/**', '**/electron/**', '**/authority/**', '**/tools/**', '**/test/**'],
        },
      ),
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'navigator',
        'localStorage',
        'sessionStorage',
        'indexedDB',
        'process',
        'Buffer',
        'require',
        'self',
      ],
    },
  },
  // renderer/: reaches the OS only through the platform bridge; only renderer/db touches Dexie.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': restrictImports(
        noNodeOrElectron('renderer/ reaches the OS only through shared/ipc.ts (DESIGN.md §3).'),
        { message: 'Only renderer/db/ touches Dexie (DESIGN.md §3).', names: ['dexie'] },
        {
          message: 'renderer/ must not import the electron, authority, tools or test worlds.',
          patterns: ['**/electron/**', '**/authority/**', '**/tools/**', '**/test/**'],
        },
      ),
    },
  },
  // One way to show an error (renderer/app/errors.ts): a screen never prints what was thrown raw.
  {
    files: ['renderer/**/*.tsx'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.name='String'][arguments.0.type='Identifier'][arguments.0.name=/^(error|err|e|reason|cause)$/]",
          message: 'Show an error with describeError(error, t) from renderer/app/errors.ts, never String(error).',
        },
      ],
    },
  },
  {
    files: ['renderer/db/**/*.ts'],
    ignores: ['renderer/db/**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrictImports(
        noNodeOrElectron('renderer/ reaches the OS only through shared/ipc.ts (DESIGN.md §3).'),
        {
          message: 'renderer/ must not import the electron, authority, tools or test worlds.',
          patterns: ['**/electron/**', '**/authority/**', '**/tools/**', '**/test/**'],
        },
      ),
    },
  },
  {
    files: ['renderer/**/*.test.{ts,tsx}'],
    rules: { 'no-restricted-imports': 'off' },
  },
  // authority/console/: the district's web console, a browser app. It stands on shared/ and its own
  // API client (test/boundaries.test.ts also resolves every relative import to prove it).
  {
    files: ['authority/console/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': restrictImports(
        noNodeOrElectron('the console runs in a browser: it reaches the server only through its API (api.ts).'),
        {
          message: 'the console imports shared/ and itself only (DESIGN.md §3).',
          names: ['dexie', 'zustand', 'pg', 'fastify'],
          patterns: ['**/renderer/**', '**/electron/**', '**/tools/**', '**/test/**', '@fastify/*'],
        },
      ),
    },
  },
  // authority/: the district's service stands on shared/ alone (its tests may use test/support).
  {
    files: ['authority/**/*.ts'],
    ignores: ['authority/**/*.test.ts', 'authority/console/**'],
    rules: {
      'no-restricted-imports': restrictImports(
        {
          message: 'authority/ is a server: no UI or browser storage libraries.',
          names: ['react', 'react-dom', 'antd', 'dexie', 'zustand', 'electron'],
          patterns: ['react/*', 'react-dom/*', 'antd/*'],
        },
        {
          message: 'authority/ stands on shared/ alone: nothing from the tools, test, renderer or electron worlds.',
          patterns: ['**/tools/**', '**/test/**', '**/renderer/**', '**/electron/**'],
        },
      ),
    },
  },
  // electron/: main and preload; no UI libraries, no Dexie.
  {
    files: ['electron/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': restrictImports({
        message: 'electron/ is thin wiring: no UI or renderer storage.',
        names: ['react', 'react-dom', 'antd', 'dexie', 'zustand'],
        patterns: ['**/renderer/**'],
      }),
    },
  },
  // electron/preload.ts runs sandboxed: of Electron only contextBridge and ipcRenderer, no Node,
  // no process globals; it may bundle small pure pieces of shared/ (the bridge's name, its types).
  {
    files: ['electron/preload.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': restrictImports(
        {
          message: 'The preload is sandboxed: no Node modules (Electron sandbox).',
          names: nodeBuiltins,
          patterns: ['node:*'],
        },
        {
          message:
            'The preload exposes the bridge only: nothing from the main process modules, the renderer or UI libraries.',
          names: ['react', 'react-dom', 'antd', 'dexie', 'zustand'],
          patterns: ['./*', '**/renderer/**'],
        },
      ),
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "ImportDeclaration[source.value='electron'] > ImportSpecifier[imported.name!=/^(contextBridge|ipcRenderer)$/]",
          message: 'A sandboxed preload uses contextBridge and ipcRenderer only.',
        },
      ],
      'no-restricted-globals': ['error', 'process', 'require', 'Buffer', '__dirname', '__filename'],
    },
  },
);
