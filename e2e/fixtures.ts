/**
 * The shared test fixture: every page's console errors and uncaught exceptions are collected,
 * and a test fails if any appeared, unless it declares the ones it expects.
 */
import { test as base, expect, type Page } from '@playwright/test';

interface Fixtures {
  /** The console errors this test provokes on purpose, if any. */
  expectedConsoleError: RegExp | null;
  consoleErrors: string[];
}

export const test = base.extend<Fixtures>({
  expectedConsoleError: [null, { option: true }],
  consoleErrors: [
    async ({ context, expectedConsoleError }, use) => {
      const errors: string[] = [];
      const watch = (page: Page) => {
        page.on('console', (message) => {
          if (message.type() === 'error') errors.push(message.text());
        });
        page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
      };
      context.pages().forEach(watch);
      context.on('page', watch);
      await use(errors);
      const unexpected = errors.filter((text) => !expectedConsoleError?.test(text));
      expect(unexpected, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
