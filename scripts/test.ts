/**
 * `npm test`: typecheck, lint, build, unit tests (vitest) and e2e tests (Playwright with the
 * system Chromium). Every step runs even when an earlier one fails, and the last line is the
 * summary `N passed, N failed` (then `N skipped` when any were skipped).
 * Typecheck, lint, the format check and build each count as one check.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { chromiumInstallHint, findChromium } from './chromium.ts';
import { buildAll, run } from './run.ts';

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
  skipReasons: string[];
}
const tally: Tally = { passed: 0, failed: 0, skipped: 0, skipReasons: [] };
const failures: string[] = [];

function check(name: string, ok: boolean): void {
  if (ok) tally.passed += 1;
  else {
    tally.failed += 1;
    failures.push(name);
  }
}

function readJson(file: string): unknown {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

mkdirSync('test-results', { recursive: true });

console.log('\n▶ typecheck (tsc -b)');
check('typecheck', (await run('npx', ['--no-install', 'tsc', '-b'])) === 0);

console.log('\n▶ lint (eslint, with the process boundaries; prettier)');
check('lint', (await run('npx', ['--no-install', 'eslint', '.', '--max-warnings=0'])) === 0);
check('format', (await run('npx', ['--no-install', 'prettier', '--check', '.'])) === 0);

console.log('\n▶ build');
const built = await buildAll();
check('build', built);

/** Timing-sensitive tests run alone, after the rest, so that other test files do not share the CPU with them. */
const aloneTests = ['test/healthUnderLoad.test.ts'];

async function unitRun(name: string, args: string[]): Promise<void> {
  const output = `test-results/${name}.json`;
  rmSync(output, { force: true });
  const code = await run('npx', [
    '--no-install',
    'vitest',
    'run',
    ...args,
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${output}`,
  ]);
  const unit = readJson(output) as
    { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number } | undefined;
  if (unit) {
    tally.passed += unit.numPassedTests;
    tally.failed += unit.numFailedTests;
    tally.skipped += unit.numPendingTests + unit.numTodoTests;
    if (code !== 0 && unit.numFailedTests === 0) check(`${name} run`, false);
  } else check(`${name} run`, false);
}

console.log('\n▶ unit tests (vitest)');
await unitRun(
  'unit',
  aloneTests.flatMap((file) => ['--exclude', file]),
);
console.log('\n▶ timing-sensitive unit tests, alone (vitest)');
await unitRun('unit-alone', aloneTests);

console.log('\n▶ e2e tests (Playwright, system Chromium)');
if (!findChromium()) {
  console.log(chromiumInstallHint);
  check('e2e: Chromium missing', false);
} else if (!built) {
  check('e2e: not run, the build failed', false);
} else {
  rmSync('test-results/e2e.json', { force: true });
  const e2eCode = await run('npx', ['--no-install', 'playwright', 'test']);
  type Spec = { title: string; tests: { status: string; annotations: { type: string; description?: string }[] }[] };
  type Suite = { specs?: Spec[]; suites?: Suite[] };
  const e2e = readJson('test-results/e2e.json') as
    { stats: { expected: number; unexpected: number; flaky: number; skipped: number }; suites: Suite[] } | undefined;
  if (e2e) {
    tally.passed += e2e.stats.expected;
    tally.failed += e2e.stats.unexpected + e2e.stats.flaky;
    tally.skipped += e2e.stats.skipped;
    const visit = (suite: Suite) => {
      for (const spec of suite.specs ?? [])
        for (const t of spec.tests)
          if (t.status === 'skipped')
            tally.skipReasons.push(
              `${spec.title}: ${t.annotations.find((a) => a.type === 'skip')?.description ?? 'skipped'}`,
            );
      suite.suites?.forEach(visit);
    };
    e2e.suites.forEach(visit);
    if (e2eCode !== 0 && e2e.stats.unexpected === 0) check('e2e run', false);
  } else check('e2e run', false);
}

console.log('');
for (const reason of tally.skipReasons) console.log(`skipped — ${reason}`);
if (failures.length) console.log(`failed steps: ${failures.join(', ')}`);
console.log(`${tally.passed} passed, ${tally.failed} failed${tally.skipped ? `, ${tally.skipped} skipped` : ''}`);
process.exit(tally.failed === 0 ? 0 : 1);
