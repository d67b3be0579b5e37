/**
 * Sync runs by itself while the app is open: soon after start, then every minute, backing off
 * exponentially (with jitter) after failures. "Sync now" runs a pass at once. Nothing is kept
 * in memory that a restart would lose: what is acknowledged is read from the stored receipts.
 */
import { useEffect } from 'react';
import i18next from 'i18next';
import { describeError, errorCode } from '../../app/errors';
import { useAppStore } from '../../store';
import { backoffMs, clockSkewLimitMs, refreshReceipt, syncOnce } from '../../sync/online';

const intervalMs = 60_000;
let running: Promise<void> | undefined;

export function syncNow(): Promise<void> {
  running ??= pass().finally(() => (running = undefined));
  return running;
}

async function pass(): Promise<void> {
  const { settings, identity, setSync } = useAppStore.getState();
  const { enrollment, authorityUrl } = settings;
  if (!enrollment || !identity || !authorityUrl) return;
  setSync({ running: true, progress: undefined });
  try {
    await refreshReceipt(authorityUrl, identity.device, enrollment);
    const outcome = await syncOnce(authorityUrl, identity.device, enrollment, (progress) => setSync({ progress }));
    setSync({
      running: false,
      lastSyncedAt: Date.now(),
      lastError: undefined,
      failures: 0,
      clockSkewMs: outcome.clockSkewMs,
    });
  } catch (error) {
    setSync({
      running: false,
      lastError: { code: errorCode(error), message: describeError(error, i18next.t), at: Date.now() },
      failures: useAppStore.getState().sync.failures + 1,
    });
  }
}

export function useAutoSync(): void {
  const enrolled = useAppStore((s) => s.settings.enrollment !== undefined && s.settings.authorityUrl !== undefined);
  useEffect(() => {
    if (!enrolled) return;
    let timer: number | undefined;
    let stopped = false;
    const schedule = (ms: number) => {
      timer = window.setTimeout(async () => {
        await syncNow();
        if (stopped) return;
        const { failures } = useAppStore.getState().sync;
        schedule(failures > 0 ? backoffMs(failures) : intervalMs);
      }, ms);
    };
    schedule(3_000);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [enrolled]);
}

export function clockSkewed(skewMs: number | undefined): boolean {
  return skewMs !== undefined && Math.abs(skewMs) > clockSkewLimitMs;
}
