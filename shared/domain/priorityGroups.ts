/** The employment-priority groups (就业重点群体): a code list the site may change (kept in the device settings). */
export interface CodeListEntry {
  code: string;
  zh: string;
  en: string;
}

export const defaultPriorityGroups: CodeListEntry[] = [
  { code: 'rural_migrant', zh: '农村转移就业劳动者', en: 'Rural migrant worker' },
  { code: 'registered_unemployed', zh: '城镇登记失业人员', en: 'Registered unemployed' },
  {
    code: 'non_continuing_graduate',
    zh: '未继续升学的应届初高中毕业生',
    en: 'Non-continuing junior/senior high graduate',
  },
  { code: 'college_student', zh: '高校毕业生', en: 'College student or graduate' },
  { code: 'veteran', zh: '退役军人', en: 'Veteran' },
  { code: 'employment_difficulty', zh: '就业困难人员', en: 'Person with employment difficulty' },
  { code: 'poverty_household', zh: '脱贫家庭劳动力', en: 'Member of a household lifted from poverty' },
  { code: 'disabled', zh: '残疾人', en: 'Person with a disability' },
];
