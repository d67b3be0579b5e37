/**
 * The journal's key K (shared/ledger/journalSeal.ts). It is made once per device and kept in the
 * device's database for everyday appends, and beside the journal for a restore after that
 * database is lost: sealed by the operating system where there is one (Electron's safeStorage,
 * DPAPI on Windows), otherwise — browser mode — wrapped under the site manager's PIN the first
 * time a manager signs in. Until K is kept beside the journal, the journal is written plain: a
 * sealed journal nobody could open after a loss would be no journal at all.
 */
import { fromBase64url, toBase64url } from '../../shared/ledger/base64url';
import {
  decryptBytes,
  encryptBytes,
  importJournalKey,
  JournalKeyError,
  journalKeyEnvelopeSchema,
  type JournalKeyEnvelope,
} from '../../shared/ledger/journalSeal';
import { parseStrictJson } from '../../shared/ledger/strictJson';
import { derivePinHash, newSalt, pinIterations } from '../auth/pin';
import { webSealCrypto } from '../crypto/webCrypto';
import type { KaodianDatabase } from '../db/database';
import { keepJournalKey, storedJournalKey } from '../db/identity';
import { platform } from '../platform';

async function readEnvelope(): Promise<JournalKeyEnvelope | undefined> {
  const text = await platform().journal.readKey();
  return text === null ? undefined : journalKeyEnvelopeSchema.parse(parseStrictJson(text));
}

async function writeEnvelope(envelope: JournalKeyEnvelope): Promise<void> {
  await platform().journal.writeKey(JSON.stringify(envelope));
}

/** K as raw bytes (it is extractable, so that it can be kept beside the journal). */
async function rawKey(key: CryptoKey): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.exportKey('raw', key));
}

async function deviceKey(db: KaodianDatabase): Promise<CryptoKey> {
  const held = await storedJournalKey(db);
  if (held) return held;
  const made = (await importJournalKey(webSealCrypto, crypto.getRandomValues(new Uint8Array(32)))) as CryptoKey;
  return keepJournalKey(made, db);
}

/** The wrapping key for a PIN: PBKDF2-SHA-256 with its own salt (never a PIN verifier's). */
async function pinWrappingKey(pin: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    'raw',
    (await derivePinHash(pin, salt, iterations)) as Uint8Array<ArrayBuffer>,
    'AES-GCM',
    false,
    ['encrypt', 'decrypt'],
  );
}

/**
 * At start: K to seal the journal with, or undefined while it cannot yet be kept beside the
 * journal (browser mode before a manager's PIN wraps it).
 */
export async function loadJournalKey(db: KaodianDatabase): Promise<CryptoKey | undefined> {
  const key = await deviceKey(db);
  if (await readEnvelope()) return key;
  const sealed = await platform().secrets.protect(toBase64url(await rawKey(key)));
  if (sealed === null) return undefined;
  await writeEnvelope({ v: 1, kind: 'kaodian.journal-key', protection: 'os', sealed });
  return key;
}

/**
 * When a site manager signs in (or is created) with their PIN and K is not yet kept beside the
 * journal: K wrapped under that PIN. `pinChanged`: the manager has just chosen a new PIN, and K,
 * if wrapped under a PIN, is wrapped again under the new one (a restore asks for the PIN of the
 * manager who last did so). Returns K when it was wrapped now, undefined when nothing changed.
 */
export async function wrapJournalKeyUnderPin(
  pin: string,
  db: KaodianDatabase,
  pinChanged = false,
): Promise<CryptoKey | undefined> {
  const envelope = await readEnvelope();
  if (envelope && !(pinChanged && envelope.protection === 'pin')) return undefined;
  const key = await deviceKey(db);
  const salt = newSalt();
  const wrapped = await encryptBytes(webSealCrypto, await pinWrappingKey(pin, salt, pinIterations), await rawKey(key));
  await writeEnvelope({
    v: 1,
    kind: 'kaodian.journal-key',
    protection: 'pin',
    salt: toBase64url(salt),
    iterations: pinIterations,
    wrapped: toBase64url(wrapped),
  });
  return key;
}

/** How the key beside the journal is kept: what a restore will need ('pin': the site manager's PIN). */
export async function journalKeyProtection(): Promise<JournalKeyEnvelope['protection'] | undefined> {
  return (await readEnvelope())?.protection;
}

/** K from beside the journal, for a restore; `pin` is the site manager's where K was wrapped under it. */
export async function journalKeyForRestore(pin?: string): Promise<CryptoKey | undefined> {
  const envelope = await readEnvelope();
  if (!envelope) return undefined;
  let raw: Uint8Array | undefined;
  if (envelope.protection === 'os') raw = fromBase64url(await platform().secrets.reveal(envelope.sealed));
  else {
    if (!pin) throw new JournalKeyError('the journal key is wrapped under the site manager’s PIN');
    const wrapping = await pinWrappingKey(pin, fromBase64url(envelope.salt)!, envelope.iterations);
    raw = await decryptBytes(webSealCrypto, wrapping, fromBase64url(envelope.wrapped)!);
  }
  if (raw?.length !== 32) throw new JournalKeyError('the journal key file is damaged');
  return (await importJournalKey(webSealCrypto, raw)) as CryptoKey;
}
