import { expect, test } from './fixtures';

// This test provokes CSP violations on purpose; Chromium logs each as a console error.
test.use({ expectedConsoleError: /Content Security Policy|unsafe-eval|Refused to/ });

test('the content security policy forbids inline script and eval', async ({ page }) => {
  const response = await page.goto('/');
  const header = response?.headers()['content-security-policy'] ?? '';
  expect(header).toContain("script-src 'self'");
  expect(header).not.toContain('unsafe-eval');
  expect(header).not.toMatch(/script-src[^;]*unsafe-inline/);
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(meta).toContain("default-src 'self'");
  expect(meta).toContain("script-src 'self'");

  // page.evaluate itself runs with DevTools privileges, so the probes below are ones the page
  // runs on its own later: an inserted inline <script> and a string timer (which is eval).
  const outcome = await page.evaluate(async () => {
    const seen: string[] = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.effectiveDirective}:${event.blockedURI}`),
    );
    const probe = window as unknown as { __inlineRan?: boolean; __timerRan?: boolean };
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.head.appendChild(script);
    (setTimeout as unknown as (code: string, ms: number) => void)('window.__timerRan = true', 0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { seen, inlineRan: probe.__inlineRan === true, timerRan: probe.__timerRan === true };
  });
  expect(outcome.inlineRan).toBe(false);
  expect(outcome.timerRan).toBe(false);
  expect(outcome.seen).toContain('script-src-elem:inline');
  expect(outcome.seen).toContain('script-src:eval');
});
