/** Identifiers and times as FORMATS.md §1 writes them. */
import { randomBytes } from '@noble/hashes/utils.js';

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const uuidV7Pattern = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** RFC 3339 with milliseconds and an explicit offset. */
export const timePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(?:Z|[+-]\d{2}:\d{2})$/;

function formatUuid(bytes: Uint8Array): string {
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** RFC 9562 version 4 (random). */
export function uuidV4(random: Uint8Array = randomBytes(16)): string {
  const bytes = random.slice(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  return formatUuid(bytes);
}

/** RFC 9562 version 7: 48 bits of Unix milliseconds, then random bits. */
export function uuidV7(nowMs: number, random: Uint8Array = randomBytes(16)): string {
  const bytes = random.slice(0, 16);
  let ms = Math.floor(nowMs);
  for (let i = 5; i >= 0; i -= 1) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  return formatUuid(bytes);
}

export function isValidTime(text: string): boolean {
  return timePattern.test(text) && !Number.isNaN(Date.parse(text)) && roundTripsCalendar(text);
}

// Date.parse accepts 2026-02-30 by rolling over; a legal record must not. Read digit by digit:
// the authority checks this for every event it receives.
const digitsAt = (text: string, at: number, count: number): number => {
  let value = 0;
  for (let i = at; i < at + count; i += 1) value = value * 10 + text.charCodeAt(i) - 48;
  return value;
};

function roundTripsCalendar(text: string): boolean {
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  // Years before 100 were never accepted (Date.UTC reads them as 1900–1999): kept, so that no
  // version of the app or the authority judges an event differently from another.
  return (
    year >= 100 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= days &&
    digitsAt(text, 11, 2) < 24 &&
    digitsAt(text, 14, 2) < 60 &&
    digitsAt(text, 17, 2) < 60
  );
}

/**
 * Formats an instant as RFC 3339 with milliseconds in the given offset (minutes east of UTC,
 * e.g. 480 for China Standard Time).
 */
export function formatTime(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}.${pad(local.getUTCMilliseconds(), 3)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** The machine's own offset for an instant (Date#getTimezoneOffset is west-positive). */
export function localOffsetMinutes(ms: number): number {
  return -new Date(ms).getTimezoneOffset();
}
