/**
 * The operators' console (issue 17) at /console/: the web app's files and its API at
 * /console/api/*. Every API route is in one table with the roles it admits, so the role checks
 * are read in one place and tested route by route. Sessions are server-side (consoleSessions.ts)
 * behind an `HttpOnly; Secure; SameSite=Strict` cookie; every POST carries a CSRF token
 * (@fastify/csrf-protection, its secret in a cookie of its own); @fastify/helmet sets the
 * security headers. Every operator action is an audit row.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import cookiePlugin from '@fastify/cookie';
import csrfPlugin from '@fastify/csrf-protection';
import helmetPlugin from '@fastify/helmet';
import staticPlugin from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { tableXlsx } from '../shared/domain/exports';
import { demoSpecification } from '../shared/domain/demoSpec';
import { isWireError } from '../shared/ledger/errors';
import { uuidPattern } from '../shared/ledger/ids';
import { parseStrictJson } from '../shared/ledger/strictJson';
import { project } from '../shared/state/project';
import type { Plan } from '../shared/sync/schemas';
import type { Specification } from '../shared/domain/events';
import {
  addOperator,
  audit,
  auditTable,
  changePassword,
  checkLogin,
  disableOperator,
  type OperatorRole,
} from './operators';
import {
  dropIdleSessions,
  endSession,
  endSessionsOf,
  sessionCookie,
  sessionOperator,
  startSession,
  type ConsoleOperator,
} from './consoleSessions';
import { deviceList, overview, quarantineView, resultRows, siteResults, syncRecord } from './consoleViews';
import {
  cancelCode,
  codeLifetimeMs,
  codeState,
  heldEvents,
  newEnrollCode,
  outboxPackage,
  publishPlan,
  revokeDevice,
  type Service,
} from './service';

/** Who may call a route: anyone (login), any logged-in operator, or the roles listed. */
export type Access = 'public' | 'self' | readonly OperatorRole[];

const everyone = ['admin', 'operator', 'auditor'] as const;
const operators = ['admin', 'operator'] as const;
const admins = ['admin'] as const;

export class ConsoleError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

interface Context {
  request: FastifyRequest;
  reply: FastifyReply;
  /** The logged-in operator (undefined only on public routes). */
  operator: ConsoleOperator;
  body: unknown;
  /** Writes an audit row as this operator, from this request's address. */
  record(action: string, detail: string): Promise<void>;
}

interface ConsoleRoute {
  method: 'GET' | 'POST';
  url: string;
  access: Access;
  handler(context: Context): Promise<unknown>;
}

const site = z.string().trim().min(1).max(64);

const loginBody = z.strictObject({ login: z.string().max(64), password: z.string().max(1024) });
const passwordBody = z.strictObject({ current: z.string().max(1024), next: z.string().max(1024) });
const codeBody = z.strictObject({ site });
const noteBody = z.strictObject({ note: z.string().trim().min(1).max(2000) });
const operatorBody = z.strictObject({ login: z.string(), role: z.string() });

/** A plan draft as the console's forms build it (FORMATS.md §6 members, before signing). */
const planDraft = z
  .strictObject({
    site,
    specs: z.array(z.record(z.string(), z.unknown())).min(1).max(20),
    sessions: z
      .array(z.looseObject({ session: z.string().regex(uuidPattern), spec: z.string(), name: z.string().min(1) }))
      .min(1)
      .max(50),
    people: z.array(z.looseObject({ person: z.string().regex(uuidPattern), name: z.string().min(1) })).max(500),
    candidates: z
      .array(z.looseObject({ candidate: z.string().regex(uuidPattern), session: z.string(), ticket: z.string() }))
      .max(20_000),
    assignments: z.array(z.looseObject({ session: z.string(), person: z.string(), role: z.string() })).max(2_000),
  })
  .superRefine((draft, context) => {
    const sessions = new Set(draft.sessions.map((s) => s.session));
    const people = new Set(draft.people.map((p) => p.person));
    const specs = new Set(draft.specs.map((s) => String(s.code)));
    for (const s of draft.sessions)
      if (!specs.has(s.spec))
        context.addIssue({ code: 'custom', message: `session ${s.name}: no specification ${s.spec}` });
    for (const c of draft.candidates)
      if (!sessions.has(c.session))
        context.addIssue({ code: 'custom', message: `candidate ${c.ticket}: no such session` });
    for (const a of draft.assignments)
      if (!sessions.has(a.session) || !people.has(a.person))
        context.addIssue({ code: 'custom', message: 'an assignment names a session or person not in the plan' });
  });

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new ConsoleError(
      400,
      'bad_request',
      result.error.issues
        .map((i) => i.message)
        .join('; ')
        .slice(0, 500),
    );
  return result.data;
}

