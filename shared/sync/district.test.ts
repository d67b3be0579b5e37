import { describe, expect, it } from 'vitest';
import { districtOrigin, isDistrictRoute } from './district';

describe('district origins', () => {
  it.each([
    ['https://jianding.example.gov.cn', 'https://jianding.example.gov.cn'],
    ['  https://JianDing.Example.gov.cn/  ', 'https://jianding.example.gov.cn'],
    ['https://jianding.example.gov.cn:443', 'https://jianding.example.gov.cn'],
    ['https://10.1.2.3:8443', 'https://10.1.2.3:8443'],
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
    ['http://localhost:8787/', 'http://localhost:8787'],
    ['http://[::1]:8787', 'http://[::1]:8787'],
  ])('admit %s as %s', (address, origin) => {
    expect(districtOrigin(address)).toEqual({ origin });
  });

  it.each([
    ['http://jianding.example.gov.cn', 'not_https'],
    ['http://10.0.0.8:8787', 'not_https'],
    ['http://127.0.0.1.evil.example', 'not_https'],
    ['https://jianding.example.gov.cn/v1', 'bad_url'],
    ['https://user:pw@jianding.example.gov.cn', 'bad_url'],
    ['https://jianding.example.gov.cn?x=1', 'bad_url'],
    ['https://jianding.example.gov.cn:99999', 'bad_url'],
    ['ftp://jianding.example.gov.cn', 'bad_url'],
    ['jianding.example.gov.cn', 'bad_url'],
    ['', 'bad_url'],
  ])('refuse %s (%s)', (address, problem) => {
    expect(districtOrigin(address)).toEqual({ problem });
  });

  it('name only the calls of FORMATS.md §8', () => {
    expect(isDistrictRoute('GET', '/v1/health')).toBe(true);
    expect(isDistrictRoute('PUT', `/v1/attachments/${'a'.repeat(64)}`)).toBe(true);
    expect(isDistrictRoute('GET', '/v1/devices/0190a4c2-7b1e-7c3d-8e4f-5a6b7c8d9e0f/receipt')).toBe(true);
    expect(isDistrictRoute('GET', '/console/api/overview')).toBe(false);
    expect(isDistrictRoute('GET', '/v1/health?x=1')).toBe(false);
    expect(isDistrictRoute('DELETE', '/v1/batches')).toBe(false);
    expect(isDistrictRoute('PUT', '/v1/attachments/../../etc')).toBe(false);
  });
});
