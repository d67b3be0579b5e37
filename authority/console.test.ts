/**
 * The console's API (issue 17) through the real server (fastify inject), on both engines: a
 * logged-out caller gets nothing but the login page; the initial password must be changed
 * first; every write route needs a CSRF token and the right role (the auditor's 403 walked
 * route by route over the route table itself); sessions end by logout, everywhere, idle; twenty
 * wrong passwords lock the account, and every action is in the audit trail.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoSpecification } from '../shared/domain/demoSpec';
import { uuidV4 } from '../shared/ledger/ids';
import { buildServer } from './http';
import { loadOrCreateAuthority } from './identity';
import { consoleRoutes } from './console';
import { idleTimeoutMs } from './consoleSessions';
import { addOperator } from './operators';
import { createService, type Service } from './service';
import { openStore, type Engine } from './store';
import { engines, storeLocation } from '../test/support/engines';

let clock = Date.parse('2026-12-02T09:00:00+08:00');
let service: Service;
let app: FastifyInstance;

async function setUp(engine: Engine) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'authority-console-'));
  const dist = await mkdtemp(path.join(os.tmpdir(), 'console-dist-'));
  await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>登录</title><div id="root"></div>');
  service = createService(
    await loadOrCreateAuthority(dataDir, 'weihai-hrss'),
    await openStore(await storeLocation(engine, dataDir)),
    () => clock,
  );
  app = buildServer(service, { consoleDir: dist });
}

/** A browser's worth of state: its cookies, and the CSRF token the console page would hold. */
function browser() {
  const cookies = new Map<string, string>();
  let token = '';
  const remember = (setCookie: string | string[] | undefined) => {
    for (const line of [setCookie ?? []].flat()) {
      const [pair] = line.split(';');
      const [name, value] = pair!.split('=');
      if (value) cookies.set(name!, value);
      else cookies.delete(name!);
    }
  };
  const cookie = () => [...cookies].map(([n, v]) => `${n}=${v}`).join('; ');
  const call = async (method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await app.inject({
      method,
      url: `/console/api${url}`,
      headers: {
        cookie: cookie(),
        ...(method === 'POST' ? { 'content-type': 'application/json', 'x-csrf-token': token } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    remember(response.headers['set-cookie']);
    return response;
  };
  return {
    cookies,
    call,
    async session() {
      const response = await call('GET', '/session');
      token = (response.json() as { csrfToken: string }).csrfToken;
      return response.json() as { login: string | null; role?: string; mustChange?: boolean };
    },
    async login(login: string, password: string) {
      await this.session();
      return call('POST', '/login', { login, password });
    },
  };
}

/** An operator added by the CLI's function, logged in, its initial password changed to `password`. */
async function operatorSession(login: string, role: string, password = 'a-long-new-password') {
  const added = await addOperator(service.store, login, role, 'cli', clock);
  if (!('password' in added)) throw new Error(added.problem);
  const b = browser();
  expect((await b.login(login, added.password)).statusCode).toBe(200);
  expect((await b.call('POST', '/password', { current: added.password, next: password })).statusCode).toBe(200);
  return b;
}

const actions = async () => (await service.store.auditTrail.all()).map((row) => `${row.login} ${row.action}`);

describe.each(engines)('the console on %s', (engine) => {
  beforeEach(() => setUp(engine));
  afterEach(async () => {
    await app.close();
    await service.store.close();
  });

  it('gives a logged-out caller the login page and nothing else', async () => {
    const page = await app.inject({ method: 'GET', url: '/console/' });
    expect([page.statusCode, page.body]).toEqual([200, expect.stringContaining('登录')]);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect((await app.inject({ method: 'GET', url: '/' })).headers.location).toBe('/console/');
    const b = browser();
    expect(await b.session()).toEqual({ login: null, csrfToken: expect.any(String) });
    for (const route of consoleRoutes(service).filter((r) => r.access !== 'public')) {
      const url = route.url.replace(/:\w+/g, 'x');
      const response = await b.call(route.method, url, route.method === 'POST' ? {} : undefined);
      expect([route.method, url, response.statusCode, response.json().error]).toEqual([
        route.method,
        url,
        401,
        'not_logged_in',
      ]);
    }
  });

  it('makes the initial password be changed first, then admits the operator; logout ends the session', async () => {
    const added = await addOperator(service.store, 'li.na', 'operator', 'cli', clock);
    if (!('password' in added)) throw new Error(added.problem);
    const b = browser();
    expect((await b.login('li.na', 'wrong password')).statusCode).toBe(401);
    const login = await b.login('li.na', added.password);
    expect(login.json()).toEqual({ login: 'li.na', role: 'operator', mustChange: true });
    const cookie = [login.headers['set-cookie']].flat().find((c) => c?.startsWith('kd_session='))!;
    expect(cookie).toMatch(/; Path=\/console; HttpOnly; Secure; SameSite=Strict$/);
    expect((await b.call('GET', '/overview')).json().error).toBe('must_change_password');
    expect((await b.call('POST', '/password', { current: added.password, next: 'short' })).json().error).toBe(
      'too_short',
    );
    expect(
      (await b.call('POST', '/password', { current: added.password, next: 'a-long-new-password' })).statusCode,
    ).toBe(200);
    const overview = await b.call('GET', '/overview');
    expect(overview.statusCode).toBe(200);
    expect(overview.json().authority).toBe('weihai-hrss');
    expect((await b.call('POST', '/logout')).statusCode).toBe(200);
    expect((await b.call('GET', '/overview')).statusCode).toBe(401);
    expect(await actions()).toEqual([
      'cli operator.added',
      'li.na login.failed',
      'li.na login',
      'li.na login',
      'li.na password.changed',
      'li.na logout',
    ]);
  });

  it('ends every session of a login everywhere, and a session idle for 30 minutes', async () => {
    const office = await operatorSession('zhou', 'operator');
    const home = browser();
    expect((await home.login('zhou', 'a-long-new-password')).statusCode).toBe(200);
    expect((await office.call('GET', '/codes')).statusCode).toBe(200);
    expect((await home.call('POST', '/logout-everywhere')).statusCode).toBe(200);
    expect((await office.call('GET', '/codes')).statusCode).toBe(401);

    const again = browser();
    await again.login('zhou', 'a-long-new-password');
    clock += idleTimeoutMs - 1000;
    expect((await again.call('GET', '/codes')).statusCode).toBe(200);
    clock += idleTimeoutMs + 1000;
    expect((await again.call('GET', '/codes')).statusCode).toBe(401);
    // A session left idle and never used again: the next login sweeps its row away.
    const forgotten = browser();
    await forgotten.login('zhou', 'a-long-new-password');
    const row = createHash('sha256').update(forgotten.cookies.get('kd_session')!).digest('hex');
    expect(await service.store.getSession.get(row)).toBeDefined();
    clock += idleTimeoutMs + 1000;
    await browser().login('zhou', 'a-long-new-password');
    expect(await service.store.getSession.get(row)).toBeUndefined();
  });

  it('refuses a write without the CSRF token, and a cross-site form post, changing nothing', async () => {
    const b = await operatorSession('wu', 'operator');
    const noToken = await b.call('POST', '/codes', { site: 'SD0001' }, { 'x-csrf-token': '' });
    expect([noToken.statusCode, noToken.json().error]).toEqual([403, 'csrf']);
    // What another site's form would send: a form body, no token, and (SameSite=Strict) no cookies.
    const crossSite = await app.inject({
      method: 'POST',
      url: '/console/api/codes',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://attacker.example' },
      payload: 'site=SD0001',
    });
    expect([crossSite.statusCode, crossSite.json().error]).toEqual([403, 'csrf']);
    expect(await service.store.codes.all()).toEqual([]);
    const issued = await b.call('POST', '/codes', { site: 'SD0001' });
    expect(issued.statusCode).toBe(200);
    expect((await service.store.codes.all()).map((c) => c.code)).toEqual([issued.json().code]);
  });

  it('answers 403 to the auditor on every write route, route by route, and changes nothing', async () => {
    const auditor = await operatorSession('shen', 'auditor');
    const before = await actions();
    const writes = consoleRoutes(service).filter((r) => Array.isArray(r.access) && !r.access.includes('auditor'));
    expect(writes.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /codes',
      'POST /codes/:code/cancel',
      'POST /devices/:device/revoke',
      'POST /devices/:device/rekey',
      'POST /quarantine/:id/review',
      'POST /plans',
      'POST /operators',
      'POST /operators/:login/disable',
    ]);
    for (const route of writes) {
      const response = await auditor.call('POST', route.url.replace(/:\w+/g, 'x'), {});
      expect([route.url, response.statusCode, response.json().error]).toEqual([route.url, 403, 'forbidden']);
    }
    expect(await actions()).toEqual(before);
    // And every read is open to it.
    for (const route of consoleRoutes(service).filter((r) => r.method === 'GET' && !r.url.includes(':')))
      expect([route.url, (await auditor.call('GET', route.url)).statusCode]).toEqual([route.url, 200]);
  });

  it('records each operator action in the audit trail', async () => {
    const b = await operatorSession('sun', 'operator');
    const code = (await b.call('POST', '/codes', { site: 'SD0001' })).json().code as string;
    expect((await b.call('POST', `/codes/${code}/cancel`)).statusCode).toBe(200);
    const session = uuidV4();
    const person = uuidV4();
    const published = await b.call('POST', '/plans', {
      site: 'SD0001',
      specs: [demoSpecification],
      sessions: [
        {
          session,
          spec: demoSpecification.code,
          specVersion: demoSpecification.version,
          name: '十二月场次',
          room: '201',
          startsAt: '2026-12-10T09:00:00.000+08:00',
          plannedCandidates: 0,
        },
      ],
      people: [{ person, name: '陈立华', role: 'examiner' }],
      candidates: [],
      assignments: [{ session, person, role: 'examiner', group: 'A', leader: true }],
    });
    expect(published.statusCode).toBe(200);
    const plan = await b.call('GET', `/plans/${published.json().id}/plan.json`);
    expect(plan.json()).toMatchObject({ kind: 'kaodian.plan', site: 'SD0001', sessions: [{ name: '十二月场次' }] });
    const badPlan = await b.call('POST', '/plans', { site: 'SD0001', specs: [], sessions: [] });
    expect(badPlan.statusCode).toBe(400);
    expect((await b.call('GET', '/results.xlsx')).headers['content-type']).toContain('spreadsheetml');
    expect((await actions()).slice(-6)).toEqual([
      'sun password.changed',
      'sun code.issued',
      'sun code.cancelled',
      'sun plan.published',
      'sun export.plan',
      'sun export.results',
    ]);
  });

  it('locks an account after five wrong passwords of twenty, with the lock in the audit trail', async () => {
    await addOperator(service.store, 'qian', 'admin', 'cli', clock);
    const b = browser();
    const statuses = [];
    for (let i = 0; i < 20; i++) statuses.push((await b.login('qian', `guess number ${i}`)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 423, ...Array(15).fill(423)]);
    expect((await actions()).filter((a) => a === 'qian login.locked')).toHaveLength(1);
  });
});
