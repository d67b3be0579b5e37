/**
 * Browser mode's way to the district authority (shared/sync/district.ts): the server that serves
 * the page forwards `/district/<FORMATS.md §8 route>` to the origin named in the
 * `X-Kaodian-District` header — after the same checks the desktop app's main process makes (a
 * district origin: https, or http on loopback only; one of the §8 routes) and only for the page
 * itself (a request another site's page makes is refused by its Sec-Fetch-Site).
 *
 * Two settings for districts with a private certificate authority or a name this machine's DNS
 * does not know (and for the tests, which have both): KAODIAN_DISTRICT_CA names a PEM file of
 * extra trusted certificates; KAODIAN_DISTRICT_HOSTS maps names to addresses
 * (`jianding.example.gov.cn=10.1.2.3,other=…`), like a hosts file.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import type { Connect, Plugin } from 'vite';
import {
  districtOrigin,
  districtOriginHeader,
  districtProxyPrefix,
  districtUnreachableHeader,
  isDistrictRoute,
} from '../shared/sync/district.ts';

export interface DistrictProxySettings {
  /** Extra trusted certificates (PEM), besides Node's own. */
  ca?: string;
  /** Names resolved here, not by DNS. */
  hosts?: Map<string, string>;
}

/** The settings from the environment, read at each call (a test writes its CA after the server started). */
export function settingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): DistrictProxySettings {
  const caFile = env.KAODIAN_DISTRICT_CA;
  const hosts = new Map(
    (env.KAODIAN_DISTRICT_HOSTS ?? '')
      .split(',')
      .map((pair) => pair.split('=').map((part) => part.trim()))
      .filter((pair): pair is [string, string] => pair.length === 2 && Boolean(pair[0]) && Boolean(pair[1]))
      .map(([name, address]) => [name.toLowerCase(), address]),
  );
  return {
    ...(caFile && existsSync(caFile) ? { ca: readFileSync(caFile, 'utf8') } : {}),
    ...(hosts.size ? { hosts } : {}),
  };
}

function refuse(response: http.ServerResponse, status: number, message: string) {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify({ error: 'bad_district_call', message }));
}

/** Forwards one call, or refuses it; the answer streams back as the authority gave it. */
export function forwardDistrictCall(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  settings: DistrictProxySettings = settingsFromEnvironment(),
): void {
  const fetchSite = request.headers['sec-fetch-site'];
  if (fetchSite !== undefined && fetchSite !== 'same-origin')
    return refuse(response, 403, 'only the app page itself may call the district through this server');
  const checked = districtOrigin(String(request.headers[districtOriginHeader] ?? ''));
  if (!('origin' in checked)) return refuse(response, 400, `not a district origin (${checked.problem})`);
  const path = (request.url ?? '').slice(districtProxyPrefix.length);
  const method = request.method ?? 'GET';
  if (!isDistrictRoute(method, path)) return refuse(response, 400, 'not an authority API call (FORMATS.md §8)');

  const target = new URL(path, checked.origin);
  const mapped = settings.hosts?.get(target.hostname);
  const options: https.RequestOptions = {
    method,
    headers: {
      ...(request.headers['content-type'] ? { 'Content-Type': request.headers['content-type'] } : {}),
      ...(request.headers['content-length'] ? { 'Content-Length': request.headers['content-length'] } : {}),
    },
    timeout: 120_000,
    ...(settings.ca ? { ca: [...tls.rootCertificates, settings.ca] } : {}),
    ...(mapped
      ? {
          lookup: ((_host: string, lookupOptions: { all?: boolean }, done: (...args: unknown[]) => void) => {
            const family = mapped.includes(':') ? 6 : 4;
            if (lookupOptions.all) done(null, [{ address: mapped, family } satisfies LookupAddress]);
            else done(null, mapped, family);
          }) as unknown as typeof dnsLookup,
        }
      : {}),
  };
  const client = target.protocol === 'https:' ? https : http;
  const upstream = client.request(target, options, (answer) => {
    response.writeHead(answer.statusCode ?? 502, {
      'Content-Type': answer.headers['content-type'] ?? 'application/octet-stream',
    });
    answer.pipe(response);
  });
  const unreachable = (error: Error) => {
    if (response.headersSent) return response.destroy(error);
    response.writeHead(502, { 'Content-Type': 'text/plain; charset=utf-8', [districtUnreachableHeader]: '1' });
    response.end(error.message);
  };
  upstream.on('timeout', () => upstream.destroy(new Error('the district did not answer in time')));
  upstream.on('error', unreachable);
  request.pipe(upstream);
}

/** The Vite plugin: the proxy on the development server and on `vite preview` (browser mode). */
export function districtProxy(): Plugin {
  const middleware: Connect.NextHandleFunction = (request, response, next) => {
    if (!request.url?.startsWith(`${districtProxyPrefix}/`)) return next();
    forwardDistrictCall(request, response);
  };
  return {
    name: 'kaodian-district-proxy',
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  };
}
