import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from './externalLinks';
import { protectSecret, secretProtection, SecretProtectionError } from './keyProtection';

describe('external links', () => {
  it('opens an allow-listed https page', () => {
    expect(isAllowedExternalUrl('https://www.mohrss.gov.cn/SYrlzyhshbzb/zwgk/')).toBe(true);
    expect(isAllowedExternalUrl('https://WWW.MOHRSS.GOV.CN/')).toBe(true);
  });

  it.each([
    ['user info before the host', 'https://www.mohrss.gov.cn@evil.example/'],
    ['user and password', 'https://www.mohrss.gov.cn:pw@evil.example/'],
    ['the allowed name as a subdomain', 'https://www.mohrss.gov.cn.evil.example/'],
    ['an encoded dot', 'https://www.mohrss.gov.cn%2eevil.example/'],
    ['a backslash trick', 'https://evil.example\\@www.mohrss.gov.cn/'],
    ['plain http', 'http://www.mohrss.gov.cn/'],
    ['a port', 'https://www.mohrss.gov.cn:8443/'],
    ['a look-alike in Cyrillic', 'https://www.mohrss.gоv.cn/'],
    ['a parent domain only', 'https://mohrss.gov.cn/'],
    ['javascript', 'javascript:alert(1)'],
    ['a file', 'file:///etc/passwd'],
    ['the app itself', 'app://kaodian/index.html'],
    ['data', 'data:text/html,<script>alert(1)</script>'],
    ['nonsense', 'not a url'],
  ])('refuses %s', (_name, url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});

describe('secret protection', () => {
  const storage = (available: boolean, backend: ReturnType<Electron.SafeStorage['getSelectedStorageBackend']>) => ({
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (s: string) => Buffer.from(`sealed:${s}`),
    decryptString: (b: Buffer) => b.toString().replace(/^sealed:/, ''),
  });

  it('refuses basic_text on Linux, where it only looks protected', () => {
    expect(secretProtection(storage(true, 'basic_text'), 'linux')).toBe('refused_basic_text');
    expect(() => protectSecret(storage(true, 'basic_text'), 'linux', 'token')).toThrow(SecretProtectionError);
  });

  it('uses a real keyring, DPAPI or the Keychain', () => {
    expect(secretProtection(storage(true, 'gnome_libsecret'), 'linux')).toBe('os_protected');
    expect(secretProtection(storage(true, 'unknown'), 'win32')).toBe('os_protected');
    expect(protectSecret(storage(true, 'kwallet5'), 'linux', 'token').toString()).toBe('sealed:token');
  });

  it('says so when the system offers no encryption at all', () => {
    expect(secretProtection(storage(false, 'unknown'), 'darwin')).toBe('unavailable');
  });
});
