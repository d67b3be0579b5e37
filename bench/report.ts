/** Writing a benchmark's table into docs/performance.md between its markers (`<!-- bench:NAME:start -->`). */
import { readFile, writeFile } from 'node:fs/promises';

export const performanceDoc = 'docs/performance.md';

export async function writeReportSection(
  name: string,
  stamp: string,
  table: string,
  docPath = performanceDoc,
): Promise<void> {
  const doc = await readFile(docPath, 'utf8');
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const section = `${start}\n${stamp}\n\n${table}\n${end}`;
  const pattern = new RegExp(`${start}[\\s\\S]*${end}`);
  if (!pattern.test(doc)) throw new Error(`${docPath} has no ${start} … ${end} markers`);
  await writeFile(docPath, doc.replace(pattern, section));
}

/** "Run 2026-11-26 07:10 UTC, quick (`npm run bench:x -- --quick`), Node v20." */
export function runStamp(command: string, quick: boolean, environment: string): string {
  return `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${quick ? 'quick' : 'full'} (\`${command}${quick ? ' -- --quick' : ''}\`), ${environment}.`;
}
