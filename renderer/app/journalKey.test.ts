/**
 * The journal key's two roads, with the platform bridge faked in memory: the desktop app's (the
 * operating system seals K; here a reversible stand-in for DPAPI) and browser mode's (K wrapped
 * under the site manager's PIN). Each ends with the same K opening what it sealed after the
 * database — and the K it kept — are gone.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bridgeGlobalName, type PlatformBridge } from '../../shared/ipc';
import { openJournalText, sealJournalText } from '../../shared/ledger/journalSeal';
import { uuidV4 } from '../../shared/ledger/ids';
import { webSealCrypto } from '../crypto/webCrypto';
import { KaodianDatabase } from '../db/database';
import { loadOrCreateIdentity } from '../db/identity';
import { journalKeyForRestore, journalKeyProtection, loadJournalKey, wrapJournalKeyUnderPin } from './journalKey';

let keyFile: string | null;
let db: KaodianDatabase;
function fakeBridge(osKeystore: boolean): PlatformBridge {
  return {
    journal: {
      readKey: async () => keyFile,
      writeKey: async (text: string) => {
        keyFile = text;
      },
    },
    secrets: {
      // A stand-in for DPAPI: reversible only by "this machine" (a fixed prefix, not a secret here).
      protect: async (secret: string) => (osKeystore ? Buffer.from(`dpapi:${secret}`).toString('base64url') : null),
      reveal: async (sealed: string) => {
        const text = Buffer.from(sealed, 'base64url').toString();
        if (!text.startsWith('dpapi:')) throw new Error('not sealed by this machine');
        return text.slice('dpapi:'.length);
      },
    },
  } as unknown as PlatformBridge;
}
const useBridge = (osKeystore: boolean) =>
  Object.assign(globalThis, { window: { [bridgeGlobalName]: fakeBridge(osKeystore) } });

beforeEach(async () => {
  keyFile = null;
  db = new KaodianDatabase(`journal-key-${uuidV4()}`);
  await loadOrCreateIdentity(db);
});
afterEach(async () => {
  await db.delete();
});

describe('the journal key', () => {
  it('desktop: the OS seals K at first start; after the database is lost, K comes back from beside the journal', async () => {
    useBridge(true);
    const key = await loadJournalKey(db);
    expect(key).toBeDefined();
    expect(await journalKeyProtection()).toBe('os');
    const record = await sealJournalText(webSealCrypto, key, 'a journal line\n');
    // The same K on the next start, from the database.
    const raw = async (k: CryptoKey | undefined) => new Uint8Array(await crypto.subtle.exportKey('raw', k!));
    expect(await raw(await loadJournalKey(db))).toEqual(await raw(key));
    await db.delete();
    const restored = await journalKeyForRestore();
    expect(await openJournalText(webSealCrypto, restored, record)).toBe('a journal line\n');
  });

  it('browser mode: nothing sealed until a manager signs in; then K under that PIN, and the restore needs it', async () => {
    useBridge(false);
    expect(await loadJournalKey(db)).toBeUndefined();
    expect(keyFile).toBeNull();
    const key = await wrapJournalKeyUnderPin('1111', db);
    expect(await journalKeyProtection()).toBe('pin');
    expect(keyFile).not.toContain('1111');
    // Already kept: signing in again changes nothing; choosing a new PIN wraps K again under it.
    expect(await wrapJournalKeyUnderPin('1111', db)).toBeUndefined();
    const record = await sealJournalText(webSealCrypto, key, 'a journal line\n');
    await db.delete();
    await expect(journalKeyForRestore()).rejects.toThrow(/PIN/);
    await expect(journalKeyForRestore('0000')).rejects.toThrow(/does not open/);
    expect(await openJournalText(webSealCrypto, await journalKeyForRestore('1111'), record)).toBe('a journal line\n');
  });

  it('browser mode: a manager choosing a new PIN wraps the same K again under it', async () => {
    useBridge(false);
    const key = await wrapJournalKeyUnderPin('1111', db);
    const record = await sealJournalText(webSealCrypto, key, 'x\n');
    expect(await wrapJournalKeyUnderPin('2580', db, true)).toBeDefined();
    await expect(journalKeyForRestore('1111')).rejects.toThrow(/does not open/);
    expect(await openJournalText(webSealCrypto, await journalKeyForRestore('2580'), record)).toBe('x\n');
  });
});
