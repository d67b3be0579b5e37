/**
 * The printed records, as pdfmake document definitions built from the site's state.
 *
 * They follow the paper forms sites already sign: A4, a wider left margin for binding, the
 * title centred, a header block of the session's particulars, table headers repeated on every
 * page, 第 N 页 共 M 页 at the foot, signature lines at the end, and a QR code (top right) that
 * leads back to the signed event the record prints (shared/domain/records.ts). The wording is
 * Chinese whatever the UI language: the paper is the legal record. Pure functions of their
 * inputs, so Node tests and the benchmark build the same documents the app prints.
 */
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { displayTime, identityCell, resultName } from '../../../shared/domain/exports';
import { formatRecordCode, formatShortCode, type RecordCode } from '../../../shared/domain/records';
import {
  formatPoints,
  sessionResults,
  sheetTotal,
  specOfSession,
  taskSubtotals,
  toHundredths,
  type CandidateResult,
} from '../../../shared/domain/scoring';
import { noteCategories, specParts } from '../../../shared/domain/events';
import type { SiteProfile } from '../../../shared/domain/site';
import { lateAfterMinutes } from '../../../shared/domain/rules';
import { workstationNumbers } from '../../../shared/domain/groups';
import { publicationNotice, publicationTable } from '../../../shared/domain/publication';
import { passersTable, siteCertificates, subsidyTable } from '../../../shared/domain/passerRosters';
import type { CodeListEntry } from '../../../shared/domain/priorityGroups';
import type { ExportTable } from '../../../shared/domain/exports';
import {
  checkInTerms,
  flagTerms,
  identityTerms,
  idTypeTerms,
  labelTerms,
  methodTerms,
  misconductTerms,
  partTerms,
  recordTerms,
  resultTerms,
  sexTerms,
} from '../../../shared/domain/terms';
import type { SessionState, SheetState, SiteState } from '../../../shared/state/project';
import { zhCN } from '../../i18n/zh-CN';

export const printFontFamily = 'NotoSansSC';

/** What every record's header names besides the session. */
export interface PrintContext {
  state: SiteState;
  site: SiteProfile;
  /** The QR code of the record (its hash filled in by the caller from the ledger). */
  code: RecordCode;
  /** When the record was printed, as the site's wall clock ("2026-11-26T15:02:00.000+08:00"). */
  printedAt: string;
  /** For the 补贴申领花名册: the fee per candidate and the priority-group code list in use. */
  subsidy?: { fee: number; priorityGroups: CodeListEntry[] };
  /** For the 准考证: each candidate's photo where one is held (a data: URL), by candidate. */
  photos?: Record<string, string>;
}

// The official terms (shared/domain/terms.ts); categories and roles are the screen's words.
const terms = {
  checkIn: checkInTerms,
  categories: zhCN.supervision.categories,
  severities: zhCN.supervision.severities,
  actions: misconductTerms,
  roles: zhCN.roles,
  methods: methodTerms,
} as const;

/** A4 with 25 mm on the binding side. */
function page(title: string, content: Content[], ctx: PrintContext, landscape = false): TDocumentDefinitions {
  return {
    info: { title, creator: '考点 Kaodian', subject: formatRecordCode(ctx.code) },
    pageSize: 'A4',
    pageOrientation: landscape ? 'landscape' : 'portrait',
    pageMargins: [71, 48, 40, 56],
    defaultStyle: { font: printFontFamily, fontSize: 9.5, lineHeight: 1.15 },
    styles: {
      title: { fontSize: 16, bold: true, alignment: 'center', margin: [0, 0, 0, 4] },
      subtitle: { fontSize: 10, alignment: 'center', color: '#333333', margin: [0, 0, 0, 8] },
      th: { bold: true, alignment: 'center', fillColor: '#eeeeee' },
      small: { fontSize: 7.5, color: '#555555' },
      section: { fontSize: 11, bold: true, margin: [0, 10, 0, 4] },
    },
    footer: (current: number, total: number) => ({
      columns: [
        { width: '*', text: `${ctx.site.siteName}（${ctx.site.siteCode}）`, style: 'small', margin: [71, 16, 0, 0] },
        { width: 110, text: `第 ${current} 页 共 ${total} 页`, alignment: 'center', margin: [0, 16, 0, 0] },
        {
          width: '*',
          text: `打印时间 ${displayTime(ctx.printedAt)}`,
          style: 'small',
          alignment: 'right',
          margin: [0, 16, 40, 0],
        },
      ],
    }),
    content: [titleBlock(title, ctx), ...content],
  };
}

