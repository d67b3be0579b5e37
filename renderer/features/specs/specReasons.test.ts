import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoSpecification } from '../../../shared/domain/demoSpec';
import { resources } from '../../i18n';
import { readSpecJson } from './specFile';
import { specReasonText } from './specReasons';

const t = i18next.createInstance();
beforeAll(async () => {
  await t.init({ resources, lng: 'zh-CN', interpolation: { escapeValue: false } });
});

const reasonsOf = (spec: unknown) => {
  const result = readSpecJson(new TextEncoder().encode(JSON.stringify(spec)));
  if (result.ok) throw new Error('accepted');
  return result.reasons.map((r) => specReasonText(r, t.t));
};

describe('a refused specification, in the words of the file', () => {
  it('names the task and item and says what is wrong, in Chinese, never the validator’s English', () => {
    const tasks = structuredClone(demoSpecification.tasks);
    tasks[0]!.items[2]!.maxPoints = 'x' as unknown as number;
    tasks[1]!.weight += -5;
    const texts = reasonsOf({ ...demoSpecification, tasks });
    expect(texts).toContain('第 1 个工作任务的第 3 个评分要素的配分不是数字');
    expect(texts.join('\n')).not.toMatch(/expected|received|Invalid|tasks|›/);
  });

  it('the weights, a missing field, and a file that is not JSON', () => {
    const tasks = demoSpecification.tasks.map((task, i) => (i === 0 ? { ...task, weight: task.weight - 5 } : task));
    expect(reasonsOf({ ...demoSpecification, tasks })).toEqual(['各工作任务的考核比重之和为 95，应为 100']);
    const { name: _name, ...nameless } = demoSpecification;
    expect(reasonsOf(nameless)).toEqual(['项目名称未填写']);
    const notJson = readSpecJson(new TextEncoder().encode('{"__proto__": {}}'));
    expect(notJson.ok ? '' : specReasonText(notJson.reasons[0]!, t.t)).toMatch(/^文件无法读取.*forbidden_key）$/);
  });
});
