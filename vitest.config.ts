import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'shared/**/*.test.ts',
      'renderer/**/*.test.{ts,tsx}',
      'electron/**/*.test.ts',
      'tools/**/*.test.ts',
      'test/**/*.test.ts',
      'authority/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    environment: 'node',
    // A throw-away PostgreSQL cluster: the authority's tests run on both engines.
    globalSetup: ['test/globalSetup.ts'],
    testTimeout: 30_000,
  },
});
