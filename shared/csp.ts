/**
 * The Content-Security-Policy of the renderer, used by the page's meta tag, the browser-mode
 * server and the Electron app:// protocol, so all three stay the same.
 *
 * Scripts come only from the app itself: no inline script, no eval. Styles allow
 * 'unsafe-inline' because antd (CSS-in-JS) injects its style sheets at run time; style
 * injection cannot run code. connect-src is the app's own origin only: the district authority is
 * reached through the platform (shared/sync/district.ts — the main process, or in browser mode
 * the page's own server), never by the renderer directly.
 */
const directives: Record<string, string> = {
  'default-src': "'self'",
  'script-src': "'self'",
  'style-src': "'self' 'unsafe-inline'",
  'img-src': "'self' data: blob:",
  'font-src': "'self' data:",
  'connect-src': "'self'",
  'media-src': "'self' blob:",
  'worker-src': "'self' blob:",
  // A printed record is shown in a frame of its own PDF (blob:) for the browser's print dialog.
  'frame-src': "'self' blob:",
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'none'",
};

/** For a `<meta http-equiv>` tag, where frame-ancestors is not allowed. */
export const contentSecurityPolicyMeta = Object.entries(directives)
  .map(([name, value]) => `${name} ${value}`)
  .join('; ');

/** For an HTTP response header. */
export const contentSecurityPolicyHeader = `${contentSecurityPolicyMeta}; frame-ancestors 'none'`;
