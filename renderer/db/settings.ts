/** Device settings kept in IndexedDB: the site profile and the chosen UI language. */
import { isUiLanguage, siteProfileSchema, type SiteProfile, type UiLanguage } from '../../shared/domain/site';
import type { EnrollReply } from '../../shared/sync/schemas';
import { defaultPriorityGroups, type CodeListEntry } from '../../shared/domain/priorityGroups';
import { defaultResultColumns, resultColumnKeys, type ResultColumnKey } from '../../shared/domain/exports';
import { database, type KaodianDatabase } from './database';

const siteProfileKey = 'siteProfile';
const languageKey = 'uiLanguage';

export async function loadSiteProfile(db: KaodianDatabase = database()): Promise<SiteProfile | undefined> {
  const row = await db.settings.get(siteProfileKey);
  if (!row) return undefined;
  const parsed = siteProfileSchema.safeParse(row.value);
  // A stored profile that no longer parses is not silently replaced: the caller sees it missing
  // only if it is absent; a corrupt one is an error the app reports.
  if (!parsed.success) throw new Error('stored site profile is invalid');
  return parsed.data;
}

export async function saveSiteProfile(profile: SiteProfile, db: KaodianDatabase = database()): Promise<SiteProfile> {
  const valid = siteProfileSchema.parse(profile);
  await db.settings.put({ key: siteProfileKey, value: valid });
  return valid;
}

export async function loadLanguage(db: KaodianDatabase = database()): Promise<UiLanguage | undefined> {
  const row = await db.settings.get(languageKey);
  return isUiLanguage(row?.value) ? row.value : undefined;
}

export async function saveLanguage(language: UiLanguage, db: KaodianDatabase = database()): Promise<void> {
  await db.settings.put({ key: languageKey, value: language });
}

const demoKey = 'demo';
const idleLockKey = 'idleLockMinutes';

/** Whether this device holds the demo site (shown as a banner on every screen). */
export async function loadDemoFlag(db: KaodianDatabase = database()): Promise<boolean> {
  return (await db.settings.get(demoKey))?.value === true;
}

export async function saveDemoFlag(isDemo: boolean, db: KaodianDatabase = database()): Promise<void> {
  await db.settings.put({ key: demoKey, value: isDemo });
}

export async function loadIdleLockMinutes(db: KaodianDatabase = database()): Promise<number | undefined> {
  const value = (await db.settings.get(idleLockKey))?.value;
  return typeof value === 'number' && value >= 0 && value <= 240 ? value : undefined;
}

const enrollmentKey = 'enrollment';

/** The authority this device is enrolled with: its pinned key and this device's cert. */
export interface Enrollment {
  authority: string;
  authorityKid: string;
  authorityPub: string;
  /** The enrolment reply (FORMATS.md §7): this device key's cert, carried in every package. */
  cert: EnrollReply;
  pinnedAt: string;
}

export async function loadEnrollment(db: KaodianDatabase = database()): Promise<Enrollment | undefined> {
  return (await db.settings.get(enrollmentKey))?.value as Enrollment | undefined;
}

export async function saveEnrollment(enrollment: Enrollment, db: KaodianDatabase = database()): Promise<void> {
  await db.settings.put({ key: enrollmentKey, value: enrollment });
}

export async function saveIdleLockMinutes(minutes: number, db: KaodianDatabase = database()): Promise<void> {
  await db.settings.put({ key: idleLockKey, value: minutes });
}

const priorityGroupsKey = 'priorityGroups';

/** The employment-priority code list in use on this device (the default until the manager changes it). */
export async function loadPriorityGroups(db: KaodianDatabase = database()): Promise<CodeListEntry[]> {
  const value = (await db.settings.get(priorityGroupsKey))?.value;
  return Array.isArray(value) ? (value as CodeListEntry[]) : defaultPriorityGroups;
}

export async function savePriorityGroups(groups: CodeListEntry[], db: KaodianDatabase = database()): Promise<void> {
  await db.settings.put({ key: priorityGroupsKey, value: groups });
}

const authorityUrlKey = 'authorityUrl';
/** Suggested in the form; nothing is called until a site saves an address (USB-only sites never do). */
export const suggestedAuthorityUrl = 'http://127.0.0.1:8787';

export async function loadAuthorityUrl(db: KaodianDatabase = database()): Promise<string | undefined> {
  const value = (await db.settings.get(authorityUrlKey))?.value;
  return typeof value === 'string' ? value : undefined;
}

export async function saveAuthorityUrl(url: string, db: KaodianDatabase = database()): Promise<void> {
  await db.settings.put({ key: authorityUrlKey, value: url });
}

const resultColumnsKey = 'resultColumns';

/** The site's chosen column layout for results exports (shared/domain/exports.ts keys, in order). */
export async function loadResultColumns(db: KaodianDatabase = database()): Promise<ResultColumnKey[]> {
  const value = (await db.settings.get(resultColumnsKey))?.value;
  const valid = Array.isArray(value)
    ? value.filter((key): key is ResultColumnKey => (resultColumnKeys as readonly unknown[]).includes(key))
    : [];
  return valid.length ? valid : [...defaultResultColumns];
}

export async function saveResultColumns(columns: ResultColumnKey[], db: KaodianDatabase = database()): Promise<void> {
  await db.settings.put({ key: resultColumnsKey, value: columns });
}
