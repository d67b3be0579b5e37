/**
 * The built-in demo specification: 胶东花饽饽制作 (Jiaodong decorative steamed buns), a
 * Shandong specialty often assessed as a 专项职业能力. Tasks, weights and deductions follow the
 * shape of published 专项职业能力考核规范; the content is written for the demo site.
 */
import type { Specification } from './events';

export const demoSpecification = {
  code: 'SD-JDHBB-001',
  name: '胶东花饽饽制作',
  version: '2026.1',
  method: 'practical',
  durationMinutes: 180,
  minExaminers: 3,
  passMark: 60,
  aggregation: 'mean',
  discrepancyPercent: 30,
  requirements:
    '操作台每人 1 张（1.2 m × 0.6 m），蒸锅或蒸箱、案板、擀面杖、花模、剪刀、梳子、竹签；面粉、酵母、红枣、食用色素由考点统一提供。',
  tasks: [
    {
      id: 'T1',
      name: '原料准备与面团调制',
      weight: 20,
      items: [
        {
          id: 'T1-1',
          content: '原料选择与称量',
          maxPoints: 5,
          step: 0.5,
          criteria: '面粉、酵母、水的配比准确（误差 ≤ 2%），每错一项扣 1 分；原料不洁净扣 2 分。',
        },
        {
          id: 'T1-2',
          content: '和面与揉面',
          maxPoints: 8,
          step: 0.5,
          criteria: '面团光洁、软硬适中，“三光”（面光、盆光、手光）达不到每项扣 1 分；面团夹生或过软扣 3 分。',
        },
        {
          id: 'T1-3',
          content: '发酵控制',
          maxPoints: 7,
          step: 0.5,
          criteria: '发酵程度适宜，内部组织均匀；发酵不足或过度扣 3–5 分；未做发酵判断扣 2 分。',
        },
      ],
    },
    {
      id: 'T2',
      name: '造型制作',
      weight: 40,
      items: [
        {
          id: 'T2-1',
          content: '主体造型（寿桃或鱼形）',
          maxPoints: 15,
          step: 0.5,
          criteria: '比例协调、线条流畅、形态饱满；造型走样扣 3–8 分；表面裂口每处扣 1 分。',
        },
        {
          id: 'T2-2',
          content: '花饰捏制（花朵、叶片、枣饰）',
          maxPoints: 15,
          step: 0.5,
          criteria: '花饰不少于 5 种技法（捏、剪、压、搓、卷）；每缺一种扣 2 分；花饰粗糙、不对称扣 2–5 分。',
        },
        {
          id: 'T2-3',
          content: '组装与定型',
          maxPoints: 10,
          step: 0.5,
          criteria: '部件粘接牢固、整体稳定；二次醒发后塌陷或脱落每处扣 2 分。',
        },
      ],
    },
    {
      id: 'T3',
      name: '蒸制与上色',
      weight: 30,
      items: [
        {
          id: 'T3-1',
          content: '蒸制火候与时间',
          maxPoints: 12,
          step: 0.5,
          criteria: '冷水上锅、火候与时间适当；成品回缩、起泡、夹生每项扣 3 分；开盖方法不当扣 2 分。',
        },
        {
          id: 'T3-2',
          content: '点色与彩绘',
          maxPoints: 10,
          step: 0.5,
          criteria: '色彩搭配协调、喷点均匀；色素使用超量或串色扣 2–5 分；使用非食用色素本项不得分。',
        },
        {
          id: 'T3-3',
          content: '成品质量',
          maxPoints: 8,
          step: 0.5,
          criteria: '表皮光亮洁白、口感松软、无异味；表皮发黄或发暗扣 2 分；有异味扣 4 分。',
        },
      ],
    },
    {
      id: 'T4',
      name: '安全卫生与文明操作',
      weight: 10,
      items: [
        {
          id: 'T4-1',
          content: '个人卫生与着装',
          maxPoints: 4,
          step: 0.5,
          criteria: '按要求穿戴工作服、帽，不佩戴首饰；每缺一项扣 1 分。',
        },
        {
          id: 'T4-2',
          content: '安全操作与场地清洁',
          maxPoints: 6,
          step: 0.5,
          criteria: '刀具、蒸锅使用规范，结束后清理台面；发生烫伤等安全事故本项不得分；未清理场地扣 3 分。',
        },
      ],
    },
  ],
} satisfies Specification;
