/**
 * The app:// protocol: serves the built renderer from one folder, GET only, never a path
 * outside it. `resolveAppRequest` is the pure part, tested in Node.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { contentSecurityPolicyHeader } from '../shared/csp';
import { appHost, appScheme } from './origin';

export type AppRequestResolution =
  { status: 200; filePath: string; contentType: string } | { status: 400 | 403 | 404 | 405; reason: string };

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

export function resolveAppRequest(rootDir: string, method: string, requestUrl: string): AppRequestResolution {
  if (method !== 'GET' && method !== 'HEAD') return { status: 405, reason: 'method not allowed' };
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { status: 400, reason: 'bad url' };
  }
  if (url.protocol !== `${appScheme}:` || url.hostname !== appHost || url.username || url.password || url.port) {
    return { status: 404, reason: 'unknown host' };
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { status: 400, reason: 'bad encoding' };
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return { status: 400, reason: 'bad path' };
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const root = path.resolve(rootDir);
  const filePath = path.resolve(root, relative);
  if (filePath !== root && !filePath.startsWith(root + path.sep)) return { status: 403, reason: 'outside the app' };
  const contentType = contentTypes[path.extname(filePath).toLowerCase()];
  if (!contentType) return { status: 404, reason: 'unknown file type' };
  return { status: 200, filePath, contentType };
}

/** The handler for `protocol.handle('app', …)`. */
export function createAppProtocolHandler(rootDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const resolution = resolveAppRequest(rootDir, request.method, request.url);
    if (resolution.status !== 200) return new Response(resolution.reason, { status: resolution.status });
    try {
      const body = await readFile(resolution.filePath);
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: {
          'Content-Type': resolution.contentType,
          'Content-Security-Policy': contentSecurityPolicyHeader,
          'X-Content-Type-Options': 'nosniff',
        },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  };
}
