import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { Dexie } from 'dexie';
import { KaodianDatabase } from './database';
import { loadLanguage, loadSiteProfile, saveLanguage, saveSiteProfile } from './settings';

let db: KaodianDatabase;
let counter = 0;
afterEach(async () => {
  await db.delete();
});

function freshDatabase(): KaodianDatabase {
  db = new KaodianDatabase(`settings-test-${++counter}`);
  return db;
}

describe('settings', () => {
  it('keeps the site profile, trimmed, across a reopen', async () => {
    const first = freshDatabase();
    expect(await loadSiteProfile(first)).toBeUndefined();
    await saveSiteProfile({ siteCode: ' WH-0301 ', siteName: '威海市职业技能实训中心', district: '环翠区' }, first);
    first.close();
    const reopened = new KaodianDatabase(first.name);
    db = reopened;
    expect(await loadSiteProfile(reopened)).toEqual({
      siteCode: 'WH-0301',
      siteName: '威海市职业技能实训中心',
      district: '环翠区',
    });
  });

  it('refuses an invalid profile and stores nothing', async () => {
    const d = freshDatabase();
    await expect(saveSiteProfile({ siteCode: '!', siteName: '', district: '' }, d)).rejects.toThrow();
    expect(await loadSiteProfile(d)).toBeUndefined();
  });

  it('remembers the language and ignores an unknown stored value', async () => {
    const d = freshDatabase();
    expect(await loadLanguage(d)).toBeUndefined();
    await saveLanguage('en', d);
    expect(await loadLanguage(d)).toBe('en');
    await d.settings.put({ key: 'uiLanguage', value: 'fr' });
    expect(await loadLanguage(d)).toBeUndefined();
  });

  it('opens with the current schema version and strict durability', async () => {
    const d = freshDatabase();
    await d.open();
    expect(d.verno).toBe(7);
    expect(
      (d as unknown as { _options: { chromeTransactionDurability: string } })._options.chromeTransactionDurability,
    ).toBe('strict');
  });

  it('keeps version 1 data when it upgrades (migrations are additive)', async () => {
    const name = `settings-test-${++counter}`;
    const v1 = new Dexie(name);
    v1.version(1).stores({ settings: 'key' });
    await v1.table('settings').put({ key: 'uiLanguage', value: 'en' });
    v1.close();
    db = new KaodianDatabase(name);
    expect(await loadLanguage(db)).toBe('en');
    expect(db.verno).toBe(7);
  });
});
