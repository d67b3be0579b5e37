/**
 * The demo site: one session of 30 candidates for the demo specification, 3 examiners (one the
 * group leader), 1 supervisor and 1 site manager, as event drafts. Deterministic for a seed, so
 * the demo package and the app's "load demo site" show the same people.
 */
import type { EventDraft } from '../ledger/append';
import { formatTime, uuidV4 } from '../ledger/ids';
import { demoSpecification } from './demoSpec';
import { makeIdNumber } from './idNumber';

/** A small seeded generator (mulberry32): the same seed, the same site. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The first 30 candidates have names a real roster would hold (one list per sex, as the ID
// number's 17th digit says); larger sessions (benchmarks) make up the rest from characters.
const femaleNames = [
  ...'王秀英 刘桂芳 陈晓燕 赵丽娟 周玉兰 吴海燕 孙丽萍 朱红霞 林凤英 郭淑珍 罗美玲 宋玉洁 谢秋菊 韩文静 冯雪梅 董丽华 曲金凤 姜春燕 于慧敏 邹晓琳'.split(
    ' ',
  ),
];
const maleNames = [
  ...'李春生 张立军 杨国庆 黄志刚 徐建华 胡明亮 高德胜 何晓东 马俊杰 梁振华 郑海波 唐建平 于洪涛 程立伟 萧永强 孙家明 王树林 刘长青 陈宝山 赵德福'.split(
    ' ',
  ),
];
const surnames = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曲姜'];
const givenChars = [...'秀英桂兰玉梅红霞建国志强海燕丽娟晓明春雷德华淑芳文静立新凤莲宝山'];
const trainingUnits = ['威海市环翠区职业培训学校', '威海海韵餐饮职业技能培训中心', '文登区巧手面塑技能工作室'];
const priorityGroups = [
  'rural_migrant',
  'registered_unemployed',
  'non_continuing_graduate',
  'veteran',
  'employment_difficulty',
];

export interface DemoSite {
  session: string;
  manager: string;
  examiners: string[];
  supervisor: string;
  candidates: { id: string; name: string; ticket: string; idNumber: string }[];
  /** Drafts of the site manager's device: spec, people, session, roster, assignments, check-in. */
  setup: EventDraft[];
  /** Drafts of the scoring device: each examiner's sheet for each present candidate. */
  scoring: EventDraft[];
  /** Drafts of the supervisor (on the manager's device): notes, a misconduct deduction, the checklist. */
  supervision: (photoHash: string) => EventDraft[];
}

export const demoStartsAt = '2026-11-26T09:00:00.000+08:00';

/** A session start an hour after `nowMs` (China time): for check-ins through a ledger with a real clock. */
export function anHourAfter(nowMs: number): string {
  return formatTime(nowMs + 60 * 60_000, 480);
}

/**
 * `candidateCount` above 30 makes a large session (benchmarks, print tests); the first 30 are
 * always the same. `startsAt` moves the session: check-ins written through a ledger with a real
 * clock are judged against it (late after 15 minutes), so such tests start it an hour ahead.
 */
