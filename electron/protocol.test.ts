import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppProtocolHandler, resolveAppRequest } from './protocol';

const root = path.resolve('/srv/kaodian/renderer');

describe('resolveAppRequest', () => {
  it('serves index.html for the root and files inside the folder', () => {
    expect(resolveAppRequest(root, 'GET', 'app://kaodian/')).toMatchObject({
      status: 200,
      filePath: path.join(root, 'index.html'),
    });
    expect(resolveAppRequest(root, 'GET', 'app://kaodian/assets/index-abc.js')).toMatchObject({
      status: 200,
      filePath: path.join(root, 'assets', 'index-abc.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
  });

  it('refuses anything but GET and HEAD', () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      expect(resolveAppRequest(root, method, 'app://kaodian/index.html').status).toBe(405);
    }
  });

  it.each([
    'app://kaodian/../../etc/passwd.html',
    'app://kaodian/%2e%2e/%2e%2e/etc/passwd.html',
    'app://kaodian/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret.json',
    'app://kaodian/..%2f..%2fsecret.json',
    'app://kaodian/%2e%2e%5csecret.json',
    'app://kaodian/a%00.html',
    'app://kaodian/%E0%A4%A.html',
  ])('never leaves the folder: %s', (url) => {
    const result = resolveAppRequest(root, 'GET', url);
    if (result.status === 200) expect(result.filePath.startsWith(root + path.sep)).toBe(true);
    else expect([400, 403, 404]).toContain(result.status);
  });

  it('refuses other hosts and schemes', () => {
    expect(resolveAppRequest(root, 'GET', 'app://evil/index.html').status).toBe(404);
    expect(resolveAppRequest(root, 'GET', 'app://kaodian@evil/index.html').status).toBe(404);
    expect(resolveAppRequest(root, 'GET', 'https://kaodian/index.html').status).toBe(404);
  });

  it('refuses unknown file types', () => {
    expect(resolveAppRequest(root, 'GET', 'app://kaodian/key.pem').status).toBe(404);
  });
});

describe('the protocol handler', () => {
  it('answers with the file, its type and the CSP header', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kaodian-protocol-'));
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>考点</title>');
    const handler = createAppProtocolHandler(dir);
    const response = await handler(new Request('app://kaodian/index.html'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await response.text()).toContain('考点');
    expect((await handler(new Request('app://kaodian/missing.js'))).status).toBe(404);
    expect((await handler(new Request('app://kaodian/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});
