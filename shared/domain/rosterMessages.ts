/**
 * The roster's words in zh-CN and en — its fields' names, why a file cannot be read, why a row is
 * refused (shared/domain/roster.ts) — shared by the app's roster import and the authority
 * console's plan builder, so both explain a roster alike. In a row error `{{field}}` is the
 * field's name; the other placeholders are the error's params.
 */
import type { UiLanguage } from './site';
import { rosterTemplateHeaders, type RosterField, type RowErrorCode } from './roster';
import type { RosterFileError } from './rosterFile';

/** The fields' names: the template's column titles in Chinese, and their English. */
export const rosterFieldNames: Record<UiLanguage, Record<RosterField, string>> = {
  'zh-CN': rosterTemplateHeaders,
  en: {
    ticket: 'Admission ticket',
    name: 'Name',
    idType: 'ID type',
    idNumber: 'ID number',
    sex: 'Sex',
    birthDate: 'Birth date',
    ethnicGroup: 'Ethnic group',
    education: 'Education',
    mobile: 'Mobile',
    trainingUnit: 'Training unit',
    employer: 'Employer',
    source: 'Source',
    priorityGroups: 'Priority groups',
    attempt: 'First/resit',
    agencyAgreement: 'Agency agreement',
  },
};

export const rosterFileErrorMessages: Record<UiLanguage, Record<RosterFileError['code'], string>> = {
  'zh-CN': {
    too_large: '文件超过 10 MB，请拆分后分批导入',
    too_many_rows: '文件超过 20,000 行，请拆分后分批导入',
    unreadable: '无法读取此文件，请确认是 Excel（.xlsx）或 CSV 文件',
    empty: '文件中没有表头或没有数据行',
  },
  en: {
    too_large: 'The file is over 10 MB; split it and import in parts',
    too_many_rows: 'The file has over 20,000 rows; split it and import in parts',
    unreadable: 'This file cannot be read; it must be Excel (.xlsx) or CSV',
    empty: 'The file has no header row or no data rows',
  },
};

export const rowErrorMessages: Record<RowErrorCode, Record<UiLanguage, string>> = {
  missing_field: {
    'zh-CN': '缺少{{field}}',
    en: '{{field}} is missing',
  },
  id_format: {
    'zh-CN': '身份证号格式错误（应为 17 位数字加校验码）',
    en: 'ID number format is wrong (17 digits and a check character)',
  },
  id_check: {
    'zh-CN': '身份证号校验码错误',
    en: 'ID number check character is wrong',
  },
  id_birth_date: {
    'zh-CN': '身份证号中的出生日期无效',
    en: 'The birth date in the ID number is not a date',
  },
  birth_mismatch: {
    'zh-CN': '出生日期与身份证号不符（身份证为 {{fromId}}）',
    en: 'Birth date does not match the ID number ({{fromId}})',
  },
  sex_mismatch: {
    'zh-CN': '性别与身份证号不符',
    en: 'Sex does not match the ID number',
  },
  bad_sex: {
    'zh-CN': '性别应为“男”或“女”',
    en: 'Sex must be 男 or 女 (male or female)',
  },
  bad_birth_date: {
    'zh-CN': '出生日期格式无法识别',
    en: 'Birth date not recognised',
  },
  duplicate_in_file: {
    'zh-CN': '{{field}}与第 {{line}} 行重复',
    en: '{{field}} repeats row {{line}}',
  },
  duplicate_in_session: {
    'zh-CN': '{{field}}与本场次已有考生重复',
    en: '{{field}} is already in this session',
  },
  bad_mobile: {
    'zh-CN': '手机号码应为 11 位数字',
    en: 'Mobile must be 11 digits',
  },
  unknown_priority_group: {
    'zh-CN': '就业重点群体“{{value}}”不在代码表中',
    en: 'Priority group “{{value}}” is not in the code list',
  },
  bad_attempt: {
    'zh-CN': '新考/补考应填“新考”或“补考”',
    en: 'First/resit must be 首考 or 补考',
  },
  formula: {
    'zh-CN': '{{field}}含有公式，不予导入',
    en: '{{field}} contains a formula and is not imported',
  },
  too_long: {
    'zh-CN': '{{field}}过长（最多 {{max}} 字）',
    en: '{{field}} is too long (at most {{max}})',
  },
  unknown_ethnic_group: {
    'zh-CN': '民族“{{value}}”不在 56 个民族名称中',
    en: 'Ethnic group “{{value}}” is not one of the 56',
  },
  unknown_education: {
    'zh-CN': '文化程度“{{value}}”不在 GB/T 4658 的分类中（如：初中、普通高中、中专、大专、本科）',
    en: 'Education “{{value}}” is not a GB/T 4658 category (e.g. 初中, 普通高中, 中专, 大专, 本科)',
  },
  under_age: {
    'zh-CN': '考核日（{{day}}）未满 {{min}} 周岁（{{age}} 岁），不符合报考条件',
    en: 'Under {{min}} on the assessment day ({{day}}): {{age}} years old, not eligible',
  },
  unknown_id_type: {
    'zh-CN':
      '证件类型“{{value}}”不在代码表中（居民身份证、港澳居民来往内地通行证、台湾居民来往大陆通行证、港澳台居民居住证、外国人永久居留身份证、护照、其他证件）',
    en: 'ID type “{{value}}” is not in the list (resident ID, travel permits, residence permit, permanent resident ID, passport, other)',
  },
  other_id_format: {
    'zh-CN': '证件号码应为 5–30 位字母或数字',
    en: 'The document number should be 5–30 letters and digits',
  },
  bad_agreement: {
    'zh-CN': '代领协议应填“是”或“否”（或“已签”“未签”）',
    en: 'Agency agreement should be 是 or 否 (signed or not)',
  },
};

export function rowErrorMessagesIn(language: UiLanguage): Record<RowErrorCode, string> {
  return Object.fromEntries(
    Object.entries(rowErrorMessages).map(([code, messages]) => [code, messages[language]]),
  ) as Record<RowErrorCode, string>;
}
