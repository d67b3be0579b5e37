/**
 * The console's API client: same-origin fetch to /console/api, the session cookie sent by the
 * browser, the CSRF token from GET /session on every POST. Errors carry the server's code, which
 * the screens translate.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export type Role = 'admin' | 'operator' | 'auditor';

export interface Session {
  login: string | null;
  role?: Role;
  mustChange?: boolean;
  csrfToken: string;
}

const base = '/console/api';
let csrfToken = '';

async function answer<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const { error, message, ...details } = body;
    throw new ApiError(
      response.status,
      typeof error === 'string' ? error : 'http',
      typeof message === 'string' ? message : '',
      details,
    );
  }
  return body as T;
}

export async function getSession(): Promise<Session> {
  const session = await answer<Session>(await fetch(`${base}/session`, { credentials: 'same-origin' }));
  csrfToken = session.csrfToken;
  return session;
}

export async function get<T>(path: string): Promise<T> {
  return answer<T>(await fetch(`${base}${path}`, { credentials: 'same-origin' }));
}

export async function post<T>(path: string, body: unknown = {}): Promise<T> {
  return answer<T>(
    await fetch(`${base}${path}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken },
      body: JSON.stringify(body),
    }),
  );
}

/** A download the server audits (results, the audit trail, plans): fetched, then saved by the browser. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const response = await fetch(`${base}${path}`, { credentials: 'same-origin' });
  if (!response.ok) await answer(response);
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const name = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name ? decodeURIComponent(name) : fallbackName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// The shapes the server answers with (authority/console.ts, authority/consoleViews.ts).
export interface DeviceRow {
  device: string;
  site: string;
  name: string;
  enrolledAt: string | null;
  lastSeen: string | null;
  through: number;
  revoked: boolean;
}

export interface SessionSummary {
  site: string;
  session: string;
  name: string;
  startsAt: string;
  status: 'planned' | 'open' | 'closed';
  registered: number;
  scored: number;
  passed: number;
  passRate?: number;
}

export interface Overview {
  authority: string;
  kid: string;
  fingerprint: string;
  store: string;
  time: string;
  events: number;
  flagged: number;
  quarantine: number;
  sites: string[];
  devices: DeviceRow[];
  eventsPerDay: { day: string; events: number }[];
  sessions: SessionSummary[];
}

export interface CodeRow {
  code: string;
  site: string;
  device: string | null;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  usedBy: string | null;
  state: 'valid' | 'used' | 'expired' | 'cancelled';
}

export interface IssuedCode {
  code: string;
  site: string;
  expiresAt: number;
}

export interface IntakeRow {
  device: string;
  site: string;
  name: string;
  receivedAt: string;
  from: number;
  to: number;
  events: number;
  /** The receipt signed for the events through `to`, when one was. */
  receipt?: { head: string; at: string };
}

export interface QuarantineRow {
  id: number;
  receivedAt: string | null;
  device: string | null;
  site: string | null;
  reason: string;
  detail: string;
  reviews: { at: string | null; login: string; note: string }[];
}

export interface PlanRow {
  id: string;
  site: string;
  publishedAt: number;
  login: string;
}

export type Cell = string | number | null;

export interface SiteResults {
  site: string;
  flagged: { device: string; seq: number; type: string; flag: string }[];
  sessions: (SessionSummary & { header: string[]; rows: Cell[][] })[];
}

export interface AuditRow {
  id: number;
  at: number;
  login: string;
  action: string;
  detail: string;
  address: string | null;
}

export interface OperatorRow {
  login: string;
  role: Role;
  mustChange: boolean;
  locked: boolean;
  disabled: boolean;
}
