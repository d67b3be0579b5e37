import { idTypes } from './events';
import { idTypeTerms } from './terms';

/**
 * Code lists a roster is checked against (DESIGN.md §2, candidate fields): the 56 ethnic groups
 * (GB/T 3304) and the education levels of GB/T 4658. A roster cell may say "汉" or "汉族", "大专"
 * or "大学专科"; what is stored is the list's own name, so every export says it one way.
 */

export const ethnicGroups = [
  ...'汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺'.split(
    ' ',
  ),
].map((name) => `${name}族`);

/** GB/T 4658-2006 categories, with the words rosters commonly use for each. */
export const educationLevels: Record<string, readonly string[]> = {
  研究生: ['研究生', '博士', '硕士', '博士研究生', '硕士研究生'],
  大学本科: ['大学本科', '本科'],
  大学专科: ['大学专科', '专科', '大专', '高职'],
  中等职业教育: ['中等职业教育', '中专', '中职', '职高', '技校', '技工学校', '中等专业学校'],
  普通高中: ['普通高中', '高中'],
  初中: ['初中', '初级中学'],
  小学: ['小学'],
  其他: ['其他', '未上学'],
};

const educationByWord = new Map(
  Object.entries(educationLevels).flatMap(([level, words]) => words.map((w) => [w, level] as const)),
);

/** Words rosters use for each ID type (证件类型), besides the list's own name (shared/domain/terms.ts). */
const idTypeWords: Record<(typeof idTypes)[number], readonly string[]> = {
  resident_id: ['身份证', '居民身份证', '二代身份证', '身份证号'],
  hk_macao_permit: ['港澳通行证', '回乡证', '港澳居民来往内地通行证'],
  taiwan_permit: ['台胞证', '台湾居民来往大陆通行证'],
  hmt_residence_permit: ['港澳台居民居住证', '居住证'],
  foreign_permanent_id: ['外国人永久居留身份证', '外国人永久居留证', '永久居留证'],
  passport: ['护照'],
  other: ['其他', '其他证件'],
};
const idTypeByWord = new Map(
  idTypes.flatMap((type) => [...idTypeWords[type], idTypeTerms[type], type].map((word) => [word, type] as const)),
);

/** The ID type a roster cell names; undefined when it names none. */
export function idTypeOf(word: string): (typeof idTypes)[number] | undefined {
  return idTypeByWord.get(word.trim());
}

/** The list's name for an ethnic group as a roster writes it ("汉" or "汉族"); undefined when it is none. */
export function ethnicGroupOf(word: string): string | undefined {
  const w = word.trim();
  const full = w.endsWith('族') ? w : `${w}族`;
  return ethnicGroups.includes(full) ? full : undefined;
}

/** The GB/T 4658 category for an education word; undefined when it is none. */
export function educationLevelOf(word: string): string | undefined {
  return educationByWord.get(word.trim());
}
