/**
 * `npm run bench` (or `npm run bench -- --quick`): drives the real renderer in Chromium, seeds
 * its database through the app's own write path, and prints each figure beside its anchor
 * measured in the same run. Results are written into docs/performance.md between its markers.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { chromium } from '@playwright/test';
import { preview } from 'vite';
import { chromiumArgs, chromiumInstallHint, findChromium } from '../scripts/chromium.ts';
import { bundleHarness } from '../tools/bundleHarness.ts';

const quick = process.argv.includes('--quick');
const seedEvents = quick ? 10_000 : 100_000;
const samples = quick ? 150 : 400;
const port = 4175;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const executablePath = findChromium();
if (!executablePath) throw new Error(chromiumInstallHint);
const server = await preview({ configFile: 'vite.config.ts', logLevel: 'silent', preview: { port, strictPort: true, host: '127.0.0.1' } });
const browser = await chromium.launch({ executablePath, args: chromiumArgs });
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.evaluate(await bundleHarness('bench/harness/ledgerBench.ts', 'KaodianLedgerBench'));
  type Bench = { seed(n: number): Promise<{ events: number; ms: number }>; measure(n: number): Promise<{ submit: number[]; raw: number[] }> };
  const call = <T>(fn: keyof Bench, arg: number) => page.evaluate(([name, value]) => (window as unknown as { KaodianLedgerBench: Record<string, (n: number) => Promise<unknown>> }).KaodianLedgerBench[name]!(value), [fn, arg] as const) as Promise<T>;

  console.log(`seeding ${seedEvents.toLocaleString()} events through the app's write path…`);
  const seeded = await call<{ events: number; ms: number }>('seed', seedEvents);
  console.log(`seeded ${seeded.events.toLocaleString()} events in ${(seeded.ms / 1000).toFixed(1)} s (${Math.round(seeded.events / (seeded.ms / 1000)).toLocaleString()} events/s)`);
  const { submit, raw } = await call<{ submit: number[]; raw: number[] }>('measure', samples);

  const rows = [
    ['submit → strict commit, p50', percentile(submit, 50), 'raw strict put, p50', percentile(raw, 50)],
    ['submit → strict commit, p99', percentile(submit, 99), 'raw strict put, p99', percentile(raw, 99)],
  ] as const;
  const table = [
    `| figure | ms | anchor | ms | ratio | target |`,
    `|---|---:|---|---:|---:|---|`,
    ...rows.map(([name, value, anchor, anchorValue], i) => `| ${name} (${seeded.events.toLocaleString()} events held) | ${value.toFixed(2)} | ${anchor} | ${anchorValue.toFixed(2)} | ${(value / anchorValue).toFixed(2)}× | ${i === 1 ? '≤ 25 ms and ≤ 1.3×' : '—'} |`),
    `| seeding through append (${seeded.events.toLocaleString()} events) | ${seeded.ms.toFixed(0)} | — | — | — | ${Math.round(seeded.events / (seeded.ms / 1000)).toLocaleString()} events/s |`,
  ].join('\n');
  console.log(`\n${table}\n`);

  const docPath = 'docs/performance.md';
  const doc = await readFile(docPath, 'utf8');
  const stamp = `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${quick ? 'quick' : 'full'} (\`npm run bench${quick ? ' -- --quick' : ''}\`), ${samples} samples each, Chromium ${browser.version()}.`;
  const section = `<!-- bench:submit:start -->\n${stamp}\n\n${table}\n<!-- bench:submit:end -->`;
  await writeFile(docPath, doc.replace(/<!-- bench:submit:start -->[\s\S]*<!-- bench:submit:end -->/, section));
} finally {
  await browser.close();
  await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
}
