/**
 * Roster import: mapping a file's columns to candidate fields, and checking every row before
 * anything is imported (GB 11643 check character, birth date and sex against the ID number,
 * duplicates in the file and in the session, required fields). Pure: the renderer reads the
 * file, this judges it, and the import is all or nothing.
 */
import type { EventBody } from './events';
import { checkIdNumber } from './idNumber';
import type { CodeListEntry } from './priorityGroups';
import { educationLevelOf, ethnicGroupOf, idTypeOf } from './codeLists';
import { labelTerms } from './terms';

export const rosterFields = [
  'ticket',
  'name',
  'idType',
  'idNumber',
  'sex',
  'birthDate',
  'ethnicGroup',
  'education',
  'mobile',
  'trainingUnit',
  'employer',
  'source',
  'priorityGroups',
  'attempt',
  'agencyAgreement',
] as const;
export type RosterField = (typeof rosterFields)[number];
/** The ticket is required unless the session gives a prefix to number the rows without one (RosterContext). */
export const requiredRosterFields: RosterField[] = ['name', 'idNumber'];

/** Header names people use for each field, compared without spaces and case. */
const headerAliases: Record<RosterField, string[]> = {
  ticket: ['准考证号', '准考证', '考号', '准考证编号', 'ticket', 'admissionticket'],
  name: ['姓名', '考生姓名', 'name'],
  idType: ['证件类型', '证件种类', 'idtype'],
  idNumber: ['身份证号', '身份证号码', '公民身份号码', '证件号码', '证件号', 'idnumber', 'id'],
  sex: ['性别', 'sex', 'gender'],
  birthDate: ['出生日期', '出生年月', 'birthdate', 'dateofbirth'],
  ethnicGroup: ['民族', 'ethnicgroup', 'ethnicity'],
  education: ['文化程度', '学历', 'education'],
  mobile: ['手机', '手机号', '手机号码', '联系电话', 'mobile', 'phone'],
  trainingUnit: ['培训机构', '培训单位', 'trainingunit'],
  employer: ['工作单位', '单位', '就业单位', 'employer'],
  source: ['考生来源', '人员类别', 'source'],
  priorityGroups: ['就业重点群体', '重点群体', 'prioritygroups', 'prioritygroup'],
  agencyAgreement: ['代领协议', '补贴代领协议', '是否签订代领协议', 'agencyagreement'],
  attempt: ['新考/补考', '新考补考', '首考补考', '考试类型', '首考/补考', 'attempt'],
};

export type ColumnMapping = Partial<Record<RosterField, number>>;

const normalise = (header: string) => header.replace(/[\s\u3000]/g, '').toLowerCase();

export function autoMapColumns(headers: readonly string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  headers.forEach((header, column) => {
    const h = normalise(header);
    for (const field of rosterFields) {
      if (mapping[field] === undefined && headerAliases[field].some((alias) => normalise(alias) === h))
        mapping[field] = column;
    }
  });
  return mapping;
}

export type RowErrorCode =
  | 'missing_field'
  | 'id_format'
  | 'id_check'
  | 'id_birth_date'
  | 'birth_mismatch'
  | 'sex_mismatch'
  | 'bad_sex'
  | 'bad_birth_date'
  | 'duplicate_in_file'
  | 'duplicate_in_session'
  | 'bad_mobile'
  | 'unknown_priority_group'
  | 'bad_attempt'
  | 'formula'
  | 'too_long'
  | 'under_age'
  | 'unknown_ethnic_group'
  | 'unknown_education'
  | 'unknown_id_type'
  | 'bad_agreement'
  | 'other_id_format';

export interface RowError {
  code: RowErrorCode;
  field?: RosterField;
  params?: Record<string, string | number>;
}

export type CandidateFields = Omit<EventBody<'candidate.registered'>, 'candidate' | 'session'>;

export interface CheckedRow {
  /** The row's number as the file's own viewer shows it (header is row 1). */
  line: number;
  values: Partial<Record<RosterField, string>>;
  errors: RowError[];
  candidate?: CandidateFields;
  /** The ticket was numbered here (the roster had none). */
  generatedTicket?: true;
}

export interface RosterContext {
  /** Candidates already in the session. */
  existing: { idNumber: string; ticket: string; name: string }[];
  priorityGroups: CodeListEntry[];
  /** The assessment day (YYYY-MM-DD): a candidate younger than 16 on it is refused (DESIGN.md §2). */
  assessmentDate?: string;
  /**
   * Numbers rows without an admission ticket: the prefix (the assessment day, 20261202) and a
   * four-digit serial, skipping every ticket of the session and of the file. Without it a row
   * needs its ticket.
   */
  ticketPrefix?: string;
}

