/**
 * A district authority as it runs in production, for the e2e tests: a real `serve` process over
 * https under a test CA, answering to a host name that is not loopback (jianding.test). Chromium
 * reaches it through --host-resolver-rules and trusts it by its SPKI; the app's page server
 * (browser mode's district proxy) through KAODIAN_DISTRICT_HOSTS and KAODIAN_DISTRICT_CA, which
 * playwright.config.ts gives it, pointing at the CA file written here.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from '@playwright/test';
import { chromiumArgs, findChromium } from '../scripts/chromium';
import { makeTestCa, type TestCa } from '../test/support/testCa';
import { extendChain, newChain, noteDrafts } from '../test/support/chains';
import { unusedSealPub } from '../test/support/world';
import { generateSigner } from '../authority/nodeCrypto';
import { formatTime } from '../shared/ledger/ids';
import { makeBatch } from '../shared/sync/batch';
import { makeEnrollRequest } from '../shared/sync/enrollment';

export const districtHost = 'jianding.test';
/** Where the page server's district proxy reads the extra CA from (read at each call). */
export const districtCaFile = path.resolve('test-results', 'district-ca.pem');
export const districtHostsSetting = `${districtHost}=127.0.0.1`;

const run = promisify(execFile);

export interface TlsAuthority {
  origin: string;
  dataDir: string;
  ca: TestCa;
  /** Runs the authority's command line on the same data folder; its printed lines. */
  cli(...args: string[]): Promise<string[]>;
  stop(): void;
}

function healthy(port: number, ca: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = https.get(
      { host: '127.0.0.1', port, path: '/v1/health', ca, servername: districtHost, headers: { host: districtHost } },
      (response) => {
        response.resume();
        resolve(response.statusCode === 200);
      },
    );
    request.on('error', () => resolve(false));
  });
}

export async function startTlsAuthority(): Promise<TlsAuthority> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kaodian-district-'));
  const ca = await makeTestCa(dataDir, districtHost);
  await mkdir(path.dirname(districtCaFile), { recursive: true });
  await copyFile(ca.caCert, districtCaFile);
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'authority/cli.ts',
      'serve',
      '--port',
      String(port),
      '--data',
      dataDir,
      '--host-name',
      districtHost,
      '--tls-cert',
      ca.cert,
      '--tls-key',
      ca.key,
    ],
    { stdio: 'ignore' },
  );
  const caPem = await readFile(ca.caCert, 'utf8');
  for (let i = 0; i < 150 && !(await healthy(port, caPem)); i += 1) await new Promise((r) => setTimeout(r, 200));
  if (!(await healthy(port, caPem))) throw new Error('the authority did not start over https');
  return {
    origin: `https://${districtHost}:${port}`,
    dataDir,
    ca,
    cli: async (...args) =>
      (await run(process.execPath, ['--import', 'tsx', 'authority/cli.ts', ...args, '--data', dataDir])).stdout
        .trim()
        .split('\n'),
    stop: () => void child.kill('SIGTERM'),
  };
}

/** A Chromium that resolves the district's name to loopback and trusts its test certificate. */
export async function districtBrowser(ca: TestCa): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium()!,
    args: [
      ...chromiumArgs,
      `--host-resolver-rules=MAP ${districtHost} 127.0.0.1`,
      `--ignore-certificate-errors-spki-list=${ca.spkiHashes.join(',')}`,
    ],
  });
}

/** A JSON call to the district from Node (as a site device would make it), trusting the test CA. */
export function districtCall(
  authority: TlsAuthority,
  method: 'GET' | 'POST',
  route: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    readFile(authority.ca.caCert, 'utf8').then((ca) => {
      const request = https.request(
        {
          host: '127.0.0.1',
          port: Number(new URL(authority.origin).port),
          path: route,
          method,
          ca,
          servername: districtHost,
          headers: { host: districtHost, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        },
        (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text || '{}') }));
        },
      );
      request.on('error', reject);
      request.end(body === undefined ? undefined : JSON.stringify(body));
    }, reject);
  });
}

/**
 * A device of site `site` enrolled over https, three events accepted, then another history of the
 * same seqs sent: a fork, quarantined. Returns the device id.
 */
export async function quarantinedFork(authority: TlsAuthority, site: string): Promise<string> {
  const code = (await authority.cli('enroll-code', '--site', site)).at(-1)!;
  const signer = generateSigner();
  const chain = newChain();
  const request = await makeEnrollRequest(
    { code, device: chain.device, site, name: '考务二号机', at: formatTime(Date.now(), 480), sealPub: unusedSealPub },
    signer,
  );
  if ((await districtCall(authority, 'POST', '/v1/enroll', request)).status !== 201)
    throw new Error('enrolment refused');
  extendChain(chain, noteDrafts(3));
  if ((await districtCall(authority, 'POST', '/v1/batches', await makeBatch(chain.events, signer))).status !== 200)
    throw new Error('batch refused');
  const other = newChain(chain.device);
  extendChain(other, noteDrafts(3));
  const fork = await districtCall(authority, 'POST', '/v1/batches', await makeBatch(other.events, signer));
  if (fork.body.error !== 'fork') throw new Error(`expected a fork, got ${JSON.stringify(fork.body)}`);
  return chain.device;
}