/** The title centred with the QR code at the right, its text in small print beneath. */
function titleBlock(title: string, ctx: PrintContext): Content {
  const code = formatRecordCode(ctx.code);
  return {
    columns: [
      { width: 104, text: '' },
      {
        width: '*',
        stack: [
          { text: title, style: 'title' },
          { text: `${ctx.site.siteName} · ${ctx.site.district}`, style: 'subtitle' },
        ],
      },
      {
        // Wide enough for the 核验码 on one line; the spacer on the left keeps the title centred.
        width: 104,
        stack: [
          { qr: code, fit: 72, eccLevel: 'M', alignment: 'right' },
          { text: '扫码核验', style: 'small', alignment: 'right' },
          // Without a scanner, this is typed on 核验纸质记录.
          { text: `核验码 ${formatShortCode(ctx.code)}`, style: 'small', alignment: 'right' },
        ],
      },
    ],
    margin: [0, 0, 0, 6],
  };
}

function sessionBlock(state: SiteState, session: SessionState): Content {
  const spec = specOfSession(state, session.id);
  const row = (a: string, b: string, c: string, d: string): TableCell[] => [
    { text: a, bold: true },
    b,
    { text: c, bold: true },
    d,
  ];
  return {
    table: {
      widths: [60, '*', 60, '*'],
      body: [
        row(
          '考核项目',
          spec ? `${spec.name}（${spec.code}）` : session.spec,
          '考核方式',
          spec ? `${terms.methods[spec.method]} ${spec.durationMinutes} 分钟` : '',
        ),
        row('考核场次', session.name, '考场', session.room),
        row('考核日期', displayTime(session.startsAt).slice(0, 16), '计划人数', String(session.plannedCandidates)),
      ],
    },
    margin: [0, 0, 0, 8],
  };
}

const th = (text: string): TableCell => ({ text, style: 'th' });
const signature = (label: string): Content => ({
  text: `${label}：＿＿＿＿＿＿＿＿＿＿    日期：＿＿＿＿年＿＿月＿＿日`,
  margin: [0, 14, 0, 0],
});

/** 评分记录表 — each examiner's sheet for a candidate, each from a new page with its own code. */
export function scoreSheetDocument(
  ctx: PrintContext,
  sheetIds: string[],
  codes: RecordCode[] = [ctx.code],
): TDocumentDefinitions {
  const content = sheetIds.flatMap((id, i) => {
    const body = scoreSheetContent(ctx.state, ctx.state.sheets[id]!);
    return i === 0
      ? body
      : [
          { text: '', pageBreak: 'before' } satisfies Content,
          titleBlock(recordTerms.sheet, { ...ctx, code: codes[i] ?? ctx.code }),
          ...body,
        ];
  });
  return page(recordTerms.sheet, content, ctx);
}

