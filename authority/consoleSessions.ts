/**
 * The console's sessions (issue 17): kept server-side, keyed by the SHA-256 of a random token
 * that only the operator's cookie holds (a copy of the table cannot be replayed), ended by logout,
 * by "logout everywhere", by a password change, by 30 minutes idle or 12 hours in all.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Statements } from './store';
import type { OperatorRole } from './operators';
import { isOperatorRole } from './operators';

export const sessionCookie = 'kd_session';
export const idleTimeoutMs = 30 * 60_000;
export const sessionLifetimeMs = 12 * 3600_000;
/** last_seen is written at most this often (not on every request). */
const touchEveryMs = 60_000;

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface ConsoleOperator {
  login: string;
  role: OperatorRole;
  mustChange: boolean;
  /** The session's token hash (logout ends this one). */
  session: string;
}

/** Starts a session for a login that checked; the token goes to the cookie, its hash to the store. */
export async function startSession(
  store: Statements,
  login: string,
  address: string | undefined,
  now: number = Date.now(),
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await store.insertSession.run(tokenHash(token), login, now, now, address ?? null);
  return token;
}

/**
 * The operator a session token stands for, or undefined when there is no such session, it has
 * been idle too long or lived too long (then it is dropped), or its operator is disabled.
 */
export async function sessionOperator(
  store: Statements,
  token: string | undefined,
  now: number = Date.now(),
): Promise<ConsoleOperator | undefined> {
  if (!token) return undefined;
  const hash = tokenHash(token);
  const session = await store.getSession.get(hash);
  if (!session) return undefined;
  if (now - Number(session.last_seen) > idleTimeoutMs || now - Number(session.created_at) > sessionLifetimeMs) {
    await store.deleteSession.run(hash);
    return undefined;
  }
  const operator = await store.getOperator.get(session.login);
  if (!operator || operator.disabled_at !== null || !isOperatorRole(operator.role)) {
    await store.deleteSessionsOf.run(session.login);
    return undefined;
  }
  if (now - Number(session.last_seen) > touchEveryMs) await store.touchSession.run(now, hash);
  return { login: operator.login, role: operator.role, mustChange: operator.must_change === 1, session: hash };
}

export async function endSession(store: Statements, session: string): Promise<void> {
  await store.deleteSession.run(session);
}

/** Logout everywhere (and what a password change or disabling does): every session of the login ends. */
export async function endSessionsOf(store: Statements, login: string): Promise<void> {
  await store.deleteSessionsOf.run(login);
}

/** Drops sessions idle past the timeout (run now and then; a stale row is refused anyway). */
export async function dropIdleSessions(store: Statements, now: number = Date.now()): Promise<number> {
  return (await store.deleteSessionsIdleSince.run(now - idleTimeoutMs)).changes;
}
