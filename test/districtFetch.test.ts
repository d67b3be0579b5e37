/**
 * The main process's district calls, against a real authority on loopback: an answer comes back
 * whole (status and bytes), an unreachable origin is `reached: false`, and the IPC channel's
 * schema refuses an origin that is not a district's and a path outside FORMATS.md §8.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipcChannels } from '../shared/ipc';
import { districtFetch } from '../electron/district';
import { buildServer } from '../authority/http';
import { loadOrCreateAuthority } from '../authority/identity';
import { createService } from '../authority/service';
import { openStore } from '../authority/store';

let origin: string;
let close: () => Promise<void>;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'district-fetch-'));
  const service = createService(await loadOrCreateAuthority(dir, 'weihai-hrss'), await openStore(dir));
  const app = buildServer(service);
  origin = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
  close = async () => {
    await app.close();
    await service.store.close();
  };
});
afterAll(() => close());

describe('district calls from the main process', () => {
  it('bring back the authority answer, or say it was not reached', async () => {
    const health = await districtFetch({ origin, method: 'GET', path: '/v1/health' }, fetch);
    expect(health.reached && health.status).toBe(200);
    expect(health.reached && JSON.parse(new TextDecoder().decode(health.body)).authority).toBe('weihai-hrss');
    const refused = await districtFetch(
      {
        origin,
        method: 'POST',
        path: '/v1/enroll',
        contentType: 'application/json',
        body: new TextEncoder().encode('{"v":2}'),
      },
      fetch,
    );
    expect(refused.reached && refused.status).toBe(400);
    const unreachable = await districtFetch({ origin: 'http://127.0.0.1:9', method: 'GET', path: '/v1/health' }, fetch);
    expect(unreachable.reached).toBe(false);
  });

  it.each([
    [{ origin: 'http://jianding.example.gov.cn', method: 'GET', path: '/v1/health' }, 'plain http off loopback'],
    [{ origin: 'https://jianding.example.gov.cn/x', method: 'GET', path: '/v1/health' }, 'a path in the origin'],
    [{ origin: 'file:///etc', method: 'GET', path: '/v1/health' }, 'not http(s)'],
    [{ origin: 'https://jianding.example.gov.cn', method: 'GET', path: '/console/api/overview' }, 'not a §8 route'],
    [{ origin: 'https://jianding.example.gov.cn', method: 'POST', path: '/v1/health' }, 'the wrong method'],
    [{ origin: 'https://jianding.example.gov.cn', method: 'GET', path: '/v1/devices/../receipt' }, 'a crafted path'],
  ])('the channel refuses %o (%s)', (request) => {
    expect(ipcChannels['district:fetch'].request.safeParse(request).success).toBe(false);
  });

  it('the channel admits https anywhere and http on loopback', () => {
    for (const origin of ['https://jianding.example.gov.cn', 'https://10.0.0.5:8443', 'http://127.0.0.1:8787'])
      expect(
        ipcChannels['district:fetch'].request.safeParse({ origin, method: 'GET', path: '/v1/health' }).success,
      ).toBe(true);
  });
});
