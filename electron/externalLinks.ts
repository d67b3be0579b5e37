/**
 * Links that leave the app (the ministry's pages on assessment rules, say) open in the system
 * browser, and only after this check: https, no user name or password, no port, and a host on
 * the allow-list exactly — so "https://www.mohrss.gov.cn@evil.example/" or
 * "https://www.mohrss.gov.cn.evil.example/" do not pass for the ministry.
 */
export const externalHostAllowList: readonly string[] = [
  'www.mohrss.gov.cn',
  'www.osta.org.cn',
  'hrss.shandong.gov.cn',
  'zwfw.mohrss.gov.cn',
];

export function isAllowedExternalUrl(url: string, allowList: readonly string[] = externalHostAllowList): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:') return false;
  if (parsed.username !== '' || parsed.password !== '') return false;
  if (parsed.port !== '') return false;
  // The parsed host is normalised (lower case, IDNA); a look-alike in another script stays punycode and fails.
  return allowList.includes(parsed.hostname);
}
