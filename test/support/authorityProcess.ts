/** A real authority process (`authority serve`) for the tests that need one, and the corpus's requests to it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { CorpusCase } from '../attackCorpus';
import { corpusRequest } from './corpusAuthority';
import { dbArgs } from './postgresCluster';

const running: ChildProcess[] = [];

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM')),
  );

/** Stops every process started here (for afterEach). */
export async function stopAuthorityProcesses(): Promise<void> {
  await Promise.all(running.splice(0).map(stop));
}

/** Stops the process started last. */
export async function stopLastAuthorityProcess(): Promise<void> {
  const child = running.pop();
  if (child) await stop(child);
}

/**
 * `authority serve` on a free port over `dir` (its key; and its store, unless `location` is a
 * PostgreSQL URL); resolves with its base URL once it listens.
 */
export async function authorityProcess(dir: string, location: string = dir, extra: string[] = []): Promise<string> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'authority/cli.ts', 'serve', '--port', '0', '--data', dir, ...dbArgs(location), ...extra],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  running.push(child);
  for await (const line of createInterface({ input: child.stdout! })) {
    const match = /^listening on (http:\/\/[^/]+)\//.exec(line);
    if (match) return match[1]!;
  }
  throw new Error('the authority process ended before it listened');
}

/** Sends a corpus case's bytes as its route wants them; the status, the error code and the counts. */
export async function sendCorpusRequest(base: string, c: Pick<CorpusCase, 'route' | 'contentType'>, bytes: Uint8Array) {
  const request = corpusRequest(c, bytes);
  const response = await fetch(`${base}${request.url}`, {
    method: request.method,
    headers: { 'content-type': request.contentType },
    body: Buffer.from(bytes),
  });
  const body = (await response.json()) as {
    error?: string;
    accepted?: number;
    duplicate?: number;
    batches?: { status: string; error?: string }[];
  };
  return {
    status: response.status,
    error: body.error ?? body.batches?.find((b) => b.status === 'rejected')?.error,
    accepted: body.accepted,
    duplicate: body.duplicate,
  };
}
