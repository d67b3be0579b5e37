/** Loading a console screen's data, and saying what went wrong in the operator's words. */
import { App as AntApp } from 'antd';
import type { TFunction } from 'i18next';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api';

/** An error in words: the server's code translated, with its details. */
export function describeError(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    if (error.code === 'locked' && typeof error.details.lockedUntil === 'number')
      return t('errors.locked', { until: new Date(error.details.lockedUntil).toLocaleString() });
    if (error.code === 'http') return t('errors.http', { status: error.status });
    const key = `errors.${error.code}`;
    const wire = `wire.${error.code}`;
    return t(key, { defaultValue: t(wire, { defaultValue: error.message || error.code }), message: error.message });
  }
  return t('errors.network');
}

/** The data a screen shows: loaded on mount, again after `reload` (the last data stays meanwhile). */
export function useData<T>(load: () => Promise<T>) {
  const [version, setVersion] = useState(0);
  const [state, setState] = useState<{ version: number; data?: T; error?: unknown }>({ version: -1 });
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setState({ version, data }),
      (error: unknown) => live && setState((last) => ({ version, data: last.data, error })),
    );
    return () => {
      live = false;
    };
  }, [load, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data: state.data, error: state.error, loading: state.version !== version, reload };
}

/** Runs an action, telling the operator when it failed (and, given, when it worked). */
export function useAction() {
  const { message } = AntApp.useApp();
  const { t } = useTranslation();
  return useCallback(
    async <T>(action: () => Promise<T>, done?: (value: T) => string | undefined): Promise<T | undefined> => {
      try {
        const value = await action();
        const words = done?.(value);
        if (words) void message.success(words);
        return value;
      } catch (error) {
        void message.error(t('app.failed', { message: describeError(error, t) }));
        return undefined;
      }
    },
    [message, t],
  );
}