/** The content of one sheet (several sheets print one after the other, each from a new page). */
export function scoreSheetContent(state: SiteState, sheet: SheetState): Content[] {
  const session = state.sessions[sheet.session]!;
  const spec = specOfSession(state, sheet.session)!;
  const candidate = state.candidates[sheet.candidate]!;
  const examiner = state.people[sheet.examiner];
  const arbitrated = new Map(
    Object.values(state.arbitrations)
      .filter((a) => a.session === sheet.session && a.candidate === sheet.candidate)
      .map((a) => [a.item, a]),
  );
  const subtotals = taskSubtotals(spec, sheet.items);
  const body: TableCell[][] = [
    [th('序号'), th('考核内容'), th('评分要素'), th('配分'), th('评分标准'), th('扣分'), th('得分'), th('备注')],
  ];
  let n = 0;
  spec.tasks.forEach((task, t) => {
    task.items.forEach((item, i) => {
      n += 1;
      const points = sheet.items[item.id] ?? 0;
      const ruling = arbitrated.get(item.id);
      const remark = ruling ? `${labelTerms.arbitration} ${formatPoints(toHundredths(ruling.points))}` : '';
      body.push([
        { text: String(n), alignment: 'center' },
        i === 0 ? { text: `${task.name}\n（${task.weight}%）`, rowSpan: task.items.length } : '',
        item.content,
        { text: formatPoints(toHundredths(item.maxPoints)), alignment: 'right' },
        { text: item.criteria, fontSize: 7.5 },
        { text: formatPoints(toHundredths(item.maxPoints) - toHundredths(points)), alignment: 'right' },
        { text: formatPoints(toHundredths(points)), alignment: 'right', bold: true },
        { text: remark, fontSize: 8 },
      ]);
    });
    const sub = subtotals[t]!;
    body.push([
      '',
      { text: `${task.name} 小计`, colSpan: 2, bold: true },
      '',
      { text: formatPoints(sub.max), alignment: 'right' },
      { text: `折合权重 ${task.weight}%：${formatPoints(sub.weighted)}`, colSpan: 2 },
      '',
      { text: formatPoints(sub.points), alignment: 'right', bold: true },
      '',
    ]);
  });
  body.push([
    '',
    { text: '加权总分（满分 100）', colSpan: 5, bold: true, alignment: 'right' },
    '',
    '',
    '',
    '',
    { text: formatPoints(sheetTotal(spec, sheet.items)), alignment: 'right', bold: true, fontSize: 11 },
    '',
  ]);

  const particulars: Content = {
    table: {
      widths: [60, '*', 60, '*'],
      body: [
        [{ text: '准考证号', bold: true }, candidate.ticket, { text: '姓名', bold: true }, candidate.name],
        [
          { text: '证件号码', bold: true },
          candidate.idNumber,
          { text: '考评员', bold: true },
          examiner?.name ?? sheet.examiner,
        ],
        [{ text: '提交时间', bold: true }, displayTime(sheet.submittedAt), { text: '考场', bold: true }, session.room],
      ],
    },
    margin: [0, 0, 0, 8],
  };
  const amendments: Content[] = sheet.amendments.length
    ? [
        { text: '更正记录', style: 'section' },
        {
          table: {
            headerRows: 1,
            widths: [90, '*', 70],
            body: [
              [th('时间'), th('更正理由'), th('确认组长')],
              ...sheet.amendments.map((a): TableCell[] => [
                displayTime(a.at),
                a.reason,
                state.people[a.confirmedBy]?.name ?? a.confirmedBy,
              ]),
            ],
          },
        },
      ]
    : [];
  return [
    sessionBlock(state, session),
    particulars,
    {
      table: { headerRows: 1, dontBreakRows: true, widths: [22, 62, 90, 30, '*', 30, 30, 44], body },
      layout: { paddingLeft: () => 3, paddingRight: () => 3 },
    },
    ...amendments,
    signature('考评员签名'),
  ];
}

/** What the 成绩汇总表's 备注 says of a candidate, as the results screen shows it. */
function summaryRemark(r: CandidateResult): string {
  const remarks = [
    r.status === 'absent' ? '缺考' : '',
    r.status === 'late_refused' ? checkInTerms.late_refused : '',
    r.flags.includes('arbitrated') ? flagTerms.arbitrated : '',
    r.flags.includes('amended') ? flagTerms.amended : '',
    r.flags.includes('caution') || r.flags.includes('warning') ? '违纪处理' : '',
    r.deductionPercent ? `扣 ${r.deductionPercent}%` : '',
  ];
  return remarks.filter(Boolean).join('；');
}

