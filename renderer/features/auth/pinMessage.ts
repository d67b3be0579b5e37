import type { TFunction } from 'i18next';
import type { PinCheck } from '../../db/credentials';
import { formatClock } from '../../i18n';

/** What a refused PIN check tells the person: wrong (tries left), locked (until when), or no PIN here. */
export function pinRefusal(result: Exclude<PinCheck, { result: 'ok' }>, t: TFunction): string {
  if (result.result === 'wrong') return t('auth.wrongPin', { remaining: result.remaining });
  if (result.result === 'locked') return t('auth.locked', { time: formatClock(result.until) });
  if (result.result === 'must_change') return t('auth.mustChangeFirst');
  return t('auth.noPin');
}
