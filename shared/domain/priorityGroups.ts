/** The employment-priority groups (就业重点群体): a code list the site may change (kept in the device settings). */
export interface CodeListEntry {
  code: string;
  zh: string;
  en: string;
  /** Other words rosters use for the group (a roster cell may say either). */
  aliases?: string[];
}

export const defaultPriorityGroups: CodeListEntry[] = [
  { code: 'rural_migrant', zh: '农村转移就业劳动者', en: 'Rural migrant worker' },
  // The seed notice's own words (威人社 2021-02-04, 二、考核对象), the older ones kept as aliases.
  { code: 'registered_unemployed', zh: '下岗失业人员', en: 'Laid-off or unemployed', aliases: ['城镇登记失业人员'] },
  {
    code: 'non_continuing_graduate',
    zh: '城乡未继续升学初高中毕业生',
    en: 'Non-continuing junior/senior high graduate',
    aliases: ['未继续升学的应届初高中毕业生'],
  },
  {
    code: 'college_student',
    zh: '全日制大中专院校学生',
    en: 'Full-time college or technical school student',
    aliases: ['高校毕业生'],
  },
  { code: 'veteran', zh: '退役军人', en: 'Veteran' },
  { code: 'employment_difficulty', zh: '就业困难人员', en: 'Person with employment difficulty' },
  { code: 'poverty_household', zh: '脱贫家庭劳动力', en: 'Member of a household lifted from poverty' },
  { code: 'disabled', zh: '残疾人', en: 'Person with a disability' },
];
