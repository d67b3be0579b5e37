/** One device setting for a component: its value, and a setter that stores it and then shows it. */
import { useCallback } from 'react';
import { writeSetting, type SettingName, type Settings } from '../db/settings';
import { useAppStore } from './index';

/** Stores a setting (checked against its schema) and puts the stored value in the store. */
export async function changeSetting<N extends SettingName>(name: N, value: Settings[N]): Promise<Settings[N]> {
  const stored = await writeSetting(name, value);
  useAppStore.getState().setSettings({ [name]: stored });
  return stored;
}

export function useSetting<N extends SettingName>(
  name: N,
): [Settings[N], (value: Settings[N]) => Promise<Settings[N]>] {
  const value = useAppStore((s) => s.settings[name]);
  const change = useCallback((next: Settings[N]) => changeSetting(name, next), [name]);
  return [value, change];
}
