import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { Dexie } from 'dexie';
import { KaodianDatabase } from './database';
import { defaultSettings, readSetting, readSettings, settingRegistry, writeSetting } from './settings';

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
    expect(await readSetting('siteProfile', first)).toBeUndefined();
    await writeSetting(
      'siteProfile',
      { siteCode: ' WH-0301 ', siteName: '威海市职业技能实训中心', district: '环翠区' },
      first,
    );
    first.close();
    const reopened = new KaodianDatabase(first.name);
    db = reopened;
    expect(await readSetting('siteProfile', reopened)).toEqual({
      siteCode: 'WH-0301',
      siteName: '威海市职业技能实训中心',
      district: '环翠区',
    });
  });

  it('refuses an invalid profile and stores nothing', async () => {
    const d = freshDatabase();
    await expect(writeSetting('siteProfile', { siteCode: '!', siteName: '', district: '' }, d)).rejects.toThrow();
    expect(await readSetting('siteProfile', d)).toBeUndefined();
  });

  it('remembers the language and falls back to Chinese for an unknown stored value', async () => {
    const d = freshDatabase();
    expect(await readSetting('language', d)).toBe('zh-CN');
    await writeSetting('language', 'en', d);
    expect(await readSetting('language', d)).toBe('en');
    await d.settings.put({ key: 'uiLanguage', value: 'fr' });
    expect(await readSetting('language', d)).toBe('zh-CN');
  });

  it('reads every setting at once, defaults where nothing is stored', async () => {
    const d = freshDatabase();
    expect(await readSettings(d)).toEqual(defaultSettings());
    await writeSetting('idleLockMinutes', { manager: 12, examiner: 90, supervisor: 30 }, d);
    await writeSetting('isDemo', true, d);
    expect(await readSettings(d)).toEqual({
      ...defaultSettings(),
      idleLockMinutes: { manager: 12, examiner: 90, supervisor: 30 },
      isDemo: true,
    });
  });

  it('refuses a value its schema refuses, and keeps what was stored', async () => {
    const d = freshDatabase();
    await writeSetting('idleLockMinutes', { manager: 10, examiner: 60, supervisor: 30 }, d);
    await expect(writeSetting('idleLockMinutes', { manager: 999, examiner: 60, supervisor: 30 }, d)).rejects.toThrow();
    expect(await readSetting('idleLockMinutes', d)).toEqual({ manager: 10, examiner: 60, supervisor: 30 });
  });

  it('reports a corrupt profile or enrolment instead of forgetting it; other settings fall back', async () => {
    const d = freshDatabase();
    await d.settings.bulkPut([
      { key: 'siteProfile', value: { siteCode: 1 } },
      { key: 'enrollment', value: { authority: 'x' } },
      { key: 'idleLockByRole', value: 'soon' },
      { key: 'resultColumns', value: ['name', 'no-longer-a-column', 'ticket'] },
    ]);
    await expect(readSetting('siteProfile', d)).rejects.toThrow(/siteProfile/);
    await expect(readSetting('enrollment', d)).rejects.toThrow(/enrollment/);
    expect(await readSetting('idleLockMinutes', d)).toEqual(settingRegistry.idleLockMinutes.default);
    expect(await readSetting('resultColumns', d)).toEqual(['name', 'ticket']);
  });

  it('opens with the current schema version and strict durability', async () => {
    const d = freshDatabase();
    await d.open();
    expect(d.verno).toBe(8);
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
    expect(await readSetting('language', db)).toBe('en');
    expect(db.verno).toBe(8);
  });
});
