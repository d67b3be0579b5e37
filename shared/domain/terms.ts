/**
 * The official wording (DESIGN.md §2): one source for the terms the screens (zh-CN), the printed
 * records and the exports write, so they cannot drift apart again (理论+实操 on screen and
 * 理论与实操 in print; 首考 on screen and 首次 in the export). The words follow the documents a
 * site answers to — the seed notice, the provincial 考务 rules and the published 专项
 * specifications. The English screens translate these in renderer/i18n/en.ts.
 */
import type { assessmentMethods, checkInStates, identityChecks, idTypes, misconductActions, specParts } from './events';

type Names<T extends readonly string[]> = Record<T[number], string>;

export const methodTerms: Names<typeof assessmentMethods> = {
  practical: '技能操作考核',
  computer_simulation: '计算机模拟操作考核',
  theory_practical: '理论知识考试+技能操作考核',
};

/** The two parts of a theory + practical specification; each must reach the pass mark on its own. */
export const partTerms: Names<typeof specParts> = {
  theory: '理论知识考试',
  practical: '技能操作考核',
};

export const attemptTerms = { first: '新考', resit: '补考' };

export const sexTerms = { male: '男', female: '女' };

/** 证件类型: the identity documents the provincial system lists. */
export const idTypeTerms: Names<typeof idTypes> = {
  resident_id: '居民身份证',
  hk_macao_permit: '港澳居民来往内地通行证',
  taiwan_permit: '台湾居民来往大陆通行证',
  hmt_residence_permit: '港澳台居民居住证',
  foreign_permanent_id: '外国人永久居留身份证',
  passport: '护照',
  other: '其他证件',
};

export const checkInTerms: Names<typeof checkInStates> = {
  present: '到考',
  absent: '缺考',
  late_refused: '迟到不得入场',
  substituted: '替考',
};

/** How identity was checked at the door, in the words of the 考生签到表. */
export const identityTerms: Names<typeof identityChecks> = {
  id_matched: '证号一致',
  id_mismatched: '证号不一致',
  not_checked: '未核验证件',
};

/** R2 of the exam-room rules. */
export const misconductTerms: Names<typeof misconductActions> = {
  caution: '劝告',
  warning: '警告',
  stop: '停止考核',
  void: '宣布成绩无效',
  deduct: '扣分',
  overtime: '结束信号后继续操作',
};

/** A candidate's result as the 成绩汇总表, the 成绩公示 and the exports write it. */
export const resultTerms = {
  not_checked_in: '未签到',
  absent: '缺考',
  late_refused: '迟到不得入场',
  pending: '评分中',
  disputed: '待组长复核',
  void: '成绩无效',
  stopped: '停止考核',
  pass: '合格',
  fail: '不合格',
};

export const flagTerms = {
  caution: '劝告',
  warning: '警告',
  deducted: '扣分',
  amended: '评分更正',
  arbitrated: '组长复核',
  reviewed: '复核更改',
};

/** Field and heading names. */
export const labelTerms = {
  /** The room line of the score sheet and the session block: the room, not the site. */
  room: '考场',
  site: '考点',
  weight: '考核比重',
  step: '最小给分单位',
  specCode: '考核规范编号',
  arbitration: '组长复核',
  /** The candidate's request after publication (a different thing from 组长复核). */
  review: '成绩复核',
  /** Outside Weihai a site's district is a county, city or district; the seed notice's 区市 is Weihai's. */
  district: '所属县（市、区）',
  staffing: '考评人员安排',
  attempt: '新考/补考',
  idType: '证件类型',
  theoryScore: '理论知识考试成绩',
  practicalScore: '技能操作考核成绩',
};

/** The printed records' titles. */
export const recordTerms = {
  sheet: '评分记录表',
  summary: '成绩汇总表',
  checkin: '考生签到表',
  supervision: '质量督导记录表',
  incident: '考场情况记录表',
  manifest: '同步包清单',
  publication: '成绩公示表',
  passers: '合格人员花名册',
  subsidy: '补贴申领花名册',
  review: '成绩复核记录表',
  staff: '考评人员签到表',
  tickets: '准考证',
};
