/**
 * Health for a load balancer: /v1/health answers 503 when the store does not (on both engines),
 * and SIGTERM drains — a package being taken in when the signal arrives is answered in full, new
 * connections are refused, and the process ends cleanly.
 */
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { engines, testStore } from '../test/support/engines';
import { notePackage } from '../test/support/notePackage';
import { buildServer } from './http';
import { loadOrCreateAuthority } from './identity';
import { createService, holdCerts } from './service';
import { openStore } from './store';

describe.each(engines)('health on %s', (engine) => {
  it('answers 503 when the store does not answer', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'authority-health-'));
    const service = createService(await loadOrCreateAuthority(dir, 'health-test'), await testStore(engine, dir));
    const app = buildServer(service);
    expect((await app.inject({ method: 'GET', url: '/v1/health' })).json()).toMatchObject({ ok: true, store: engine });
    await service.store.close();
    const down = await app.inject({ method: 'GET', url: '/v1/health' });
    expect([down.statusCode, down.json().ok]).toEqual([503, false]);
    await app.close();
  });
});

describe('SIGTERM', { timeout: 120_000 }, () => {
  it('drains: the package in flight is answered whole, then the process ends', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'authority-drain-'));
    const identity = await loadOrCreateAuthority(dir, 'drain-test');
    const store = await openStore(dir);
    const { cert, bytes } = await notePackage(identity, 30_000);
    await holdCerts(createService(identity, store), [cert], 'drain');
    await store.close();

    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'authority/cli.ts', 'serve', '--port', '0', '--data', dir],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const lines: string[] = [];
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let base = '';
    for await (const line of createInterface({ input: child.stdout! })) {
      lines.push(line);
      const match = /^listening on (http:\/\/[^/]+)\//.exec(line);
      if (match) {
        base = match[1]!;
        break;
      }
    }
    child.stdout!.on('data', (chunk: Buffer) => lines.push(...chunk.toString().trim().split('\n')));
    const inFlight = fetch(`${base}/v1/packages`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.from(bytes),
    });
    // The signal once the package is being taken in.
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGTERM');
    const response = await inFlight;
    expect(response.status).toBe(200);
    const body = (await response.json()) as { batches: { status: string }[] };
    expect(body.batches.every((b) => b.status === 'accepted')).toBe(true);
    expect(await exited).toBe(0);
    expect(lines.join('\n')).toContain('draining');
    await expect(fetch(`${base}/v1/health`)).rejects.toThrow();
    // Everything it answered is held.
    const after = await openStore(dir);
    expect((await after.eventCount.get())!.count).toBe(30_000);
    await after.close();
  });
});
