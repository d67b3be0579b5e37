/**
 * A throw-away certificate authority and a server certificate it signed, made with openssl as a
 * district's IT would: for the tests that reach an authority over https under a host name that
 * is not loopback (Chromium trusts it through --ignore-certificate-errors-spki-list, Node through
 * `ca`).
 */
import { execFile } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCa {
  /** PEM files. */
  caCert: string;
  cert: string;
  key: string;
  /** base64 SHA-256 of each certificate's SubjectPublicKeyInfo (the leaf's, then the CA's), for Chromium. */
  spkiHashes: string[];
}

const spkiHash = async (file: string) =>
  createHash('sha256')
    .update(new X509Certificate(await readFile(file)).publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64');

export async function makeTestCa(dir: string, hostName: string): Promise<TestCa> {
  const file = (name: string) => path.join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run('openssl', [
    'req',
    '-x509',
    ...ec,
    '-days',
    '2',
    '-subj',
    '/CN=Kaodian test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout',
    file('ca-key.pem'),
    '-out',
    file('ca.pem'),
  ]);
  await run('openssl', [
    'req',
    ...ec,
    '-subj',
    `/CN=${hostName}`,
    '-keyout',
    file('key.pem'),
    '-out',
    file('server.csr'),
  ]);
  await writeFile(
    file('server.ext'),
    `subjectAltName=DNS:${hostName}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n`,
  );
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca-key.pem'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    file('server.ext'),
    '-out',
    file('cert.pem'),
  ]);
  return {
    caCert: file('ca.pem'),
    cert: file('cert.pem'),
    key: file('key.pem'),
    spkiHashes: [await spkiHash(file('cert.pem')), await spkiHash(file('ca.pem'))],
  };
}
