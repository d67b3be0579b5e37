/**
 * Browser mode's forwarding of district calls (scripts/districtProxy.ts), against a real
 * authority process over https under a test CA and a host name no DNS knows: forwarded whole when
 * the origin is a district's, the call one of §8's and the page its own; refused otherwise, and
 * an unreachable district said so (not mistaken for an answer).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districtUnreachableHeader } from '../shared/sync/district';
import { forwardDistrictCall, type DistrictProxySettings } from '../scripts/districtProxy';
import { makeTestCa } from './support/testCa';
import { readFile } from 'node:fs/promises';

const hostName = 'jianding.test';
let authority: ChildProcess;
let origin: string;
let settings: DistrictProxySettings;
let proxy: http.Server;
let proxyUrl: string;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'district-proxy-'));
  const ca = await makeTestCa(dir, hostName);
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  authority = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'authority/cli.ts',
      'serve',
      '--port',
      String(port),
      '--data',
      dir,
      '--host-name',
      hostName,
      '--tls-cert',
      ca.cert,
      '--tls-key',
      ca.key,
    ],
    { stdio: 'ignore' },
  );
  origin = `https://${hostName}:${port}`;
  settings = { ca: await readFile(ca.caCert, 'utf8'), hosts: new Map([[hostName, '127.0.0.1']]) };
  proxy = http.createServer((request, response) => forwardDistrictCall(request, response, settings));
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  for (let i = 0; i < 100; i++) {
    const answer = await call('/district/v1/health', origin);
    if (answer.status === 200) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the authority did not start');
}, 60_000);
afterAll(() => {
  authority.kill('SIGTERM');
  proxy.close();
});

async function call(url: string, district: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  const response = await fetch(`${proxyUrl}${url}`, {
    ...init,
    headers: { 'x-kaodian-district': district, ...init.headers },
  });
  return {
    status: response.status,
    unreachable: response.headers.has(districtUnreachableHeader),
    body: await response.text(),
  };
}

describe('the district proxy of browser mode', () => {
  it('forwards a call to the district over https, trusting the CA it was given', async () => {
    const health = await call('/district/v1/health', origin);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ ok: true });
    const refused = await call('/district/v1/enroll', origin, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"v":2}',
    });
    expect([refused.status, refused.unreachable]).toEqual([400, false]);
  });

  it('refuses what is not a district call, and says when the district cannot be reached', async () => {
    expect((await call('/district/v1/health', `http://${hostName}:1`)).status).toBe(400);
    expect((await call('/district/console/api/overview', origin)).status).toBe(400);
    expect((await call('/district/v1/health', origin, { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(
      403,
    );
    const untrusted = await new Promise<number>((resolve) => {
      const server = http.createServer((request, response) =>
        forwardDistrictCall(request, response, { hosts: settings.hosts! }),
      );
      server.listen(0, '127.0.0.1', async () => {
        const port = (server.address() as AddressInfo).port;
        const answer = await fetch(`http://127.0.0.1:${port}/district/v1/health`, {
          headers: { 'x-kaodian-district': origin },
        });
        resolve(answer.headers.has(districtUnreachableHeader) ? answer.status : -1);
        server.close();
      });
    });
    expect(untrusted).toBe(502);
    const nobody = await call('/district/v1/health', 'http://127.0.0.1:9');
    expect([nobody.status, nobody.unreachable]).toEqual([502, true]);
  });
});
