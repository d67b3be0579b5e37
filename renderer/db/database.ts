/**
 * The device's IndexedDB database. Only renderer/db touches Dexie (the lint rules enforce it).
 *
 * Every transaction commits with strict durability: IndexedDB reports success only after the
 * data is flushed to disk, which is what lets the UI say "saved". Schema versions are
 * additive only: a new version adds tables or indexes and never rewrites an old one.
 */
import { Dexie, type EntityTable } from 'dexie';

export const databaseName = 'kaodian';

/** Device configuration, one row per key (site profile, UI language, …). */
export interface SettingRow {
  key: string;
  value: unknown;
}

export class KaodianDatabase extends Dexie {
  settings!: EntityTable<SettingRow, 'key'>;

  constructor(name: string = databaseName) {
    super(name, { chromeTransactionDurability: 'strict' });
    this.version(1).stores({
      settings: 'key',
    });
  }
}

let opened: KaodianDatabase | undefined;

/** The one database of this renderer, opened on first use. */
export function database(): KaodianDatabase {
  opened ??= new KaodianDatabase();
  return opened;
}

/** The schema version the open database reports (for the Device screen). */
export function databaseVersion(db: KaodianDatabase = database()): number {
  return db.verno;
}
