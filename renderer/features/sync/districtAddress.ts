/**
 * The rule for a district address a site manager types: https to any district, plain http only
 * to this machine (shared/sync/district.ts) — said in words before anything is sent.
 */
import type { TFunction } from 'i18next';
import { districtOrigin } from '../../../shared/sync/district';

export function districtAddressRule(t: TFunction, { required = false } = {}) {
  return {
    validator: async (_rule: unknown, value: string | undefined) => {
      if (!value?.trim()) {
        if (required) throw new Error(t('sync.addressFormat'));
        return;
      }
      const checked = districtOrigin(value);
      if ('problem' in checked) throw new Error(t(`sync.addressProblem.${checked.problem}`));
    },
  };
}
