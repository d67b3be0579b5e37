/** A zh-CN and an en message for every wire error code (FORMATS.md §8), shared by the app, the authority and the tools. */
import type { WireErrorCode } from '../ledger/errors';
import type { UiLanguage } from '../domain/site';

export const wireErrorMessages: Record<WireErrorCode, Record<UiLanguage, string>> = {
  bad_json: {
    'zh-CN': '数据不是有效的 JSON（格式错误、嵌套过深或编码错误）',
    en: 'The data is not valid JSON (malformed, nested too deeply, or badly encoded)',
  },
  duplicate_key: { 'zh-CN': '数据中有重复的字段名', en: 'The data has a duplicate member name' },
  forbidden_key: {
    'zh-CN': '数据中含有禁止使用的字段名（__proto__、constructor 或 prototype）',
    en: 'The data has a forbidden member name (__proto__, constructor or prototype)',
  },
  bad_schema: { 'zh-CN': '数据结构不符合格式规定', en: 'The data does not have the required structure' },
  unsupported_version: {
    'zh-CN': '数据格式版本不受支持，请升级软件',
    en: 'This format version is not supported; update the software',
  },
  too_large: { 'zh-CN': '文件或数据过大，超出允许的限度', en: 'The file or data is larger than allowed' },
  bad_zip: { 'zh-CN': '同步包文件已损坏或不是有效的压缩包', en: 'The package file is damaged or not a valid zip' },
  unsafe_path: {
    'zh-CN': '同步包中含有不安全或不允许的文件路径',
    en: 'The package contains an unsafe or disallowed path',
  },
  unlisted_entry: {
    'zh-CN': '同步包中含有清单未列出的文件',
    en: 'The package contains a file its manifest does not list',
  },
  missing_entry: {
    'zh-CN': '同步包缺少清单中列出的文件',
    en: 'A file listed in the manifest is missing from the package',
  },
  hash_mismatch: {
    'zh-CN': '文件内容与清单中的校验值不符，可能已被篡改或损坏',
    en: 'A file does not match its hash in the manifest; it may be damaged or altered',
  },
  bad_signature: {
    'zh-CN': '数字签名验证失败，数据可能已被篡改',
    en: 'The signature does not verify; the data may have been altered',
  },
  unknown_key: { 'zh-CN': '签名密钥未在鉴定机构注册', en: 'The signing key is not enrolled with the authority' },
  unknown_device: {
    'zh-CN': '鉴定机构不认识此设备，请先注册',
    en: 'The authority does not know this device; enrol it first',
  },
  revoked_key: {
    'zh-CN': '此设备密钥已被鉴定机构吊销，吊销之后用它签名的数据不予接收',
    en: 'The authority has revoked this device key; nothing it signed after the revocation is accepted',
  },
  broken_chain: {
    'zh-CN': '记录链不连续或顺序错误，数据可能缺失或被篡改',
    en: 'The chain of records is broken; records may be missing or altered',
  },
  gap: {
    'zh-CN': '记录有缺口，需要从较早的记录开始重新发送',
    en: 'There is a gap; earlier records must be sent first',
  },
  fork: {
    'zh-CN': '发现同一序号的不同记录（分叉），已停止同步并保留全部数据，请联系鉴定机构',
    en: 'Two different records share a sequence number (fork); sync stopped and nothing was deleted — contact the authority',
  },
  bad_code: { 'zh-CN': '注册码无效', en: 'The enrolment code is not valid' },
  expired_code: { 'zh-CN': '注册码已过期', en: 'The enrolment code has expired' },
  used_code: { 'zh-CN': '注册码已被使用', en: 'The enrolment code has already been used' },
  rate_limited: { 'zh-CN': '请求过于频繁，请稍后再试', en: 'Too many requests; try again shortly' },
  device_enrolled: {
    'zh-CN': '此设备已在鉴定机构注册，普通注册码不能再次注册；如设备密钥丢失，请向鉴定机构申请该设备的“重新注册码”',
    en: 'This device is already enrolled; an ordinary code cannot enrol it again. If its key was lost, ask the authority for a re-key code for this device',
  },
  unreferenced: {
    'zh-CN': '鉴定机构尚未收到引用此照片或附件的记录，请先同步记录',
    en: 'No record held by the authority names this photo or attachment; send the records first',
  },
  bad_seal: {
    'zh-CN': '加密同步包已损坏或被篡改，无法解密',
    en: 'The sealed package is damaged or has been altered; it cannot be opened',
  },
  not_recipient: { 'zh-CN': '此同步包不是发给本机的', en: 'This package was not sealed for this device' },
};

export function wireErrorMessage(code: WireErrorCode, language: UiLanguage): string {
  return wireErrorMessages[code][language];
}

/** Every wire message in one language, for the app's message tables. */
export function wireMessagesIn(language: UiLanguage): Record<WireErrorCode, string> {
  return Object.fromEntries(
    Object.entries(wireErrorMessages).map(([code, messages]) => [code, messages[language]]),
  ) as Record<WireErrorCode, string>;
}
