/**
 * The Electron security scan (@doyensec/electronegativity) over what ships: the main process and
 * preload sources, the renderer's page with its real Content-Security-Policy, and package.json
 * (for the Electron version). It runs offline: the check that downloads Electron's release list
 * is excluded, and the Electron version is given.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { contentSecurityPolicyMeta } from '../shared/csp';

const run = promisify(execFile);

export interface Finding {
  check: string;
  severity: 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH';
  confidence: string;
  file: string;
  location: string;
  description: string;
}

/** Copies the shipped sources into a folder to scan (no tests, the CSP filled in as the build does). */
export async function stageApp(root = '.'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kaodian-scan-'));
  for (const name of await readdir(path.join(root, 'electron'))) {
    if (name.endsWith('.ts') && !name.endsWith('.test.ts'))
      await copyFile(path.join(root, 'electron', name), path.join(dir, name));
  }
  const page = await readFile(path.join(root, 'renderer', 'index.html'), 'utf8');
  await writeFile(path.join(dir, 'index.html'), page.replace('%KAODIAN_CSP%', contentSecurityPolicyMeta));
  await copyFile(path.join(root, 'package.json'), path.join(dir, 'package.json'));
  return dir;
}

export async function scan(dir: string, electronVersion = '45.0.0'): Promise<Finding[]> {
  const out = path.join(dir, '..', `${path.basename(dir)}-findings.csv`);
  await run(
    'npx',
    [
      '--no-install',
      'electronegativity',
      '-i',
      dir,
      '-e',
      electronVersion,
      '-r',
      '-v',
      'false',
      '-x',
      'AvailableSecurityFixesGlobalCheck',
      '-o',
      out,
    ],
    { timeout: 120_000 },
  );
  const text = await readFile(out, 'utf8');
  await rm(out, { force: true });
  // The CSV's "sample" column is source code, quoted without escaping its own quotes, so rows are
  // read by their fixed leading columns and trailing description and URL, not as general CSV.
  const row = /^([A-Z0-9_]+),"(INFORMATIONAL|LOW|MEDIUM|HIGH)","([A-Z]+)","([^"]*)","([^"]*)",.*,"([^"]*)",(\S+)$/;
  return text
    .split('\n')
    .map((line) => row.exec(line.trim()))
    .filter((match) => match !== null)
    .map(([, check, severity, confidence, file, location, description]) => ({
      check: check!,
      severity: severity as Finding['severity'],
      confidence: confidence!,
      file: file!,
      location: location!,
      description: description!,
    }));
}