/** 成绩汇总表 — every candidate of a session, each examiner's total, the final score and result. */
export function summaryDocument(ctx: PrintContext, session: SessionState): TDocumentDefinitions {
  const { state } = ctx;
  const results = sessionResults(state, session.id);
  const spec = specOfSession(state, session.id);
  // Theory + practical: both parts' scores, each of which must reach the pass mark.
  const parts = spec?.method === 'theory_practical' ? specParts : [];
  const passMark = toHundredths(spec?.passMark ?? 60);
  const examiners = Object.values(state.assignments).filter((a) => a.session === session.id && a.role === 'examiner');
  const leader = examiners.find((a) => a.leader);
  const supervisors = Object.values(state.assignments).filter(
    (a) => a.session === session.id && a.role === 'supervisor',
  );
  const header: TableCell[] = [
    th('序号'),
    th('准考证号'),
    th('姓名'),
    th('证件号码'),
    ...examiners.map((a) => th(state.people[a.person]?.name ?? '')),
    ...parts.map((part) => th(partTerms[part])),
    th('最终成绩'),
    th('结果'),
    th('备注'),
  ];
  const body: TableCell[][] = [header];
  results.candidates.forEach((r, i) => {
    const c = state.candidates[r.candidate]!;
    body.push([
      { text: String(i + 1), alignment: 'center' },
      { text: c.ticket, fontSize: 8.5 },
      c.name,
      { text: c.idNumber, fontSize: 8 },
      ...examiners.map((a): TableCell => ({
        text: r.examinerTotals[a.person] === undefined ? '' : formatPoints(r.examinerTotals[a.person]!),
        alignment: 'right',
      })),
      ...parts.map((part): TableCell => ({
        text: r.parts ? formatPoints(r.parts[part]) : '',
        alignment: 'right',
        // A part below the pass mark fails the candidate on its own: marked on the paper too.
        decoration: r.parts && r.parts[part] < passMark ? 'underline' : undefined,
      })),
      { text: r.final === undefined ? '' : formatPoints(r.final), alignment: 'right', bold: true },
      { text: resultName(r), alignment: 'center' },
      { text: summaryRemark(r), fontSize: 8 },
    ]);
  });
  const rate = results.passRate === undefined ? '—' : `${formatPoints(results.passRate)}%`;
  const signatures: Content = {
    columns: [
      {
        width: '*',
        stack: [
          ...examiners.map(
            (a, i) =>
              ({
                text: `考评员${i + 1}（${state.people[a.person]?.name ?? ''}）签名：＿＿＿＿＿＿＿＿`,
                margin: [0, 10, 0, 0],
              }) satisfies Content,
          ),
          {
            text: `考评组长${leader ? `（${state.people[leader.person]?.name ?? ''}）` : ''}签名：＿＿＿＿＿＿＿＿`,
            margin: [0, 10, 0, 0],
          },
          {
            text: `督导员${supervisors.length ? `（${supervisors.map((s) => state.people[s.person]?.name ?? '').join('、')}）` : ''}签名：＿＿＿＿＿＿＿＿`,
            margin: [0, 10, 0, 0],
          },
          { text: '日期：＿＿＿＿年＿＿月＿＿日', margin: [0, 10, 0, 0] },
        ],
      },
      {
        width: 150,
        table: {
          widths: [140],
          heights: [110],
          body: [[{ text: '考点（盖章）', alignment: 'center', color: '#777777', margin: [0, 44, 0, 0] }]],
        },
        margin: [0, 10, 0, 0],
      },
    ],
    unbreakable: true,
  };
  const examinerWidths = [...examiners, ...parts].map(() => 36);
  return page(
    recordTerms.summary,
    [
      sessionBlock(state, session),
      {
        text: `报名 ${results.registered} 人，实到 ${results.present} 人，缺考 ${results.absent} 人，出分 ${results.scored} 人，合格 ${results.passed} 人，合格率 ${rate}`,
        margin: [0, 0, 0, 6],
      },
      ...(parts.length
        ? [
            {
              text: `${partTerms.theory}与${partTerms.practical}成绩均达到 ${formatPoints(passMark)} 分为合格（下划线为未达到的部分）。`,
              style: 'small',
              margin: [0, 0, 0, 4],
            } satisfies Content,
          ]
        : []),
      {
        table: { headerRows: 1, dontBreakRows: true, widths: [20, 66, 46, 84, ...examinerWidths, 40, 38, '*'], body },
        layout: { paddingLeft: () => 2, paddingRight: () => 2 },
      },
      signatures,
    ],
    ctx,
  );
}

/** 签到表 — check-in states and times, with a column for each candidate's own signature. */
export function checkInDocument(ctx: PrintContext, session: SessionState): TDocumentDefinitions {
  const { state } = ctx;
  const candidates = Object.values(state.candidates)
    .filter((c) => c.session === session.id)
    .sort((a, b) => a.ticket.localeCompare(b.ticket));
  const body: TableCell[][] = [
    [
      th('序号'),
      th('准考证号'),
      th('姓名'),
      th('证件号码'),
      th('签到状态'),
      th('身份核验'),
      th('签到时间'),
      th('承诺'),
      th('考生签名'),
    ],
  ];
  candidates.forEach((c, i) => {
    const checkIn = state.checkIns[`${session.id}/${c.candidate}`];
    body.push([
      { text: String(i + 1), alignment: 'center' },
      { text: c.ticket, fontSize: 8.5 },
      c.name,
      { text: c.idNumber, fontSize: 8 },
      { text: checkIn ? terms.checkIn[checkIn.state] : resultTerms.not_checked_in, alignment: 'center' },
      // The reason for an unconfirmed identity is on the 考场情况记录表; here the check itself.
      {
        text: checkIn?.identity ? identityTerms[checkIn.identity] : '',
        alignment: 'center',
        fontSize: 8,
        bold: !!checkIn?.identity && checkIn.identity !== 'id_matched',
      },
      { text: checkIn ? displayTime(checkIn.at).slice(11) : '', alignment: 'center' },
      { text: checkIn?.pledge ? '✓' : '', alignment: 'center' },
      '',
    ]);
  });
  const present = candidates.filter((c) => state.checkIns[`${session.id}/${c.candidate}`]?.state === 'present').length;
  return page(
    recordTerms.checkin,
    [
      sessionBlock(state, session),
      { text: `应到 ${candidates.length} 人，实到 ${present} 人`, margin: [0, 0, 0, 6] },
      {
        table: {
          headerRows: 1,
          dontBreakRows: true,
          widths: [20, 66, 44, 86, 44, 46, 40, 22, '*'],
          heights: (row: number) => (row === 0 ? 0 : 20),
          body,
        },
      },
      signature('签到核验人签名'),
    ],
    ctx,
  );
}

