/**
 * `serve --tls-cert --tls-key`: the intake over HTTPS under a certificate the client trusts, with
 * HSTS; plain HTTP to the same port gets nothing; the two flags go together.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { buildServer } from './http';
import { loadOrCreateAuthority } from './identity';
import { createService } from './service';
import { openStore } from './store';
import { main } from './cli';

const run = promisify(execFile);

/** A self-signed certificate for `name` (and 127.0.0.1), made with openssl as an operator would. */
async function certificate(dir: string, name: string) {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '2',
    '-subj',
    `/CN=${name}`,
    '-addext',
    `subjectAltName=DNS:${name},IP:127.0.0.1`,
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  return { key, cert };
}

function get(url: string, ca: Buffer, servername: string): Promise<{ status: number; hsts?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const request = https.get(url, { ca, servername, headers: { host: servername } }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          body,
          ...(response.headers['strict-transport-security']
            ? { hsts: String(response.headers['strict-transport-security']) }
            : {}),
        }),
      );
    });
    request.on('error', reject);
  });
}

describe('the authority over TLS', () => {
  it('answers over HTTPS with HSTS under a certificate the client trusts; plain HTTP gets nothing', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'authority-tls-'));
    const { key, cert } = await certificate(dir, 'jianding.test');
    const identity = await loadOrCreateAuthority(path.join(dir, 'data'), 'tls-test');
    const app = buildServer(createService(identity, await openStore(path.join(dir, 'data'))), {
      tls: { cert: await readFile(cert), key: await readFile(key) },
      hostNames: ['jianding.test'],
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as AddressInfo).port;
    try {
      const health = await get(`https://127.0.0.1:${port}/v1/health`, await readFile(cert), 'jianding.test');
      expect(health.status).toBe(200);
      expect(JSON.parse(health.body)).toMatchObject({ ok: true, authority: 'tls-test' });
      expect(health.hsts).toBe('max-age=31536000');
      // A client that does not trust the certificate is refused by TLS itself.
      await expect(
        new Promise((resolve, reject) =>
          https
            .get(`https://127.0.0.1:${port}/v1/health`, { servername: 'jianding.test' }, resolve)
            .on('error', reject),
        ),
      ).rejects.toThrow(/self-signed|certificate/);
      // Plain HTTP to the TLS port: no answer of the service's.
      const plain = await fetch(`http://127.0.0.1:${port}/v1/health`).then(
        (r) => r.status,
        () => 'refused',
      );
      expect(plain === 'refused' || plain === 400).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('refuses --tls-cert without --tls-key', async () => {
    const lines: string[] = [];
    const dir = await mkdtemp(path.join(os.tmpdir(), 'authority-tls-'));
    expect(await main(['serve', '--tls-cert', 'c.pem', '--data', dir], (l) => lines.push(l))).toBe(2);
    expect(lines.at(-1)).toMatch(/--tls-cert and --tls-key go together/);
  });
});
