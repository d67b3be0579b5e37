/**
 * The rosters after the day, built the same way at the site and at the authority:
 *
 * - 合格人员花名册: a session's passers with their certificate numbers (统一编码).
 * - 补贴申领花名册: per training unit, the passers eligible for the subsidy — those in an
 *   employment-priority group (就业重点群体) — with their groups, certificate numbers, whether
 *   the 代领协议 is signed (the training unit claims for them only when it is, the seed notice
 *   §五(二)) and the fee per candidate.
 *
 * The certificate numbers come from the caller: the site's state (`certificates.assigned`) or
 * the authority's own store.
 */
import type { SiteState } from '../state/project';
import { safeCell, type ExportTable } from './exports';
import type { CodeListEntry } from './priorityGroups';
import { formatPoints, sessionResults, specOfSession } from './scoring';
import { idTypeTerms, sexTerms } from './terms';

export type CertificateLookup = (session: string, candidate: string) => string | undefined;

/** The site's certificate numbers, as plans brought them. */
export const siteCertificates =
  (state: SiteState): CertificateLookup =>
  (session, candidate) =>
    state.certificates[`${session}/${candidate}`]?.number;

/** Whether the 代领协议 is signed: as recorded at check-in, else as the roster said. */
export function agencyAgreementSigned(state: SiteState, session: string, candidate: string): boolean {
  return (
    state.checkIns[`${session}/${candidate}`]?.agencyAgreement ?? state.candidates[candidate]?.agencyAgreement ?? false
  );
}

function passersOf(state: SiteState, session: string) {
  return sessionResults(state, session).candidates.filter((r) => r.status === 'scored' && r.pass);
}

/** 合格人员花名册 of a session. */
export function passersTable(state: SiteState, session: string, certificateOf: CertificateLookup): ExportTable {
  const spec = specOfSession(state, session);
  const header = ['序号', '证书编号', '姓名', '性别', '证件类型', '证件号码', '考核项目', '成绩', '培训机构'];
  const rows = passersOf(state, session).map((r, i) => {
    const c = state.candidates[r.candidate]!;
    return [
      i + 1,
      certificateOf(session, r.candidate) ?? '',
      safeCell(c.name),
      sexTerms[c.sex],
      idTypeTerms[c.idType],
      c.idNumber,
      spec?.name ?? '',
      Number(formatPoints(r.final!)),
      safeCell(c.trainingUnit),
    ];
  });
  return { name: '合格人员花名册', header, rows };
}

export interface SubsidyLine {
  trainingUnit: string;
  session: string;
  candidate: string;
  groups: string[];
  certificate?: string;
  agreement: boolean;
}

/** The passers eligible for the subsidy (in a priority group), by training unit then ticket. */
export function subsidyLines(state: SiteState, sessions: string[], certificateOf: CertificateLookup): SubsidyLine[] {
  return sessions
    .flatMap((session) =>
      passersOf(state, session).flatMap((r) => {
        const c = state.candidates[r.candidate]!;
        if (c.priorityGroups.length === 0) return [];
        return [
          {
            trainingUnit: c.trainingUnit.trim(),
            session,
            candidate: r.candidate,
            groups: c.priorityGroups,
            certificate: certificateOf(session, r.candidate),
            agreement: agencyAgreementSigned(state, session, r.candidate),
          },
        ];
      }),
    )
    .sort(
      (a, b) =>
        a.trainingUnit.localeCompare(b.trainingUnit, 'zh-CN') ||
        (state.candidates[a.candidate]?.ticket ?? '').localeCompare(state.candidates[b.candidate]?.ticket ?? ''),
    );
}

/** 补贴申领花名册 as a table (one sheet; the training unit is the first column, as it is claimed by unit). */
export function subsidyTable(
  state: SiteState,
  sessions: string[],
  certificateOf: CertificateLookup,
  { fee, priorityGroups }: { fee: number; priorityGroups: CodeListEntry[] },
): ExportTable {
  const groupName = new Map(priorityGroups.map((g) => [g.code, g.zh]));
  const header = [
    '培训机构',
    '序号',
    '姓名',
    '证件号码',
    '考核项目',
    '就业重点群体',
    '证书编号',
    '代领协议',
    '考核鉴定费（元）',
  ];
  const counters = new Map<string, number>();
  const rows = subsidyLines(state, sessions, certificateOf).map((line) => {
    const c = state.candidates[line.candidate]!;
    const n = (counters.get(line.trainingUnit) ?? 0) + 1;
    counters.set(line.trainingUnit, n);
    return [
      safeCell(line.trainingUnit || '（未填写培训机构）'),
      n,
      safeCell(c.name),
      c.idNumber,
      specOfSession(state, line.session)?.name ?? '',
      line.groups.map((g) => groupName.get(g) ?? g).join('、'),
      line.certificate ?? '',
      line.agreement ? '已签' : '未签',
      fee,
    ];
  });
  return { name: '补贴申领花名册', header, rows };
}
