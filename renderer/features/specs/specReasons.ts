/**
 * A refused specification's reasons in words a site manager reads: where, in the file's own
 * terms (第 1 个工作任务第 3 个评分要素的配分), and what is wrong with it — never a schema path or
 * the validator's English.
 */
import type { TFunction } from 'i18next';
import type { SpecReason } from './specFile';

/** Field names as the file and the screen call them (specs.* labels). */
const fieldLabels: Record<string, string> = {
  code: 'specs.code',
  name: 'specs.name',
  version: 'specs.version',
  method: 'specs.method',
  durationMinutes: 'specs.duration',
  minExaminers: 'specs.minExaminers',
  passMark: 'specs.passMark',
  aggregation: 'specs.aggregation',
  discrepancyPercent: 'specs.discrepancyPercent',
  requirements: 'specs.requirements',
  tasks: 'specs.tasks',
  weight: 'specs.weight',
  items: 'specs.items',
  content: 'specs.content',
  maxPoints: 'specs.maxPoints',
  step: 'specs.step',
  criteria: 'specs.criteria',
  id: 'specs.id',
};

function place(path: readonly (string | number)[], t: TFunction): string {
  const words: string[] = [];
  for (let i = 0; i < path.length; i += 1) {
    const segment = path[i]!;
    const next = path[i + 1];
    if ((segment === 'tasks' || segment === 'items') && typeof next === 'number') {
      words.push(t(segment === 'tasks' ? 'specs.nthTask' : 'specs.nthItem', { n: next + 1 }));
      i += 1;
    } else if (typeof segment === 'string') {
      // A task's or an item's name is its 名称; anything unknown keeps its own name.
      const label = segment === 'name' && words.length ? 'specs.partName' : fieldLabels[segment];
      words.push(label ? t(label) : segment);
    }
  }
  return words.length ? words.join(t('specs.placeSeparator')) : t('specs.theFile');
}

export function specReasonText(reason: SpecReason, t: TFunction): string {
  const { code, ...params } = reason.params ?? {};
  const detail = code === undefined ? '' : `（${t(`wire.${String(code)}`)}，${String(code)}）`;
  return t(`specs.problems.${reason.problem}`, { place: place(reason.path, t), ...params }) + detail;
}