/** Where the built console is (`npm run build` writes it). */
export const consoleDistDir = path.resolve(import.meta.dirname, '../dist/console');

const download = (reply: FastifyReply, name: string, type: string, bytes: Uint8Array | string) =>
  reply
    .type(type)
    .header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
    .send(typeof bytes === 'string' ? bytes : Buffer.from(bytes));

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Every route of the console's API (tests walk this table). */
export function consoleRoutes(service: Service): ConsoleRoute[] {
  const { store } = service;
  const heldPlan = async (id: string): Promise<Plan> => {
    const row = await store.getPlan.get(id);
    if (!row) throw new ConsoleError(404, 'not_found', 'no such plan');
    return JSON.parse(row.plan) as Plan;
  };
  return [
    {
      method: 'POST',
      url: '/login',
      access: 'public',
      async handler({ request, reply, body }) {
        const { login, password } = parse(loginBody, body);
        const checked = await checkLogin(store, login, password, request.ip, service.now());
        if (!checked.ok)
          throw checked.problem === 'locked'
            ? new ConsoleError(423, 'locked', 'this account is locked for a while', {
                lockedUntil: checked.lockedUntil,
              })
            : new ConsoleError(401, 'bad_credentials', 'wrong login or password');
        // Sessions idle past the timeout are refused anyway; each login sweeps their rows away.
        await dropIdleSessions(store, service.now());
        const token = await startSession(store, login, request.ip, service.now());
        setSessionCookie(reply, token);
        return { login, role: checked.role, mustChange: checked.mustChange };
      },
    },
    {
      method: 'POST',
      url: '/logout',
      access: 'self',
      async handler({ operator, reply, record }) {
        await endSession(store, operator.session);
        await record('logout', '');
        clearSessionCookie(reply);
        return { ok: true };
      },
    },
    {
      method: 'POST',
      url: '/logout-everywhere',
      access: 'self',
      async handler({ operator, reply, record }) {
        await endSessionsOf(store, operator.login);
        await record('logout.everywhere', 'every session of this login ended');
        clearSessionCookie(reply);
        return { ok: true };
      },
    },
    {
      method: 'POST',
      url: '/password',
      access: 'self',
      async handler({ operator, request, reply, body }) {
        const { current, next } = parse(passwordBody, body);
        const changed = await changePassword(store, operator.login, current, next, request.ip, service.now());
        if (!changed.ok)
          throw new ConsoleError(
            changed.problem === 'locked' ? 423 : 400,
            changed.problem,
            'the password was not changed',
          );
        // Every other session of this login ends; this one goes on under a new token.
        await endSessionsOf(store, operator.login);
        setSessionCookie(reply, await startSession(store, operator.login, request.ip, service.now()));
        return { ok: true };
      },
    },
    { method: 'GET', url: '/overview', access: everyone, handler: async () => overview(service) },
    {
      method: 'GET',
      url: '/codes',
      access: everyone,
      async handler() {
        const now = service.now();
        return (await store.codes.all()).map((c) => ({
          code: c.code,
          site: c.site,
          device: c.device,
          createdAt: c.created_at,
          expiresAt: c.expires_at,
          usedAt: c.used_at,
          usedBy: c.used_by,
          state: codeState(c, now),
        }));
      },
    },
    {
      method: 'POST',
      url: '/codes',
      access: operators,
      async handler({ body, record }) {
        const { site: forSite } = parse(codeBody, body);
        const code = await newEnrollCode(service, forSite);
        await record('code.issued', `${code} for site ${forSite}`);
        return { code, site: forSite, expiresAt: service.now() + codeLifetimeMs };
      },
    },
    {
      method: 'POST',
      url: '/codes/:code/cancel',
      access: operators,
      async handler({ request, record }) {
        const { code } = request.params as { code: string };
        if (!(await cancelCode(service, code))) throw new ConsoleError(404, 'not_found', 'no unused code like that');
        await record('code.cancelled', code);
        return { ok: true };
      },
    },
    { method: 'GET', url: '/devices', access: everyone, handler: async () => deviceList(service) },
    {
      method: 'POST',
      url: '/devices/:device/revoke',
      access: admins,
      async handler({ request, record }) {
        const { device } = request.params as { device: string };
        if (!(await store.getDevice.get(device))) throw new ConsoleError(404, 'not_found', 'no such device');
        const keys = await revokeDevice(service, device);
        await record('device.revoked', `${device}: ${keys} key(s)`);
        return { revoked: keys };
      },
    },
    {
      method: 'POST',
      url: '/devices/:device/rekey',
      access: admins,
      async handler({ request, record }) {
        const { device } = request.params as { device: string };
        const held = await store.getDevice.get(device);
        if (!held) throw new ConsoleError(404, 'not_found', 'no such device');
        const code = await newEnrollCode(service, held.site, device);
        await record('device.rekey', `re-key code ${code} for ${device} of site ${held.site}`);
        return { code, site: held.site, expiresAt: service.now() + codeLifetimeMs };
      },
    },
    { method: 'GET', url: '/sync', access: everyone, handler: async () => syncRecord(service) },
    { method: 'GET', url: '/quarantine', access: everyone, handler: async () => quarantineView(service) },
    {
      method: 'POST',
      url: '/quarantine/:id/review',
      access: operators,
      async handler({ request, body, record, operator }) {
        const id = Number((request.params as { id: string }).id);
        const { note } = parse(noteBody, body);
        if (!Number.isInteger(id) || !(await store.quarantineExists.get(id)))
          throw new ConsoleError(404, 'not_found', 'no such quarantined item');
        // A review is a note about the item: nothing of the cryptography's judgement changes.
        await store.insertQuarantineReview.run(id, service.now(), operator.login, note);
        await record('quarantine.reviewed', `#${id}: ${note}`);
        return { ok: true };
      },
    },
    {
      method: 'GET',
      url: '/specs',
      access: everyone,
      // The specifications a plan can name: those the sites' events hold, and the demo one.
      async handler() {
        const specs = new Map<string, Specification>(
          Object.values(project(await heldEvents(service)).specs).map(({ definedBy: _by, ...spec }) => [
            `${spec.code}@${spec.version}`,
            spec,
          ]),
        );
        specs.set(`${demoSpecification.code}@${demoSpecification.version}`, demoSpecification);
        return [...specs.values()];
      },
    },
    {
      method: 'GET',
      url: '/plans',
      access: everyone,
      async handler() {
        return (await store.plans.all()).map((p) => ({
          id: p.id,
          site: p.site,
          publishedAt: Number(p.published_at),
          login: p.login,
        }));
      },
    },
    {
      method: 'POST',
      url: '/plans',
      access: operators,
      async handler({ body, operator, request }) {
        const draft = parse(planDraft, body);
        const plan = await publishPlan(service, draft, operator.login, request.ip);
        return { id: plan.id, site: plan.site };
      },
    },
    {
      method: 'GET',
      url: '/plans/:id/plan.json',
      access: everyone,
      async handler({ request, reply, record }) {
        const plan = await heldPlan((request.params as { id: string }).id);
        await record('export.plan', `${plan.id} for site ${plan.site}`);
        return download(reply, `plan-${plan.site}-${plan.id}.json`, 'application/json', JSON.stringify(plan, null, 2));
      },
    },
    {
      method: 'GET',
      url: '/plans/:id/package.kdpkg',
      access: everyone,
      async handler({ request, reply, record }) {
        const plan = await heldPlan((request.params as { id: string }).id);
        const outbox = await outboxPackage(service, plan.site, [plan]);
        await record('export.package', `plan ${plan.id} and ${outbox.receipts} receipt(s) for site ${plan.site}`);
        return download(reply, `authority-${plan.site}.kdpkg`, 'application/octet-stream', outbox.bytes);
      },
    },
    { method: 'GET', url: '/results', access: everyone, handler: async () => siteResults(service) },
    {
      method: 'GET',
      url: '/results.xlsx',
      access: everyone,
      async handler({ reply, record }) {
        const table = resultRows(await heldEvents(service));
        await record('export.results', `${table.rows.length} result rows`);
        return download(reply, '考核成绩.xlsx', xlsxType, await tableXlsx([table]));
      },
    },
    {
      method: 'GET',
      url: '/audit',
      access: everyone,
      async handler() {
        return (await store.auditTrail.all()).reverse().slice(0, 5_000);
      },
    },
    {
      method: 'GET',
      url: '/audit.xlsx',
      access: everyone,
      async handler({ request, reply, record }) {
        const query = request.query as { login?: string; action?: string };
        const table = await auditTable(store, {
          ...(query.login ? { login: query.login } : {}),
          ...(query.action ? { action: query.action } : {}),
        });
        await record('export.audit', `${table.rows.length} audit rows`);
        return download(reply, '审计日志.xlsx', xlsxType, await tableXlsx([table]));
      },
    },
    {
      method: 'GET',
      url: '/operators',
      access: everyone,
      async handler() {
        return (await store.operators.all()).map((o) => ({
          login: o.login,
          role: o.role,
          mustChange: o.must_change === 1,
          locked: o.locked_until !== null && o.locked_until > service.now(),
          disabled: o.disabled_at !== null,
        }));
      },
    },
    {
      method: 'POST',
      url: '/operators',
      access: admins,
      async handler({ body, operator }) {
        const { login, role } = parse(operatorBody, body);
        const added = await addOperator(store, login, role, operator.login, service.now());
        if ('problem' in added) throw new ConsoleError(400, added.problem, 'the operator was not added');
        return { login, role, password: added.password };
      },
    },
    {
      method: 'POST',
      url: '/operators/:login/disable',
      access: admins,
      async handler({ request, operator }) {
        const { login } = request.params as { login: string };
        if (login === operator.login) throw new ConsoleError(400, 'self', 'an admin cannot disable their own login');
        if (!(await disableOperator(store, login, operator.login, service.now())))
          throw new ConsoleError(404, 'not_found', 'no such enabled operator');
        return { ok: true };
      },
    },
  ];
}

