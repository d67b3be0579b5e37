/**
 * Device settings kept in IndexedDB, from one registry: each setting has its row key, a schema
 * that every stored and every new value passes, and the value a device has before anyone sets it.
 * `readSettings` loads them all at start; `writeSetting` checks and stores one (the store's
 * `useSetting` hook persists and updates the screen together).
 */
import { z } from 'zod';
import { defaultUiLanguage, siteProfileSchema, uiLanguages } from '../../shared/domain/site';
import { enrollReplySchema } from '../../shared/sync/schemas';
import { defaultPriorityGroups } from '../../shared/domain/priorityGroups';
import { defaultResultColumns, resultColumnKeys, type ResultColumnKey } from '../../shared/domain/exports';
import { database, type KaodianDatabase } from './database';

/** The authority this device is enrolled with: its pinned key and this device's cert. */
const enrollmentSchema = z.object({
  authority: z.string(),
  authorityKid: z.string(),
  authorityPub: z.string(),
  /** The enrolment reply (FORMATS.md §7): this device key's cert, carried in every package. */
  cert: enrollReplySchema,
  pinnedAt: z.string(),
});
export type Enrollment = z.infer<typeof enrollmentSchema>;

const idleMinutes = z.number().int().min(0).max(240);

const codeListEntrySchema = z.object({
  code: z.string(),
  zh: z.string(),
  en: z.string(),
  aliases: z.array(z.string()).optional(),
});

/** Unknown column keys (a column a later version dropped) are left out rather than failing the list. */
const resultColumnsSchema = z
  .array(z.unknown())
  .transform((keys) => keys.filter((key): key is ResultColumnKey => resultColumnKeys.includes(key as ResultColumnKey)))
  .pipe(z.array(z.enum(resultColumnKeys)));

interface SettingDefinition<T> {
  /** The row's key in the settings table (kept as first stored: renaming one would lose it). */
  key: string;
  schema: z.ZodType<T, unknown>;
  default: T;
  /**
   * What a stored value that no longer passes means: most settings fall back to their default;
   * the site profile and the enrolment are errors the app reports (never silently replaced: a
   * device that forgot its enrolment would look like a new one).
   */
  invalid: 'default' | 'error';
}

function setting<T>(key: string, schema: z.ZodType<T, unknown>, fallback: T, invalid: 'default' | 'error' = 'default') {
  return { key, schema, default: fallback, invalid } satisfies SettingDefinition<T>;
}

const definitions = {
  siteProfile: setting('siteProfile', siteProfileSchema.optional(), undefined, 'error'),
  language: setting('uiLanguage', z.enum(uiLanguages), defaultUiLanguage),
  /** Whether this device holds the demo site (shown as a banner on every screen). */
  isDemo: setting('demo', z.boolean(), false),
  /**
   * Minutes without activity before the app locks, per role (0: never; the screen offers 1–240).
   * Examiners watch a 2–3 hour practical without touching the laptop, so theirs is longest; their
   * submissions need their PIN anyway.
   */
  idleLockMinutes: setting(
    'idleLockByRole',
    z.strictObject({ manager: idleMinutes, examiner: idleMinutes, supervisor: idleMinutes }),
    { manager: 5, examiner: 60, supervisor: 30 },
  ),
  enrollment: setting('enrollment', enrollmentSchema.optional(), undefined, 'error'),
  /** The employment-priority code list in use on this device (the default until the manager changes it). */
  priorityGroups: setting('priorityGroups', z.array(codeListEntrySchema), defaultPriorityGroups),
  /** The authority's address for online sync; undefined for a site that syncs by USB only. */
  authorityUrl: setting('authorityUrl', z.string().optional(), undefined),
  /** Larger type on every screen, for older examiners reading criteria for hours (the header's switch). */
  largeType: setting('largeType', z.boolean(), false),
  /** The site's chosen column layout for results exports (shared/domain/exports.ts keys, in order). */
  resultColumns: setting('resultColumns', resultColumnsSchema, [...defaultResultColumns]),
  /** 考核鉴定费 per candidate, in yuan, as the 补贴申领花名册 lists it (the provincial standard for the item). */
  assessmentFee: setting('assessmentFee', z.number().min(0).max(100_000), 0),
};

export type SettingName = keyof typeof definitions;
export type Settings = { [N in SettingName]: (typeof definitions)[N]['default'] };
/** The registry, typed so that a setting's name gives its value's type (for the generic readers below). */
export const settingRegistry: { [N in SettingName]: SettingDefinition<Settings[N]> } = definitions;
const settingNames = Object.keys(settingRegistry) as SettingName[];

/** What a device has before anything is stored (the store's first state). */
export function defaultSettings(): Settings {
  return Object.fromEntries(settingNames.map((name) => [name, settingRegistry[name].default])) as Settings;
}

/** Suggested in the form; nothing is called until a site saves an address (USB-only sites never do). */
export const suggestedAuthorityUrl = 'http://127.0.0.1:8787';

export class InvalidSettingError extends Error {
  constructor(readonly setting: SettingName) {
    super(`stored setting ${setting} is invalid`);
    this.name = 'InvalidSettingError';
  }
}

function parseStored<N extends SettingName>(name: N, stored: { value: unknown } | undefined): Settings[N] {
  const definition = settingRegistry[name];
  if (!stored) return definition.default;
  const parsed = definition.schema.safeParse(stored.value);
  if (parsed.success) return parsed.data;
  if (definition.invalid === 'error') throw new InvalidSettingError(name);
  return definition.default;
}

export async function readSetting<N extends SettingName>(
  name: N,
  db: KaodianDatabase = database(),
): Promise<Settings[N]> {
  return parseStored(name, await db.settings.get(settingRegistry[name].key));
}

/** Every setting, read in one transaction (start-up). */
export async function readSettings(db: KaodianDatabase = database()): Promise<Settings> {
  const rows = await db.settings.bulkGet(settingNames.map((name) => settingRegistry[name].key));
  return Object.fromEntries(settingNames.map((name, i) => [name, parseStored(name, rows[i])])) as Settings;
}

/** Checks a value against its setting's schema and stores it; returns the value as stored (trimmed etc.). */
export async function writeSetting<N extends SettingName>(
  name: N,
  value: Settings[N],
  db: KaodianDatabase = database(),
): Promise<Settings[N]> {
  const definition = settingRegistry[name];
  const valid = definition.schema.parse(value);
  await db.settings.put({ key: definition.key, value: valid });
  return valid;
}
