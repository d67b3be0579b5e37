/**
 * The district's operators (issue 17): accounts with a role — admin (operators, revocation,
 * re-key), operator (codes, plans, quarantine review, exports), auditor (reads only) — kept in
 * the store with their passwords hashed by scrypt (node:crypto; memory-hard), and the audit
 * trail: one append-only row per operator action, with who, when, what and from where.
 */
import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
import type { Statements } from './store';
import { safeCell, type ExportTable } from '../shared/domain/exports';
import { formatTime } from '../shared/ledger/ids';

export const operatorRoles = ['admin', 'operator', 'auditor'] as const;
export type OperatorRole = (typeof operatorRoles)[number];

export const isOperatorRole = (role: string | undefined): role is OperatorRole => operatorRoles.some((r) => r === role);

/** Logins: lower-case letters, digits, `.`, `_` and `-`, 2 to 32. */
export const loginPattern = /^[a-z0-9][a-z0-9._-]{1,31}$/;

// scrypt's cost: N = 2^15 with r = 8 takes 32 MiB and about 0.1 s here per guess.
const cost = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const keyLength = 32;

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, keyLength, { ...params, maxmem: cost.maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$<salt b64>$<hash b64>`: the parameters travel with the hash, so they can grow later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), { N: Number(N), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

const passwordAlphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A one-time initial password: 16 characters without look-alikes (about 93 bits). */
export function initialPassword(): string {
  return Array.from({ length: 16 }, () => passwordAlphabet[randomInt(passwordAlphabet.length)]).join('');
}

/** Who did what, from where: an audit row (append-only; nothing updates or deletes one). */
export async function audit(
  store: Statements,
  entry: { login: string; action: string; detail: string; address?: string },
  now: number = Date.now(),
): Promise<void> {
  await store.insertAudit.run(now, entry.login, entry.action, entry.detail, entry.address ?? null);
}

export type AddOperatorResult = { password: string } | { problem: 'bad_login' | 'bad_role' | 'exists' };

/**
 * Adds an operator with a one-time initial password (returned, never stored in clear), which
 * must be changed at the first login. `by`: who added it (the CLI is `cli`), for the audit trail.
 */
export async function addOperator(
  store: Statements,
  login: string,
  role: string | undefined,
  by: string,
  now: number = Date.now(),
): Promise<AddOperatorResult> {
  if (!loginPattern.test(login)) return { problem: 'bad_login' };
  if (!isOperatorRole(role)) return { problem: 'bad_role' };
  if (await store.getOperator.get(login)) return { problem: 'exists' };
  const password = initialPassword();
  await store.insertOperator.run(login, role, await hashPassword(password), now);
  await audit(store, { login: by, action: 'operator.added', detail: `${login} (${role})` }, now);
  return { password };
}

/** Disables an operator: no login from now on (the row and its audit trail stay). */
export async function disableOperator(
  store: Statements,
  login: string,
  by: string,
  now: number = Date.now(),
): Promise<boolean> {
  const changed = (await store.disableOperator.run(now, login)).changes === 1;
  // Its console sessions end with it.
  if (changed) await store.deleteSessionsOf.run(login);
  if (changed) await audit(store, { login: by, action: 'operator.disabled', detail: login }, now);
  return changed;
}

/** Wrong passwords in a row before a lock; each lock lasts twice the one before (1, 2, 4 … minutes, at most a day). */
export const failuresBeforeLock = 5;
const firstLockMs = 60_000;
const longestLockMs = 24 * 3600_000;

export type LoginOutcome =
  | { ok: true; role: OperatorRole; mustChange: boolean }
  | { ok: false; problem: 'bad_credentials' | 'locked'; lockedUntil?: number };

/**
 * Checks a login. An unknown, disabled or wrong login is `bad_credentials` (the same words for
 * each, so the answer does not tell which logins exist); five wrong passwords in a row lock the
 * account for growing periods, and even the right password is refused while it is locked. Every
 * attempt is an audit row.
 */
export async function checkLogin(
  store: Statements,
  login: string,
  password: string,
  address: string | undefined,
  now: number = Date.now(),
): Promise<LoginOutcome> {
  const operator = await store.getOperator.get(login);
  const record = (action: string, detail = '') => audit(store, { login, action, detail, address }, now);
  if (!operator || operator.disabled_at !== null) {
    // The same work as a real check, so timing does not tell either.
    await verifyPassword(password, await dummyHash());
    await record('login.failed', operator ? 'disabled' : 'unknown login');
    return { ok: false, problem: 'bad_credentials' };
  }
  if (operator.locked_until !== null && operator.locked_until > now) {
    await record('login.refused', `locked until ${new Date(operator.locked_until).toISOString()}`);
    return { ok: false, problem: 'locked', lockedUntil: operator.locked_until };
  }
  if (!(await verifyPassword(password, operator.password_hash))) {
    const failed = operator.failed + 1;
    if (failed >= failuresBeforeLock) {
      const until = now + Math.min(longestLockMs, firstLockMs * 2 ** operator.lockouts);
      await store.setOperatorLock.run(0, until, operator.lockouts + 1, login);
      await record('login.locked', `${failed} wrong passwords in a row; locked until ${new Date(until).toISOString()}`);
      return { ok: false, problem: 'locked', lockedUntil: until };
    }
    await store.setOperatorLock.run(failed, operator.locked_until, operator.lockouts, login);
    await record('login.failed', `wrong password (${failed} in a row)`);
    return { ok: false, problem: 'bad_credentials' };
  }
  await store.setOperatorLock.run(0, null, operator.lockouts, login);
  await record('login');
  return { ok: true, role: operator.role as OperatorRole, mustChange: operator.must_change === 1 };
}

// Made on first need, not at every start of the command line.
let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hashPassword(initialPassword()));

/** The shortest password an operator may choose. */
export const minimumPasswordLength = 12;

/** Changes a password (the initial one at first login): the old one must check, the new one be long enough and new. */
export async function changePassword(
  store: Statements,
  login: string,
  old: string,
  next: string,
  address: string | undefined,
  now: number = Date.now(),
): Promise<{ ok: true } | { ok: false; problem: 'bad_credentials' | 'locked' | 'too_short' | 'unchanged' }> {
  if (next.length < minimumPasswordLength) return { ok: false, problem: 'too_short' };
  if (next === old) return { ok: false, problem: 'unchanged' };
  const checked = await checkLogin(store, login, old, address, now);
  if (!checked.ok) return { ok: false, problem: checked.problem };
  await store.setOperatorPassword.run(await hashPassword(next), login);
  await audit(store, { login, action: 'password.changed', detail: '', address }, now);
  return { ok: true };
}

/** The audit trail as a table (审计日志), filtered by login and action when given, oldest first. */
export async function auditTable(
  store: Statements,
  filter: { login?: string; action?: string } = {},
): Promise<ExportTable> {
  const rows = (await store.auditTrail.all()).filter(
    (row) =>
      (filter.login === undefined || row.login === filter.login) &&
      (filter.action === undefined || row.action === filter.action || row.action.startsWith(`${filter.action}.`)),
  );
  return {
    name: '审计日志',
    header: ['序号', '时间（北京时间）', '操作员', '操作', '内容', '来源地址'],
    rows: rows.map((row) =>
      [row.id, formatTime(row.at, 480), row.login, row.action, row.detail, row.address ?? ''].map((cell) =>
        typeof cell === 'string' ? safeCell(cell) : cell,
      ),
    ),
  };
}
