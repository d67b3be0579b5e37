import { useEffect } from 'react';
import { useAppStore } from '../../store';

/** Signs the person out after `minutes` without a key, pointer or touch. */
export function useIdleLock(minutes: number) {
  const signedIn = useAppStore((s) => s.user !== undefined);
  useEffect(() => {
    if (!signedIn || minutes <= 0) return;
    let timer = window.setTimeout(lock, minutes * 60_000);
    function lock() {
      useAppStore.getState().signOut('idle');
    }
    function activity() {
      window.clearTimeout(timer);
      timer = window.setTimeout(lock, minutes * 60_000);
    }
    const events = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;
    events.forEach((name) => window.addEventListener(name, activity, { passive: true }));
    return () => {
      window.clearTimeout(timer);
      events.forEach((name) => window.removeEventListener(name, activity));
    };
  }, [signedIn, minutes]);
}
