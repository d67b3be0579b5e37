/**
 * Writing to the ledger from a screen: runs the append, refreshes the store, and turns a refusal
 * into a translated message. Returns whether it was written.
 */
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EventDraft } from '../../shared/ledger/append';
import { RuleError } from '../../shared/domain/rules';
import type { AlsoWrite } from '../db/ledger';
import { useAppStore } from '../store';
import { describeError } from './errors';

export function useCommand() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  /** `also`: rows written in the same transaction as the events (a PIN with its `pin.reset`). */
  return async (drafts: EventDraft | EventDraft[], success?: string, also?: AlsoWrite): Promise<boolean> => {
    const { ledger } = useAppStore.getState();
    if (!ledger) return false;
    try {
      await ledger.appendAll(Array.isArray(drafts) ? drafts : [drafts], also);
      if (success) void message.success(success);
      return true;
    } catch (error) {
      // A rule's refusal is expected and told to the person; anything else is a defect, logged loudly.
      if (error instanceof RuleError) console.info('refused:', error.problem.code, error.problem.params ?? '');
      else console.error('command failed:', error);
      void message.error(describeError(error, t));
      return false;
    }
  };
}
