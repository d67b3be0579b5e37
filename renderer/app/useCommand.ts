/**
 * Writing to the ledger from a screen: runs the append, refreshes the store, and turns a refusal
 * into a translated message. Returns whether it was written.
 */
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EventDraft } from '../../shared/ledger/append';
import { RuleError, type RuleProblem } from '../../shared/domain/rules';
import { useAppStore } from '../store';
import type { TFunction } from 'i18next';

export function describeProblem(problem: RuleProblem, t: TFunction): string {
  const params = { ...problem.params } as Record<string, string | number>;
  if (problem.code === 'recusal' && typeof params.reason === 'string') params.reason = t(`rules.reasons.${params.reason}`);
  if (problem.code === 'staffing' && typeof params.problem === 'string') return `${t('rules.staffing')}：${t(`staffing.${params.problem}`, params)}`;
  return t(`rules.${problem.code}`, params);
}

export function describeError(error: unknown, t: TFunction): string {
  if (error instanceof RuleError) return describeProblem(error.problem, t);
  return t('common.error', { message: error instanceof Error ? error.message : String(error) });
}

export function useCommand() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return async (drafts: EventDraft | EventDraft[], success?: string): Promise<boolean> => {
    const { ledger, ledgerChanged } = useAppStore.getState();
    if (!ledger) return false;
    try {
      await ledger.appendAll(Array.isArray(drafts) ? drafts : [drafts]);
      ledgerChanged();
      if (success) void message.success(success);
      return true;
    } catch (error) {
      ledgerChanged();
      // A rule's refusal is expected and told to the person; anything else is a defect, logged loudly.
      if (error instanceof RuleError) console.info('refused:', error.problem.code, error.problem.params ?? '');
      else console.error('command failed:', error);
      void message.error(describeError(error, t));
      return false;
    }
  };
}