/** Full years between a birth date and a day, both YYYY-MM-DD. */
export function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}
export const minimumWorkingAge = 16;

const sexWords: Record<string, 'male' | 'female'> = {
  男: 'male',
  女: 'female',
  male: 'male',
  female: 'female',
  m: 'male',
  f: 'female',
};
const attemptWords: Record<string, 'first' | 'resit'> = {
  新考: 'first',
  首考: 'first',
  首次: 'first',
  补考: 'resit',
  first: 'first',
  resit: 'resit',
  '': 'first',
};
const agreementWords: Record<string, boolean> = {
  是: true,
  已签: true,
  已签订: true,
  yes: true,
  否: false,
  未签: false,
  未签订: false,
  no: false,
};
const maxLength: Partial<Record<RosterField, number>> = {
  ticket: 40,
  name: 100,
  ethnicGroup: 40,
  education: 40,
  trainingUnit: 200,
  employer: 200,
  source: 100,
};

function parseBirthDate(raw: string): string | undefined {
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(raw.trim());
  if (!m) return undefined;
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}

/** Judges every row; rows with no errors carry the candidate fields to import. */
export function checkRoster(
  rows: readonly (readonly string[])[],
  mapping: ColumnMapping,
  context: RosterContext,
): CheckedRow[] {
  const seenIds = new Map<string, number>();
  const seenTickets = new Map<string, number>();
  const existingIds = new Set(context.existing.map((c) => c.idNumber.toUpperCase()));
  const existingTickets = new Set(context.existing.map((c) => c.ticket));
  const groupByWord = new Map<string, string>();
  for (const g of context.priorityGroups)
    for (const word of [g.code, g.zh, g.en, ...(g.aliases ?? [])]) groupByWord.set(normalise(word), g.code);

  // Tickets the file and the session already use, so that a generated one never repeats them.
  const usedTickets = new Set(existingTickets);
  if (mapping.ticket !== undefined) for (const row of rows) usedTickets.add((row[mapping.ticket] ?? '').trim());
  let serial = 0;
  const nextTicket = (prefix: string) => {
    let ticket: string;
    do ticket = `${prefix}${String(++serial).padStart(4, '0')}`;
    while (usedTickets.has(ticket));
    usedTickets.add(ticket);
    return ticket;
  };

  return rows.map((row, index) => {
    const line = index + 2;
    const values: Partial<Record<RosterField, string>> = {};
    const errors: RowError[] = [];
    let generatedTicket = false;
    const checkAge = (birthDate: string) => {
      if (!context.assessmentDate) return;
      const age = ageOn(birthDate, context.assessmentDate);
      if (age < minimumWorkingAge)
        errors.push({
          code: 'under_age',
          field: 'idNumber',
          params: { age, day: context.assessmentDate, min: minimumWorkingAge },
        });
    };
    for (const field of rosterFields) {
      const column = mapping[field];
      if (column === undefined) continue;
      const raw = (row[column] ?? '').trim();
      // A cell that would be a live formula in Excel is refused, not neutralised: a roster has no formulas.
      if (/^[=+@]/.test(raw) || (/^-/.test(raw) && !/^-?\d/.test(raw))) errors.push({ code: 'formula', field });
      values[field] = raw;
      const limit = maxLength[field];
      if (limit && raw.length > limit) errors.push({ code: 'too_long', field, params: { max: limit } });
    }
    for (const field of requiredRosterFields) if (!values[field]) errors.push({ code: 'missing_field', field });
    if (!values.ticket) {
      if (context.ticketPrefix) {
        values.ticket = nextTicket(context.ticketPrefix);
        generatedTicket = true;
      } else errors.push({ code: 'missing_field', field: 'ticket' });
    }

    const idNumber = (values.idNumber ?? '').toUpperCase();
    const idType = values.idType ? idTypeOf(values.idType) : 'resident_id';
    if (!idType) errors.push({ code: 'unknown_id_type', field: 'idType', params: { value: values.idType! } });
    let sex: 'male' | 'female' | undefined;
    if (idNumber && idType && idType !== 'resident_id') {
      // No check character and no birth date inside: the row states sex and birth date itself.
      if (!/^[A-Z0-9]{5,30}$/.test(idNumber)) errors.push({ code: 'other_id_format', field: 'idNumber' });
      sex = values.sex ? sexWords[normalise(values.sex)] : undefined;
      if (!values.sex) errors.push({ code: 'missing_field', field: 'sex' });
      else if (!sex) errors.push({ code: 'bad_sex', field: 'sex' });
      const birth = values.birthDate ? parseBirthDate(values.birthDate) : undefined;
      if (!values.birthDate) errors.push({ code: 'missing_field', field: 'birthDate' });
      else if (!birth) errors.push({ code: 'bad_birth_date', field: 'birthDate' });
      else checkAge(birth);
    } else if (idNumber && idType) {
      const id = checkIdNumber(idNumber);
      if (!id.ok)
        errors.push({
          code: id.problem === 'format' ? 'id_format' : id.problem === 'check_character' ? 'id_check' : 'id_birth_date',
          field: 'idNumber',
        });
      else {
        sex = id.facts.sex;
        checkAge(id.facts.birthDate);
        if (values.birthDate) {
          const birth = parseBirthDate(values.birthDate);
          if (!birth) errors.push({ code: 'bad_birth_date', field: 'birthDate' });
          else if (birth !== id.facts.birthDate)
            errors.push({ code: 'birth_mismatch', field: 'birthDate', params: { fromId: id.facts.birthDate } });
        }
        if (values.sex) {
          const stated = sexWords[normalise(values.sex)];
          if (!stated) errors.push({ code: 'bad_sex', field: 'sex' });
          else if (stated !== id.facts.sex) errors.push({ code: 'sex_mismatch', field: 'sex' });
        }
      }
    }
    if (idNumber) {
      const earlier = seenIds.get(idNumber);
      if (earlier !== undefined)
        errors.push({ code: 'duplicate_in_file', field: 'idNumber', params: { line: earlier } });
      else seenIds.set(idNumber, line);
      if (existingIds.has(idNumber)) errors.push({ code: 'duplicate_in_session', field: 'idNumber' });
    }
    // Code lists (GB/T 3304, GB/T 4658): a word outside them is refused, naming the value.
    const ethnicGroup = values.ethnicGroup ? ethnicGroupOf(values.ethnicGroup) : '';
    if (ethnicGroup === undefined)
      errors.push({ code: 'unknown_ethnic_group', field: 'ethnicGroup', params: { value: values.ethnicGroup! } });
    const education = values.education ? educationLevelOf(values.education) : '';
    if (education === undefined)
      errors.push({ code: 'unknown_education', field: 'education', params: { value: values.education! } });
    if (values.ticket && !generatedTicket) {
      const earlier = seenTickets.get(values.ticket);
      if (earlier !== undefined) errors.push({ code: 'duplicate_in_file', field: 'ticket', params: { line: earlier } });
      else seenTickets.set(values.ticket, line);
      if (existingTickets.has(values.ticket)) errors.push({ code: 'duplicate_in_session', field: 'ticket' });
    }
    if (values.mobile && !/^1\d{10}$/.test(values.mobile.replace(/[\s-]/g, '')))
      errors.push({ code: 'bad_mobile', field: 'mobile' });
    const groups: string[] = [];
    for (const word of (values.priorityGroups ?? '')
      .split(/[、,，;；/]/)
      .map((w) => w.trim())
      .filter(Boolean)) {
      const code = groupByWord.get(normalise(word));
      if (code) groups.push(code);
      else errors.push({ code: 'unknown_priority_group', field: 'priorityGroups', params: { value: word } });
    }
    const attempt = attemptWords[normalise(values.attempt ?? '')];
    if (!attempt) errors.push({ code: 'bad_attempt', field: 'attempt' });
    const agreement = values.agencyAgreement ? agreementWords[normalise(values.agencyAgreement)] : undefined;
    if (values.agencyAgreement && agreement === undefined)
      errors.push({ code: 'bad_agreement', field: 'agencyAgreement' });

    const generated = generatedTicket ? { generatedTicket: true as const } : {};
    if (errors.length || !sex || !attempt || !idType) return { line, values, errors, ...generated };
    return {
      line,
      values,
      errors,
      ...generated,
      candidate: {
        ticket: values.ticket!,
        name: values.name!,
        idType,
        idNumber,
        sex,
        ethnicGroup: ethnicGroup ?? '',
        education: education ?? '',
        mobile: (values.mobile ?? '').replace(/[\s-]/g, ''),
        trainingUnit: values.trainingUnit ?? '',
        employer: values.employer ?? '',
        source: values.source ?? '',
        priorityGroups: [...new Set(groups)],
        attempt,
        ...(agreement !== undefined ? { agencyAgreement: agreement } : {}),
      },
    };
  });
}

/** The template's header row, in the order the template lists the fields. */
export const rosterTemplateHeaders: Record<RosterField, string> = {
  ticket: '准考证号',
  name: '姓名',
  idType: labelTerms.idType,
  idNumber: '证件号码',
  sex: '性别',
  birthDate: '出生日期',
  ethnicGroup: '民族',
  education: '文化程度',
  mobile: '手机号码',
  trainingUnit: '培训机构',
  employer: '工作单位',
  source: '考生来源',
  priorityGroups: '就业重点群体',
  attempt: labelTerms.attempt,
  agencyAgreement: '代领协议',
};
