import { describe, expect, it } from 'vitest';
import { decodeText, formatCsv, parseCsv } from './csv';
import { makeIdNumber } from './idNumber';
import { defaultPriorityGroups } from './priorityGroups';
import { ageOn, autoMapColumns, checkRoster, rosterTemplateHeaders } from './roster';
import { ethnicGroups } from './codeLists';

const header = ['准考证号', '姓名', '身份证号', '性别', '出生日期', '手机号码', '就业重点群体', '首考/补考'];
const good = (ticket: string, seq: number, sex = seq % 2 ? '男' : '女') => [
  ticket,
  '张三',
  makeIdNumber('371002', '19900307', seq),
  sex,
  '1990-03-07',
  '13800000000',
  '退役军人',
  '首考',
];
const context = {
  existing: [{ idNumber: makeIdNumber('371002', '19850101', 1), ticket: 'ZK900', name: '李四' }],
  priorityGroups: defaultPriorityGroups,
};

describe('roster', () => {
  it('maps the usual Chinese headers automatically', () => {
    expect(autoMapColumns(header)).toEqual({
      ticket: 0,
      name: 1,
      idNumber: 2,
      sex: 3,
      birthDate: 4,
      mobile: 5,
      priorityGroups: 6,
      attempt: 7,
    });
    expect(autoMapColumns(Object.values(rosterTemplateHeaders))).toHaveProperty('attempt', 13);
  });

  it('accepts good rows and names every bad row with its reasons', () => {
    const rows = [
      good('ZK001', 11),
      good('ZK002', 12),
      ['ZK003', '王五', '371002199003070120', '男', '', '', '', ''], // wrong check character
      ['ZK004', '赵六', makeIdNumber('371002', '19900307', 13), '女', '', '', '', ''], // odd digit = male
      ['ZK005', '钱七', makeIdNumber('371002', '19900307', 15), '男', '1991-01-01', '', '', ''],
      ['ZK001', '孙八', makeIdNumber('371002', '19900307', 11), '男', '', '', '', ''], // duplicates row 2 twice
      ['', '', makeIdNumber('371002', '19850101', 1), '男', '', '', '', ''], // missing, and already in session
      ['ZK008', '周九', makeIdNumber('371002', '19900307', 17), '男', '', '12345', '外星人', '再考'],
      ['ZK009', '=HYPERLINK("http://x")', makeIdNumber('371002', '19900307', 19), '男', '', '', '', ''],
    ];
    const checked = checkRoster(rows, autoMapColumns(header), context);
    expect(checked.slice(0, 2).map((r) => r.errors)).toEqual([[], []]);
    expect(checked[0]!.candidate).toMatchObject({
      ticket: 'ZK001',
      sex: 'male',
      priorityGroups: ['veteran'],
      attempt: 'first',
    });
    const codes = (i: number) => checked[i]!.errors.map((e) => e.code).sort();
    expect(codes(2)).toEqual(['id_check']);
    expect(codes(3)).toEqual(['sex_mismatch']);
    expect(codes(4)).toEqual(['birth_mismatch']);
    expect(checked[5]!.errors).toEqual([
      { code: 'duplicate_in_file', field: 'idNumber', params: { line: 2 } },
      { code: 'duplicate_in_file', field: 'ticket', params: { line: 2 } },
    ]);
    expect(codes(6)).toEqual(['duplicate_in_session', 'missing_field', 'missing_field']);
    expect(codes(7)).toEqual(['bad_attempt', 'bad_mobile', 'unknown_priority_group']);
    expect(codes(8)).toEqual(['formula']);
    expect(checked.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(checked.filter((r) => r.candidate)).toHaveLength(2);
  });

  it('reads CSV in UTF-8 (with BOM) and GBK', () => {
    const rows = [header, good('ZK001', 11)];
    const csv = formatCsv(rows);
    const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(csv)]);
    expect(decodeText(utf8)).toEqual({ text: csv, encoding: 'utf-8' });
    // "姓名" in GBK is D0 D5 C3 FB.
    const gbk = new Uint8Array([0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0x41, 0x0d, 0x0a]);
    expect(decodeText(gbk)).toEqual({ text: '姓名,A\r\n', encoding: 'gb18030' });
    expect(parseCsv(decodeText(utf8).text)).toEqual(rows);
  });

  it('parses quoted cells, embedded commas, quotes and newlines', () => {
    expect(parseCsv('a,"b,c","d ""e""","f\ng"\r\n1,2,3,4\n\n')).toEqual([
      ['a', 'b,c', 'd "e"', 'f\ng'],
      ['1', '2', '3', '4'],
    ]);
  });
});

describe('eligibility', () => {
  it('refuses a candidate under 16 on the assessment day, with the age; 16 that very day passes', () => {
    const columns = ['准考证号', '姓名', '身份证号', '性别'];
    const day = '2026-12-02';
    const rows = [
      ['ZK101', '少年甲', makeIdNumber('371002', '20101203', 11), '男'], // 16 tomorrow: 15 today
      ['ZK102', '少年乙', makeIdNumber('371002', '20101202', 13), '男'], // 16 today
    ];
    const checked = checkRoster(rows, autoMapColumns(columns), { ...context, assessmentDate: day });
    expect(checked[0]!.errors).toEqual([{ code: 'under_age', field: 'idNumber', params: { age: 15, day, min: 16 } }]);
    expect(checked[1]!.errors).toEqual([]);
    expect(ageOn('2010-12-03', day)).toBe(15);
    // Without a day (a roster checked outside a session) nothing is judged.
    expect(checkRoster(rows, autoMapColumns(columns), context)[0]!.errors).toEqual([]);
  });
});

