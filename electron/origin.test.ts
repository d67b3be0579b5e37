import { describe, expect, it } from 'vitest';
import { isAppUrl } from './origin';

describe('isAppUrl (the IPC sender check)', () => {
  it('accepts the app origin', () => {
    expect(isAppUrl('app://kaodian/index.html')).toBe(true);
    expect(isAppUrl('app://kaodian/')).toBe(true);
  });
  it.each([
    'app://kaodian.evil.example/index.html',
    'app://evil.example/kaodian',
    'app://kaodian@evil.example/',
    'app://user:pw@kaodian/',
    'app://kaodian:8080/',
    'https://kaodian/index.html',
    'file:///kaodian/index.html',
    'http://127.0.0.1:4173/?app://kaodian/',
    'javascript:alert(1)//app://kaodian',
    'app:kaodian',
    'appx://kaodian/',
    '',
    'not a url',
  ])('refuses the misleading %s', (url) => {
    expect(isAppUrl(url)).toBe(false);
  });
  it('refuses a missing frame URL', () => {
    expect(isAppUrl(undefined)).toBe(false);
    expect(isAppUrl(null)).toBe(false);
  });
});