export function demoSite(seed = 2026, candidateCount = 30, startsAt = demoStartsAt): DemoSite {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const id = () => uuidV4(Uint8Array.from({ length: 16 }, () => Math.floor(random() * 256)));
  const name = () => pick(surnames) + pick(givenChars) + (random() < 0.6 ? pick(givenChars) : '');

  const session = id();
  const manager = id();
  const supervisor = id();
  const examiners = [id(), id(), id()];
  const examinerNames = ['王建国', '李秀兰', '张海涛'];
  const spec = demoSpecification;

  const named = { female: 0, male: 0 };
  const candidates = Array.from({ length: candidateCount }, (_, i) => {
    const year = 1965 + Math.floor(random() * 40);
    const birth = `${year}${String(1 + Math.floor(random() * 12)).padStart(2, '0')}${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    const candidateId = id();
    const madeUp = name();
    const idNumber = makeIdNumber('371002', birth, Math.floor(random() * 1000));
    const sex = Number(idNumber[16]) % 2 === 1 ? 'male' : 'female';
    const list = sex === 'male' ? maleNames : femaleNames;
    return {
      id: candidateId,
      name: i < 30 && named[sex] < list.length ? list[named[sex]++]! : madeUp,
      ticket: `2026112601${String(i + 1).padStart(candidateCount > 99 ? 4 : 2, '0')}`,
      idNumber,
    };
  });
  const absent = new Set([candidates[7]!.id, candidates[22]!.id]);

  const setup: EventDraft[] = [
    { actor: 'device', type: 'spec.defined', body: { spec } },
    { actor: manager, type: 'person.registered', body: { person: manager, name: '刘志强', role: 'manager' } },
    ...examiners.map((person, i) => ({
      actor: manager,
      type: 'person.registered',
      body: {
        person,
        name: examinerNames[i]!,
        role: 'examiner',
        trainingUnit: '',
        employer: '威海市职业技能鉴定指导中心',
      },
    })),
    { actor: manager, type: 'person.registered', body: { person: supervisor, name: '赵淑芳', role: 'supervisor' } },
    {
      actor: manager,
      type: 'session.created',
      body: {
        session,
        spec: spec.code,
        specVersion: spec.version,
        name: '胶东花饽饽制作 2026 年第 4 期',
        room: '实训楼 201 面点实训室',
        startsAt,
        plannedCandidates: candidateCount,
      },
    },
    ...candidates.map((c) => {
      const digit17 = Number(c.idNumber[16]);
      return {
        actor: manager,
        type: 'candidate.registered',
        body: {
          candidate: c.id,
          session,
          ticket: c.ticket,
          name: c.name,
          idType: 'resident_id',
          idNumber: c.idNumber,
          sex: digit17 % 2 === 1 ? 'male' : 'female',
          ethnicGroup: '汉族',
          education: pick(['初中', '高中', '中专', '大专']),
          mobile: `13${Math.floor(100000000 + random() * 899999999)}`,
          trainingUnit: pick(trainingUnits),
          source: '社会人员',
          priorityGroups: random() < 0.5 ? [pick(priorityGroups)] : [],
          attempt: random() < 0.9 ? 'first' : 'resit',
        },
      };
    }),
    ...examiners.map((person, i) => ({
      actor: manager,
      type: 'assignment.made',
      body: { session, person, role: 'examiner', group: 'A', leader: i === 0 },
    })),
    { actor: manager, type: 'assignment.made', body: { session, person: supervisor, role: 'supervisor', group: 'A' } },
    { actor: manager, type: 'session.opened', body: { session, clockConfirmed: true } },
    ...candidates.map((c) => ({
      actor: manager,
      type: 'candidate.checked_in',
      body: absent.has(c.id)
        ? { session, candidate: c.id, state: 'absent' }
        : { session, candidate: c.id, state: 'present', pledge: true, identity: 'id_matched' },
    })),
  ];

  const items = spec.tasks.flatMap((task) => task.items);
  const scoring: EventDraft[] = [];
  for (const c of candidates) {
    if (absent.has(c.id)) continue;
    const ability = 0.55 + random() * 0.4;
    for (const examiner of examiners) {
      const sheet: Record<string, number> = {};
      for (const item of items) {
        const raw = item.maxPoints * Math.min(1, Math.max(0, ability + (random() - 0.5) * 0.15));
        sheet[item.id] = Math.round(raw / item.step) * item.step;
      }
      scoring.push({
        actor: examiner,
        type: 'score.submitted',
        body: { session, candidate: c.id, examiner, items: sheet },
      });
    }
  }

  const supervision = (photoHash: string): EventDraft[] => [
    {
      actor: supervisor,
      type: 'note.logged',
      body: {
        session,
        category: 'room_setup',
        severity: 'info',
        text: '考场布置符合要求，操作台间距不小于 1 米，蒸箱 6 台运行正常。',
      },
    },
    {
      actor: supervisor,
      type: 'note.logged',
      body: { session, category: 'identity_check', severity: 'info', text: '身份核验两人一组进行，未发现替考。' },
    },
    {
      actor: supervisor,
      type: 'note.logged',
      body: {
        session,
        category: 'discipline',
        severity: 'minor',
        text: `${candidates[3]!.name}在结束信号后继续整形约 2 分钟，已当场制止并拍照留存。`,
        candidate: candidates[3]!.id,
        photo: photoHash,
      },
    },
    {
      actor: supervisor,
      type: 'misconduct.recorded',
      body: {
        session,
        candidate: candidates[3]!.id,
        action: 'deduct',
        deductPercent: 10,
        reason: '结束信号后继续操作（约 2 分钟），按规定扣除总分 10%。',
      },
    },
    {
      actor: supervisor,
      type: 'checklist.completed',
      body: {
        session,
        items: {
          room_setup: true,
          identity_check: true,
          paper_handling: true,
          discipline: true,
          safety: true,
          scoring_process: true,
        },
      },
    },
  ];

  return { session, manager, examiners, supervisor, candidates, setup, scoring, supervision };
}