describe('code lists', () => {
  const columns = ['准考证号', '姓名', '身份证号', '性别', '民族', '文化程度'];
  const row = (ticket: string, seq: number, ethnic: string, education: string) => [
    ticket,
    '张三',
    makeIdNumber('371002', '19900307', seq),
    seq % 2 ? '男' : '女',
    ethnic,
    education,
  ];
  it('stores the list’s own name for an ethnic group and an education level, and refuses others', () => {
    const checked = checkRoster(
      [row('ZK201', 21, '汉', '大专'), row('ZK202', 23, '回族', '中专'), row('ZK203', 25, '火星', '幼儿园')],
      autoMapColumns(columns),
      context,
    );
    expect(checked[0]!.candidate).toMatchObject({ ethnicGroup: '汉族', education: '大学专科' });
    expect(checked[1]!.candidate).toMatchObject({ ethnicGroup: '回族', education: '中等职业教育' });
    expect(checked[2]!.errors).toEqual([
      { code: 'unknown_ethnic_group', field: 'ethnicGroup', params: { value: '火星' } },
      { code: 'unknown_education', field: 'education', params: { value: '幼儿园' } },
    ]);
    expect(ethnicGroups).toHaveLength(56);
  });
});

describe('ID types (证件类型)', () => {
  const columns = ['准考证号', '姓名', '证件类型', '证件号码', '性别', '出生日期'];
  it('checks a resident ID by GB 11643 and other documents by their own stated sex and birth date', () => {
    const checked = checkRoster(
      [
        ['ZK301', '张三', '身份证', makeIdNumber('371002', '19900307', 31), '男', ''],
        ['ZK302', '陈美玲', '港澳通行证', 'H12345678', '女', '1995-06-01'],
        ['ZK303', '林志明', '台胞证', '0812345', '', ''],
        ['ZK304', '王五', '驾驶证', 'X1234567', '男', '1990-01-01'],
        ['ZK305', '李雷', '护照', 'E-123', '男', '2012-01-01'],
      ],
      autoMapColumns(columns),
      { ...context, assessmentDate: '2026-12-02' },
    );
    expect(checked[0]!.candidate).toMatchObject({ idType: 'resident_id', sex: 'male' });
    expect(checked[1]!.candidate).toMatchObject({ idType: 'hk_macao_permit', idNumber: 'H12345678', sex: 'female' });
    expect(checked[2]!.errors.map((e) => [e.code, e.field])).toEqual([
      ['missing_field', 'sex'],
      ['missing_field', 'birthDate'],
    ]);
    expect(checked[3]!.errors).toEqual([{ code: 'unknown_id_type', field: 'idType', params: { value: '驾驶证' } }]);
    expect(checked[4]!.errors.map((e) => e.code)).toEqual(['other_id_format', 'under_age']);
  });

  it('reads 新考 as well as the older 首考 and 首次', () => {
    const rows = ['新考', '首考', '首次', '补考'].map((attempt, i) => [
      `ZK40${i}`,
      '张三',
      makeIdNumber('371002', '19900307', 41 + 2 * i),
      attempt,
    ]);
    const checked = checkRoster(rows, autoMapColumns(['准考证号', '姓名', '身份证号', '新考/补考']), context);
    expect(checked.map((c) => c.candidate?.attempt)).toEqual(['first', 'first', 'first', 'resit']);
  });
});

describe('admission tickets numbered at import', () => {
  it('numbers rows without a ticket from the assessment day, skipping tickets already used', () => {
    const columns = ['准考证号', '姓名', '身份证号'];
    const rows = [
      ['', '张一', makeIdNumber('371002', '19900307', 51)],
      ['202612020002', '张二', makeIdNumber('371002', '19900307', 53)],
      ['', '张三', makeIdNumber('371002', '19900307', 55)],
    ];
    const withPrefix = {
      ...context,
      existing: [...context.existing, { idNumber: 'X', ticket: '202612020001', name: '甲' }],
    };
    const checked = checkRoster(rows, autoMapColumns(columns), { ...withPrefix, ticketPrefix: '20261202' });
    expect(checked.map((c) => c.candidate?.ticket)).toEqual(['202612020003', '202612020002', '202612020004']);
    expect(checked.map((c) => c.generatedTicket ?? false)).toEqual([true, false, true]);
    // Without a session's prefix the ticket is required.
    expect(checkRoster(rows, autoMapColumns(columns), context)[0]!.errors).toEqual([
      { code: 'missing_field', field: 'ticket' },
    ]);
  });
});

describe('employment-priority groups in the seed notice’s words', () => {
  it('reads 全日制大中专院校学生 and the older 高校毕业生 as the same group', () => {
    const rows = ['全日制大中专院校学生', '高校毕业生', '下岗失业人员', '城镇登记失业人员'].map((group, i) => [
      `ZK50${i}`,
      '张三',
      makeIdNumber('371002', '19900307', 61 + 2 * i),
      group,
    ]);
    const checked = checkRoster(rows, autoMapColumns(['准考证号', '姓名', '身份证号', '就业重点群体']), context);
    expect(checked.map((c) => c.candidate?.priorityGroups)).toEqual([
      ['college_student'],
      ['college_student'],
      ['registered_unemployed'],
      ['registered_unemployed'],
    ]);
  });
});