const cookieOptions = { path: '/console', httpOnly: true, secure: true, sameSite: 'strict' } as const;

function setSessionCookie(reply: FastifyReply, token: string) {
  void reply.setCookie(sessionCookie, token, cookieOptions);
}
function clearSessionCookie(reply: FastifyReply) {
  void reply.clearCookie(sessionCookie, cookieOptions);
}

/** Registers the console under /console: its files (when built) and its API. */
export async function registerConsole(app: FastifyInstance, service: Service, distDir = consoleDistDir) {
  await app.register(helmetPlugin, {
    // The console's own policy: its scripts only, antd's injected styles (CSS-in-JS cannot run
    // code), its own API; no framing. HSTS is the server's (sent whenever it is on TLS).
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: false,
  });
  await app.register(cookiePlugin);
  await app.register(csrfPlugin, {
    cookieKey: 'kd_csrf',
    cookieOpts: cookieOptions,
    getToken: (request) => request.headers['x-csrf-token'] as string | undefined,
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ConsoleError)
      return reply.code(error.status).send({ error: error.code, message: error.message, ...error.details });
    if (isWireError(error)) return reply.code(400).send({ error: error.code, message: error.message });
    const status = (error as { statusCode?: number }).statusCode;
    const code = (error as { code?: string }).code;
    // A missing or wrong CSRF token (a cross-site form post has neither the token nor the cookie).
    if (code?.startsWith('FST_CSRF_'))
      return reply.code(403).send({ error: 'csrf', message: 'refused: no valid CSRF token' });
    if (status !== undefined && status >= 400 && status < 500)
      return reply.code(status).send({ error: 'bad_request', message: (error as Error).message });
    request.log.error(error);
    return reply.code(500).send({ error: 'internal', message: 'internal error' });
  });

  // A token for the next POST (and the CSRF secret's cookie); who is logged in, if anyone.
  app.get('/api/session', async (request, reply) => {
    const operator = await sessionOperator(service.store, request.cookies[sessionCookie], service.now());
    const csrfToken = reply.generateCsrf();
    return operator
      ? { login: operator.login, role: operator.role, mustChange: operator.mustChange, csrfToken }
      : { login: null, csrfToken };
  });

  for (const route of consoleRoutes(service))
    app.route({
      method: route.method,
      url: `/api${route.url}`,
      ...(route.method === 'POST' ? { onRequest: app.csrfProtection } : {}),
      handler: async (request, reply) => {
        let operator: ConsoleOperator | undefined;
        if (route.access !== 'public') {
          operator = await sessionOperator(service.store, request.cookies[sessionCookie], service.now());
          if (!operator) throw new ConsoleError(401, 'not_logged_in', 'log in first');
          if (operator.mustChange && route.access !== 'self')
            throw new ConsoleError(403, 'must_change_password', 'change the initial password first');
          if (route.access !== 'self' && !route.access.includes(operator.role))
            throw new ConsoleError(403, 'forbidden', `the ${operator.role} role may not do this`);
        }
        let body: unknown;
        if (route.method === 'POST' && Buffer.isBuffer(request.body) && request.body.length) {
          try {
            body = parseStrictJson(new Uint8Array(request.body));
          } catch {
            throw new ConsoleError(400, 'bad_request', 'the body is not JSON');
          }
        }
        const who = operator ?? { login: '', role: 'auditor', mustChange: false, session: '' };
        return route.handler({
          request,
          reply,
          operator: who,
          body,
          record: (action, detail) =>
            audit(service.store, { login: who.login, action, detail, address: request.ip }, service.now()),
        });
      },
    });

  if (existsSync(path.join(distDir, 'index.html')))
    await app.register(staticPlugin, { root: distDir, prefix: '/', index: 'index.html', redirect: true });
  else
    app.get('/', async (_request, reply) =>
      reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The console is not built: run `npm run build` (控制台尚未构建，请先运行 npm run build).'),
    );
}
