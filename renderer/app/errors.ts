/**
 * One way to show an error: whatever was thrown — a domain rule's refusal, a wire error, a sync
 * failure, an IPC rejection, a defect — becomes one translated sentence ending with its code,
 * so a site manager reading it to support says the same thing the logs say.
 */
import type { TFunction } from 'i18next';
import { RuleError, type RuleProblem } from '../../shared/domain/rules';
import { isWireError } from '../../shared/ledger/errors';
import { SyncError } from '../sync/online';

export function describeProblem(problem: RuleProblem, t: TFunction): string {
  const params = { ...problem.params } as Record<string, string | number>;
  if (problem.code === 'recusal' && typeof params.reason === 'string')
    params.reason = t(`rules.reasons.${params.reason}`);
  if (problem.code === 'staffing' && typeof params.problem === 'string')
    return `${t('rules.staffing')}：${t(`staffing.${params.problem}`, params)}`;
  return t(`rules.${problem.code}`, params);
}

/** Electron prefixes what a main-process handler threw; the person needs only the reason. */
const ipcPrefix = /^Error invoking remote method '([^']+)': (?:Error: )?/;

/** The code an error is known by: a rule's, a wire error's, a sync failure's, `ipc`, or `internal`. */
export function errorCode(error: unknown): string {
  if (error instanceof RuleError) return error.problem.code;
  if (error instanceof SyncError || isWireError(error)) return error.code;
  if (error instanceof Error && ipcPrefix.test(error.message)) return 'ipc';
  return 'internal';
}

/** A translated sentence for anything thrown, with its code in brackets. */
export function describeError(error: unknown, t: TFunction): string {
  const code = errorCode(error);
  return `${sentence(error, code, t)}（${code}）`;
}

function sentence(error: unknown, code: string, t: TFunction): string {
  if (error instanceof RuleError) return describeProblem(error.problem, t);
  if (code === 'offline') return t('sync.offline');
  if (code === 'bad_url' || code === 'not_https') return t(`sync.addressProblem.${code}`);
  if (error instanceof SyncError && code === 'http') return t('sync.httpFailed', { message: error.message });
  if (error instanceof SyncError || isWireError(error)) return t(`wire.${code}`);
  const message =
    error instanceof Error
      ? error.message.replace(ipcPrefix, '')
      : typeof error === 'string'
        ? error
        : JSON.stringify(error);
  return code === 'ipc' ? t('common.ipcFailed', { message }) : t('common.error', { message });
}