/** 督导记录表 — the checklist and every note, in the order they were logged. */
export function supervisionDocument(ctx: PrintContext, session: SessionState): TDocumentDefinitions {
  const { state } = ctx;
  const supervisors = Object.values(state.assignments).filter(
    (a) => a.session === session.id && a.role === 'supervisor',
  );
  const notes = Object.values(state.notes)
    .filter((n) => n.session === session.id)
    .sort((a, b) => a.at.localeCompare(b.at));
  const checklist = session.checklist;
  const checklistBody: TableCell[][] = [
    [th('检查项目'), th('结果')],
    ...noteCategories.map((category): TableCell[] => [
      terms.categories[category],
      { text: !checklist ? '未检查' : checklist[category] ? '符合' : '不符合', alignment: 'center' },
    ]),
  ];
  const involved = (n: (typeof notes)[number]) =>
    [
      n.candidate ? `考生 ${state.candidates[n.candidate]?.name ?? ''}` : '',
      n.examiner ? `考评员 ${state.people[n.examiner]?.name ?? ''}` : '',
    ]
      .filter(Boolean)
      .join('，');
  const notesBody: TableCell[][] = [
    [th('时间'), th('类别'), th('程度'), th('情况说明'), th('涉及'), th('记录人')],
    ...notes.map((n): TableCell[] => [
      displayTime(n.at).slice(5, 16),
      terms.categories[n.category],
      terms.severities[n.severity],
      n.follows ? `（补充）${n.text}` : n.text,
      involved(n),
      state.people[n.by]?.name ?? '',
    ]),
  ];
  if (notes.length === 0) notesBody.push([{ text: '无督导记录', colSpan: 6, alignment: 'center' }, '', '', '', '', '']);
  // PINs set on this device by someone other than their owner since the session's day (never the PIN).
  const day = (session.openedAt ?? session.startsAt).slice(0, 10);
  const resets = Object.values(state.pinResets)
    .filter((r) => r.at.slice(0, 10) >= day)
    .sort((a, b) => a.at.localeCompare(b.at));
  const resetsBody: TableCell[][] = [
    [th('时间'), th('PIN 码被重置的人员'), th('重置人')],
    ...resets.map((r): TableCell[] => [
      displayTime(r.at).slice(5, 16),
      `${state.people[r.person]?.name ?? ''}（${terms.roles[state.people[r.person]?.role ?? 'examiner']}）`,
      state.people[r.by]?.name ?? '',
    ]),
  ];
  if (resets.length === 0) resetsBody.push([{ text: '无', colSpan: 3, alignment: 'center' }, '', '']);
  return page(
    recordTerms.supervision,
    [
      sessionBlock(state, session),
      {
        text: `督导员：${supervisors.map((s) => state.people[s.person]?.name ?? '').join('、') || '（未分派）'}`,
        margin: [0, 0, 0, 4],
      },
      { text: '督导检查表', style: 'section' },
      { table: { headerRows: 1, widths: ['*', 80], body: checklistBody } },
      { text: '督导情况记录', style: 'section' },
      { table: { headerRows: 1, dontBreakRows: true, widths: [58, 62, 40, '*', 70, 44], body: notesBody } },
      { text: 'PIN 码重置记录（本机，考核当天起）', style: 'section' },
      { table: { headerRows: 1, widths: [58, '*', 90], body: resetsBody } },
      signature('督导员签名'),
    ],
    ctx,
  );
}

