/**
 * Start-up: open the database, ask for persistent storage, read the device settings, and put
 * them in the store before the first render, so the app opens on the right screen and language.
 */
import { databaseVersion, database } from '../db/database';
import { readSetting, readSettings } from '../db/settings';
import { requestPersistentStorage } from '../features/device/storage';
import { initI18n } from '../i18n';
import { platform } from '../platform';
import { useAppStore } from '../store';
import { fingerprint } from '../../shared/ledger/signing';
import { Ed25519UnsupportedError, supportsEd25519 } from '../crypto/webCrypto';
import { loadOrCreateIdentity } from '../db/identity';
import { openLedger, storedPeople } from '../db/ledger';
import { migrateEvents, pendingMigration } from '../db/eventStore';
import { checkJournalAtStart, journalAfterCommit, startJournal } from './journal';
import { loadJournalKey } from './journalKey';

/** Marks when the ledger has loaded (the start-up benchmark reads it beside the first screen: bench/run.ts). */
export const ledgerLoadedMark = 'kaodian:ledger-loaded';

/** How far the move of stored events into segments has come (a database made before schema 8). */
export type MigrationProgress = (moved: number, total: number) => void;

/**
 * Resolves when the first screen can show: `ledgerOpened` settles when the ledger has loaded. When
 * people are stored, the sign-in screen shows from them at once and the projection loads behind it
 * (a person types a PIN meanwhile); otherwise the start waits for the ledger.
 */
export async function boot(onMigration: MigrationProgress = () => {}): Promise<{ ledgerOpened: Promise<void> }> {
  // Without Ed25519 nothing the device records could be signed: refuse to start, loudly.
  if (!(await supportsEd25519())) throw new Ed25519UnsupportedError();
  const db = database();
  await db.open();
  // Before anything reads the events: those still stored a row each move into segments, in steps
  // a kill cannot tear (db/eventStore.ts), with a progress bar in the site's language.
  if (await pendingMigration(db)) {
    await initI18n(await readSetting('language', db));
    await migrateEvents(db, onMigration);
  }
  // Before anything is created: a database emptied or behind its journal is a loss, not a fresh start.
  const journal = await checkJournalAtStart(db);
  if (journal.verdict.lost) {
    const language = await readSetting('language', db);
    await initI18n(language);
    useAppStore.getState().setSettings({ language });
    useAppStore.getState().setLossAlarm(journal.verdict);
    return { ledgerOpened: Promise.resolve() };
  }
  const [settings, storage, platformInfo, identity] = await Promise.all([
    readSettings(db),
    requestPersistentStorage(),
    platform().info(),
    loadOrCreateIdentity(db),
  ]);
  await initI18n(settings.language);
  const store = useAppStore.getState();
  store.setSettings(settings);
  store.setDeviceStatus({ platformInfo, storage, databaseVersion: databaseVersion(db) });
  await startJournal(identity.device, journal, db, await loadJournalKey(db));
  store.setIdentity({ device: identity.device, kid: identity.kid, fingerprint: fingerprint(identity.publicKey) });
  const ledgerOpened = openLedger(identity.device, db, Date.now, journalAfterCommit).then((ledger) => {
    store.setLedger(ledger);
    performance.mark(ledgerLoadedMark);
  });
  const people = await storedPeople(db);
  if (people && Object.keys(people).length > 0) store.setPeopleAtStart(people);
  else await ledgerOpened;
  return { ledgerOpened };
}
