/**
 * How the app reaches its district authority (issue 17). The renderer never opens a connection
 * itself — its CSP admits only its own origin. Every call to the authority goes through the
 * platform: in the desktop app the main process makes it, in browser mode the server that serves
 * the page forwards it. Both check the same two things here first: the origin is a district's
 * (https, or plain http on this machine's loopback only) and the call is one of FORMATS.md §8's
 * routes — so a compromised page can reach nothing else through them.
 */
import { z } from 'zod';

/** Host names that are this machine: plain http is allowed only to them (tests, a local authority). */
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

export type DistrictOriginProblem = 'bad_url' | 'not_https';

/**
 * The origin of a district address a person typed (`https://jianding.example.gov.cn/` →
 * `https://jianding.example.gov.cn`), or why it is refused: not an http(s) origin (a user name,
 * a path, a query or a fragment are refused too), or plain http to another machine.
 */
export function districtOrigin(address: string): { origin: string } | { problem: DistrictOriginProblem } {
  // shared/ has no URL parser (no DOM, no Node): an origin is simple enough to read by pattern.
  const match =
    /^(https?):\/\/(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)(?::(\d{1,5}))?\/?$/i.exec(
      address.trim(),
    );
  if (!match) return { problem: 'bad_url' };
  const scheme = match[1]!.toLowerCase();
  const host = match[2]!.toLowerCase();
  const port = match[3] === undefined ? undefined : Number(match[3]);
  if (port !== undefined && (port < 1 || port > 65535)) return { problem: 'bad_url' };
  if (scheme === 'http' && !loopbackHosts.has(host)) return { problem: 'not_https' };
  const defaultPort = scheme === 'https' ? 443 : 80;
  return { origin: `${scheme}://${host}${port === undefined || port === defaultPort ? '' : `:${port}`}` };
}

const hex64 = '[0-9a-f]{64}';
const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** FORMATS.md §8: the only calls the app makes to its authority. */
const districtRoutes: readonly { method: 'GET' | 'POST' | 'PUT'; path: RegExp }[] = [
  { method: 'GET', path: /^\/v1\/health$/ },
  { method: 'POST', path: /^\/v1\/enroll$/ },
  { method: 'POST', path: /^\/v1\/batches$/ },
  { method: 'PUT', path: new RegExp(`^/v1/attachments/${hex64}$`) },
  { method: 'GET', path: new RegExp(`^/v1/devices/${uuid}/receipt$`) },
  { method: 'POST', path: /^\/v1\/packages$/ },
];

export function isDistrictRoute(method: string, path: string): boolean {
  return districtRoutes.some((route) => route.method === method && route.path.test(path));
}

/** The largest body the app sends in one call (a package; batches are far smaller). */
export const maxDistrictBodyBytes = 512 * 1024 * 1024;

export const districtRequestSchema = z
  .object({
    origin: z.string().max(300),
    method: z.enum(['GET', 'POST', 'PUT']),
    path: z.string().max(200),
    contentType: z.enum(['application/json', 'application/octet-stream']).optional(),
    body: z
      .instanceof(Uint8Array)
      .refine((b) => b.byteLength <= maxDistrictBodyBytes)
      .optional(),
  })
  .refine(
    (r) => {
      const checked = districtOrigin(r.origin);
      return 'origin' in checked && checked.origin === r.origin;
    },
    {
      message: 'not a district origin (https, or http on loopback only)',
    },
  )
  .refine((r) => isDistrictRoute(r.method, r.path), { message: 'not an authority API call (FORMATS.md §8)' });
export type DistrictRequest = z.infer<typeof districtRequestSchema>;

/** The authority's answer, or that it could not be reached (no answer at all: offline, refused, TLS). */
export const districtResponseSchema = z.discriminatedUnion('reached', [
  z.object({ reached: z.literal(true), status: z.number().int(), body: z.instanceof(Uint8Array) }),
  z.object({ reached: z.literal(false), error: z.string().max(2000) }),
]);
export type DistrictResponse = z.infer<typeof districtResponseSchema>;

/** Browser mode: the page's own server forwards `/district/<path>` to the origin in this header. */
export const districtProxyPrefix = '/district';
export const districtOriginHeader = 'x-kaodian-district';
/** Set on an answer the forwarding server made itself because the authority could not be reached. */
export const districtUnreachableHeader = 'x-kaodian-district-unreachable';