/** 考场情况记录表 — every misconduct action of the session. */
export function incidentDocument(ctx: PrintContext, session: SessionState): TDocumentDefinitions {
  const { state } = ctx;
  const actions = Object.values(state.misconduct)
    .filter((m) => m.session === session.id)
    .sort((a, b) => a.at.localeCompare(b.at));
  const body: TableCell[][] = [
    [th('时间'), th('准考证号'), th('姓名'), th('处理方式'), th('事实与理由'), th('记录人')],
  ];
  for (const m of actions) {
    const c = state.candidates[m.candidate];
    body.push([
      displayTime(m.at).slice(5, 16),
      c?.ticket ?? '',
      c?.name ?? '',
      m.action === 'deduct' ? `${terms.actions.deduct} ${m.deductPercent ?? 0}%` : terms.actions[m.action],
      m.reason,
      state.people[m.by]?.name ?? '',
    ]);
  }
  if (actions.length === 0)
    body.push([{ text: '本场次无违纪情况记录', colSpan: 6, alignment: 'center' }, '', '', '', '', '']);
  // Check-in exceptions: impersonations, and admissions whose identity was not confirmed (with the manager's reason).
  const exceptions = Object.values(state.checkIns)
    .filter(
      (c) =>
        c.session === session.id &&
        (c.state === 'substituted' ||
          (c.state === 'present' && ((c.identity && c.identity !== 'id_matched') || c.lateReason))),
    )
    .sort((a, b) => a.at.localeCompare(b.at));
  const exceptionsBody: TableCell[][] = [
    [th('时间'), th('准考证号'), th('姓名'), th('签到状态'), th('身份核验与处理')],
  ];
  for (const e of exceptions) {
    const c = state.candidates[e.candidate];
    exceptionsBody.push([
      displayTime(e.at).slice(5, 16),
      c?.ticket ?? '',
      c?.name ?? '',
      terms.checkIn[e.state],
      [identityCell(e), e.lateReason ? `开考 ${lateAfterMinutes} 分钟后准予入场：${e.lateReason}` : '']
        .filter(Boolean)
        .join('；') || '—',
    ]);
  }
  if (exceptions.length === 0)
    exceptionsBody.push([{ text: '本场次无签到异常', colSpan: 5, alignment: 'center' }, '', '', '', '']);
  return page(
    recordTerms.incident,
    [
      sessionBlock(state, session),
      // A 12-digit ticket fits its column without wrapping (it once broke over two lines).
      { table: { headerRows: 1, dontBreakRows: true, widths: [58, 70, 48, 56, '*', 44], body } },
      { text: '签到异常（替考、身份未核验一致或开考 15 分钟后准予入场）', style: 'section' },
      { table: { headerRows: 1, dontBreakRows: true, widths: [58, 70, 48, 48, '*'], body: exceptionsBody } },
      signature('考评组长签名'),
      signature('督导员签名'),
    ],
    ctx,
  );
}

/**
 * 成绩公示表 — the list posted for the publication period: ID numbers masked, no phone numbers,
 * the period and the review deadline above it, the site's seal below.
 */
export function publicationDocument(ctx: PrintContext, session: SessionState): TDocumentDefinitions {
  const { state } = ctx;
  const publication = state.publications[session.id]!;
  const table = publicationTable(state, session.id);
  const body = tableBody(table, ['center', 'left', 'left', 'left', 'right', 'center']);
  return page(
    recordTerms.publication,
    [
      sessionBlock(state, session),
      { text: publicationNotice(publication), margin: [0, 0, 0, 6] },
      { table: { headerRows: 1, dontBreakRows: true, widths: [26, 76, 56, 110, 44, '*'], body } },
      {
        columns: [
          { width: '*', text: `公示单位：${ctx.site.siteName}`, margin: [0, 14, 0, 0] },
          {
            width: 150,
            table: {
              widths: [140],
              heights: [90],
              body: [[{ text: '考点（盖章）', alignment: 'center', color: '#777777', margin: [0, 34, 0, 0] }]],
            },
            margin: [0, 10, 0, 0],
          },
        ],
        unbreakable: true,
      },
    ],
    ctx,
  );
}

/** A table of text cells from an export table: the same rows on paper as in the spreadsheet. */
function tableBody(table: ExportTable, align: ('left' | 'center' | 'right')[] = []): TableCell[][] {
  return [
    table.header.map(th),
    ...table.rows.map((row): TableCell[] =>
      row.map((cell, i) => ({
        text: typeof cell === 'number' && table.header[i] === '成绩' ? formatPoints(toHundredths(cell)) : String(cell),
        alignment: align[i] ?? 'left',
      })),
    ),
  ];
}

/** 合格人员花名册 — a session's passers with the certificate numbers the district assigned. */
export function passersDocument(ctx: PrintContext, session: SessionState): TDocumentDefinitions {
  const { state } = ctx;
  const table = passersTable(state, session.id, siteCertificates(state));
  const missing = table.rows.filter((row) => row[1] === '').length;
  return page(
    recordTerms.passers,
    [
      sessionBlock(state, session),
      {
        text: missing
          ? `合格 ${table.rows.length} 人，其中 ${missing} 人尚无证书编号（待鉴定机构下发的考核计划）。`
          : `合格 ${table.rows.length} 人，证书编号由鉴定机构统一编码。`,
        margin: [0, 0, 0, 6],
      },
      {
        table: {
          headerRows: 1,
          dontBreakRows: true,
          widths: [22, 150, 44, 22, 60, 100, '*', 34, 120],
          body: tableBody(table, ['center', 'left', 'left', 'center', 'left', 'left', 'left', 'right']),
        },
        layout: { paddingLeft: () => 2, paddingRight: () => 2 },
        fontSize: 8,
      },
      signature('考点负责人签名'),
    ],
    ctx,
    true,
  );
}

