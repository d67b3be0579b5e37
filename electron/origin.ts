/** The renderer is served from this origin over the custom app:// protocol, never file://. */
export const appScheme = 'app';
export const appHost = 'kaodian';
export const appOrigin = `${appScheme}://${appHost}`;
export const appEntryUrl = `${appOrigin}/index.html`;

/**
 * True only for URLs on the app's own origin. Parsed with the WHATWG URL parser, so that
 * look-alikes (app://kaodian.evil, app://kaodian@evil/, https://kaodian/, app://kaodian:1/)
 * do not pass a prefix or substring comparison.
 */
export function isAppUrl(candidate: string | undefined | null): boolean {
  if (!candidate) return false;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  return (
    url.protocol === `${appScheme}:` &&
    url.hostname === appHost &&
    url.port === '' &&
    url.username === '' &&
    url.password === ''
  );
}
