/**
 * `npm run soak`: the reliability suite at its large sizes — 200 crash-loop kills, 10,000 hostile
 * mutations, the attack corpus (in process, a real process, `authority import`), 500
 * interleavings of the chain's seams, 4,000 batches through the faulty network, ten
 * duplicate-delivery orders (with restarted and spliced copies), 500
 * devices for 60 s — and its figures written into docs/reliability.md (between the soak markers).
 * Takes about a quarter of an hour here. `npm test` runs the same tests at CI sizes.
 */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { buildAll } from './run.ts';
import { measureLoad } from '../bench/authorityLoad.ts';

const env = { ...process.env, KAODIAN_SOAK: '1' };

function capture(command: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk;
      process.stderr.write(chunk);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

const started = Date.now();
const rows: string[] = [];
const line = (output: string, prefix: string) =>
  output
    .split('\n')
    .filter((l) => l.includes(prefix))
    .map((l) => l.slice(l.indexOf(prefix)).trim());

const unit = await capture('npx', [
  '--no-install',
  'vitest',
  'run',
  'test/hostileInputs.test.ts',
  'test/attackCorpus.test.ts',
  'test/corpusProcess.test.ts',
  'test/chainSeams.test.ts',
  'test/networkFaults.test.ts',
  'test/duplicateDelivery.test.ts',
]);
rows.push(
  `| hostile mutations (10,000) | ${unit.code === 0 ? 'passed' : 'FAILED'} | ${line(unit.output, 'hostile mutations:').join('; ')} |`,
);
rows.push(
  `| attack corpus | ${unit.code === 0 ? 'passed' : 'FAILED'} | ${line(unit.output, 'attack corpus (').join('; ')} |`,
);
const alone = await capture('npx', ['--no-install', 'vitest', 'run', 'test/healthUnderLoad.test.ts']);
rows.push(
  `| intake under a heavy package | ${alone.code === 0 ? 'passed' : 'FAILED'} | ${line(alone.output, 'attack corpus (health)').join('; ')} |`,
);
rows.push(
  `| chain seams (500 interleavings) | ${unit.code === 0 ? 'passed' : 'FAILED'} | ${line(unit.output, 'chain seams:').join('; ')} |`,
);
rows.push(
  `| network faults (4,000 batches) | ${unit.code === 0 ? 'passed' : 'FAILED'} | ${line(unit.output, 'network faults:').join('; ')} |`,
);
const orders = [...new Set(line(unit.output, 'duplicate delivery (seed'))];
rows.push(
  `| duplicate delivery (10 orders) | ${unit.code === 0 ? 'passed' : 'FAILED'} | ${orders.length} orders; ${orders.at(-1) ?? ''} |`,
);

// Three setups in one run: SQLite with group commit, SQLite a commit per batch, three processes on PostgreSQL.
for (const load of await measureLoad(60)) {
  const loadOk = load.errors === 0 && load.held === load.events;
  rows.push(
    `| load: 500 devices, 60 s, ${load.setup} | ${loadOk ? 'passed' : 'FAILED'} | ${load.requests.toLocaleString()} requests, ${load.errors} errors, p50 ${load.p50Ms.toFixed(0)} ms, p99 ${load.p99Ms.toFixed(0)} ms, ${Math.round(load.requestsPerSecond)} batches/s, ${Math.round(load.eventsPerSecond).toLocaleString()} events/s; ${load.held.toLocaleString()} events held = accepted |`,
  );
}

const built = await buildAll();
const crash = built
  ? await capture('npx', ['--no-install', 'playwright', 'test', 'e2e/crash-loop.spec.ts'])
  : { code: 1, output: 'build failed' };
const crashLog = await readFile('test-results/crash-loop.txt', 'utf8').catch(() => '');
const summary = crashLog.trim().split('\n').at(-1) ?? '';
const midTyping = crashLog.split('\n').filter((l) => l.includes('mid-typing')).length;
rows.push(
  `| crash loop (200 kills) | ${crash.code === 0 ? 'passed' : 'FAILED'} | ${midTyping} kills mid-typing, the rest after "saved" or after a submit; ${summary} |`,
);

const minutes = ((Date.now() - started) / 60_000).toFixed(1);
const table = ['| run | result | figures |', '|---|---|---|', ...rows].join('\n');
const stamp = `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC (\`npm run soak\`, ${minutes} min), Node ${process.version}.`;
console.log(`\n${table}\n`);
const doc = await readFile('docs/reliability.md', 'utf8');
await writeFile(
  'docs/reliability.md',
  doc.replace(
    /<!-- soak:start -->[\s\S]*<!-- soak:end -->/,
    `<!-- soak:start -->\n${stamp}\n\n${table}\n<!-- soak:end -->`,
  ),
);
const failed = rows.filter((r) => r.includes('FAILED')).length;
console.log(`${rows.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