/**
 * 补贴申领花名册 — by training unit, the passers in an employment-priority group, their groups,
 * certificate numbers, whether the 代领协议 is signed, and the fee; a signature line per unit.
 */
export function subsidyDocument(ctx: PrintContext, session: SessionState): TDocumentDefinitions {
  const { state } = ctx;
  const subsidy = ctx.subsidy ?? { fee: 0, priorityGroups: [] };
  const table = subsidyTable(state, [session.id], siteCertificates(state), subsidy);
  const units = [...new Set(table.rows.map((row) => String(row[0])))];
  const content: Content[] = [sessionBlock(state, session)];
  if (units.length === 0) content.push({ text: '本场次没有属于就业重点群体的合格人员。', margin: [0, 8, 0, 0] });
  for (const unit of units) {
    const rows = table.rows.filter((row) => row[0] === unit);
    const unsigned = rows.filter((row) => row[7] !== '已签').length;
    content.push(
      { text: `培训机构：${unit}`, style: 'section' },
      {
        table: {
          headerRows: 1,
          dontBreakRows: true,
          widths: [22, 44, 96, 100, '*', 150, 40, 56],
          body: tableBody({ ...table, header: table.header.slice(1), rows: rows.map((row) => row.slice(1)) }, [
            'center',
            'left',
            'left',
            'left',
            'left',
            'left',
            'center',
            'right',
          ]),
        },
        layout: { paddingLeft: () => 2, paddingRight: () => 2 },
        fontSize: 8,
      },
      {
        text: `共 ${rows.length} 人，考核鉴定费合计 ${rows.length * subsidy.fee} 元${unsigned ? `；其中 ${unsigned} 人未签代领协议，不由培训机构代领` : ''}。`,
        margin: [0, 4, 0, 0],
      },
      signature(`${unit}（盖章）负责人签名`),
    );
  }
  return page(recordTerms.subsidy, content, ctx, true);
}

/**
 * 准考证 — four admission tickets to an A4 page, cut along the lines: ticket number (numbered at
 * import when the roster had none), workstation, the session's time and place, a photo where one
 * is held (else a box to paste one), and what to bring.
 */
export function ticketsDocument(ctx: PrintContext, session: SessionState): TDocumentDefinitions {
  const { state } = ctx;
  const spec = specOfSession(state, session.id);
  const candidates = Object.values(state.candidates).filter((c) => c.session === session.id);
  const workstations = workstationNumbers(candidates);
  const ordered = [...candidates].sort((a, b) => a.ticket.localeCompare(b.ticket));
  const ticket = (c: (typeof ordered)[number]): Content => {
    const photo = ctx.photos?.[c.candidate];
    const line = (label: string, value: string): TableCell[] => [{ text: label, bold: true }, value];
    return {
      table: {
        widths: ['*'],
        body: [
          [
            {
              stack: [
                { text: `${spec?.name ?? ''} 专项职业能力考核`, alignment: 'center', fontSize: 9 },
                { text: recordTerms.tickets, alignment: 'center', fontSize: 15, bold: true, margin: [0, 2, 0, 6] },
                {
                  columns: [
                    {
                      width: '*',
                      table: {
                        widths: [46, '*'],
                        body: [
                          line('准考证号', c.ticket),
                          line('姓名', c.name),
                          line('性别', sexTerms[c.sex]),
                          line(idTypeTerms[c.idType], c.idNumber),
                          line('工位号', String(workstations.get(c.candidate) ?? '')),
                          line(
                            '考核时间',
                            `${displayTime(session.startsAt).slice(0, 16)}（${spec?.durationMinutes ?? ''} 分钟）`,
                          ),
                          line('考核地点', `${ctx.site.siteName} ${session.room}`),
                        ],
                      },
                      layout: 'noBorders',
                      fontSize: 8.5,
                    },
                    photo
                      ? { width: 64, image: photo, fit: [64, 84] }
                      : {
                          width: 64,
                          table: {
                            widths: [58],
                            heights: [80],
                            body: [[{ text: '照片', alignment: 'center', color: '#999999', margin: [0, 32, 0, 0] }]],
                          },
                        },
                  ],
                },
                {
                  text: '凭本证和有效身份证件入场；开考 15 分钟后不得入场；请遵守考场纪律，诚信应考。',
                  fontSize: 7.5,
                  color: '#444444',
                  margin: [0, 6, 0, 0],
                },
              ],
              margin: [6, 6, 6, 6],
            },
          ],
        ],
      },
      unbreakable: true,
    };
  };
  const rows: Content[] = [];
  for (let i = 0; i < ordered.length; i += 2)
    rows.push({
      columns: [ticket(ordered[i]!), i + 1 < ordered.length ? ticket(ordered[i + 1]!) : { text: '' }],
      columnGap: 14,
      margin: [0, 0, 0, 14],
      ...(i > 0 && i % 4 === 0 ? { pageBreak: 'before' as const } : {}),
    });
  return page(recordTerms.tickets, rows.length ? rows : [{ text: '本场次没有考生。' }], ctx);
}

