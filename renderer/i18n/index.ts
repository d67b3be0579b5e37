import dayjs from 'dayjs';
import { displayTime } from '../../shared/domain/exports';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { defaultUiLanguage, type UiLanguage } from '../../shared/domain/site';
import { en } from './en';
import { zhCN } from './zh-CN';

export const resources = {
  'zh-CN': { translation: zhCN },
  en: { translation: en },
} as const;

export async function initI18n(language: UiLanguage = defaultUiLanguage): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: defaultUiLanguage,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = language;
  return i18next;
}

export async function changeUiLanguage(language: UiLanguage): Promise<void> {
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

/** Formats a byte count for people: 1.5 GB, 320 MB. */
export function formatBytes(bytes: number | undefined, unknown: string): string {
  if (bytes === undefined) return unknown;
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/**
 * Dates and times on screen, one way everywhere, as the printed records write them: a recorded
 * RFC 3339 time as its wall clock (`displayTime`), epoch milliseconds in this device's time zone.
 */
export function formatDateTime(at: string | number): string {
  return typeof at === 'string' ? displayTime(at) : dayjs(at).format('YYYY-MM-DD HH:mm:ss');
}

/** The time of day alone, for lists within one exam day. */
export function formatClock(at: string | number): string {
  return formatDateTime(at).slice(11);
}