/** 考评人员签到表 — each examiner and supervisor of the session, with columns to sign in and out. */
export function staffSignInDocument(ctx: PrintContext, session: SessionState): TDocumentDefinitions {
  const { state } = ctx;
  const assigned = Object.values(state.assignments)
    .filter((a) => a.session === session.id)
    .sort(
      (a, b) =>
        (a.role === b.role ? 0 : a.role === 'examiner' ? -1 : 1) ||
        a.group.localeCompare(b.group) ||
        Number(b.leader) - Number(a.leader),
    );
  const body: TableCell[][] = [
    [th('序号'), th('姓名'), th('考评职务'), th('考评组'), th('工作单位'), th('签到时间'), th('签名'), th('签退时间')],
    ...assigned.map((a, i): TableCell[] => {
      const person = state.people[a.person];
      const duty = a.role === 'supervisor' ? '督导员' : a.leader ? '考评组长' : '考评员';
      return [
        { text: String(i + 1), alignment: 'center' },
        person?.name ?? '',
        duty,
        a.role === 'examiner' ? a.group : '',
        person?.employer || person?.trainingUnit || '',
        '',
        '',
        '',
      ];
    }),
  ];
  return page(
    recordTerms.staff,
    [
      sessionBlock(state, session),
      {
        table: {
          headerRows: 1,
          heights: (row: number) => (row === 0 ? 16 : 28),
          widths: [22, 48, 48, 34, '*', 56, 60, 56],
          body,
        },
      },
      signature('考点负责人签名'),
    ],
    ctx,
  );
}

/** What the manifest prints of an exported package. */
export interface PackageManifestInfo {
  id: string;
  createdAt: string;
  /** SHA-256 of the package file, hex. */
  fileHash: string;
  batches: { device: string; from: number; to: number; events: number; head: string }[];
  attachments: number;
  /** The recipients it is sealed to (FORMATS.md §5a); absent for a plain package. */
  sealedTo?: { kid: string; name: string }[];
}

/** 同步包清单 — what a courier carries: the package, its batches and hashes, for signing over. */
export function manifestDocument(ctx: PrintContext, pkg: PackageManifestInfo): TDocumentDefinitions {
  const body: TableCell[][] = [[th('序号'), th('设备'), th('起止序号'), th('事件数'), th('末事件哈希（SHA-256）')]];
  pkg.batches.forEach((b, i) => {
    body.push([
      { text: String(i + 1), alignment: 'center' },
      { text: b.device, fontSize: 7.5 },
      { text: `${b.from}–${b.to}`, alignment: 'center' },
      { text: String(b.events), alignment: 'right' },
      { text: b.head, fontSize: 7 },
    ]);
  });
  const events = pkg.batches.reduce((n, b) => n + b.events, 0);
  return page(
    recordTerms.manifest,
    [
      {
        table: {
          widths: [70, '*'],
          body: [
            [{ text: '同步包编号', bold: true }, pkg.id],
            [{ text: '生成时间', bold: true }, displayTime(pkg.createdAt)],
            [{ text: '考点', bold: true }, `${ctx.site.siteName}（${ctx.site.siteCode}）`],
            [
              { text: '文件哈希', bold: true },
              { text: pkg.fileHash, fontSize: 8 },
            ],
            [{ text: '内容', bold: true }, `${pkg.batches.length} 个批次，${events} 条记录，${pkg.attachments} 个附件`],
            [
              { text: '加密', bold: true },
              pkg.sealedTo
                ? `已加密，仅以下收件方可打开：${pkg.sealedTo.map((r) => r.name).join('、')}`
                : '未加密（明文同步包）',
            ],
          ],
        },
        margin: [0, 0, 0, 8],
      },
      { table: { headerRows: 1, dontBreakRows: true, widths: [22, 82, 50, 36, '*'], body } },
      signature('交件人签名'),
      signature('携带人签名'),
      signature('接收人签名'),
    ],
    ctx,
  );
}
