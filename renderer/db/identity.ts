/**
 * The device identity: a device UUID and an Ed25519 key pair, made once at first start and kept
 * in IndexedDB. The private key is a non-extractable CryptoKey.
 */
import { formatTime, localOffsetMinutes, uuidV4 } from '../../shared/ledger/ids';
import { kidOf } from '../../shared/ledger/signing';
import { exportRawPublicKey, generateDeviceKeyPair, generateSealKeyPair, webCryptoSigner } from '../crypto/webCrypto';
import type { SealIdentity } from '../../shared/sync/seal';
import { database, type IdentityRow, type KaodianDatabase } from './database';

export async function loadOrCreateIdentity(db: KaodianDatabase = database()): Promise<IdentityRow> {
  const existing = await db.identity.get('device');
  if (existing) return existing.sealKeyPair ? existing : addSealKey(db);
  // Generated outside the transaction: IndexedDB transactions close across unrelated awaits.
  const keyPair = await generateDeviceKeyPair();
  const publicKey = await exportRawPublicKey(keyPair.publicKey);
  const sealKeyPair = await generateSealKeyPair();
  const sealPublicKey = await exportRawPublicKey(sealKeyPair.publicKey);
  const now = Date.now();
  const fresh: IdentityRow = {
    key: 'device',
    device: uuidV4(),
    kid: kidOf(publicKey),
    publicKey,
    keyPair,
    sealKeyPair,
    sealPublicKey,
    createdAt: formatTime(now, localOffsetMinutes(now)),
  };
  return db.transaction('rw', db.identity, async () => {
    // Another window may have won the race; the first identity stays.
    const raced = await db.identity.get('device');
    if (raced) return raced;
    await db.identity.add(fresh);
    return fresh;
  });
}

/** An identity made before seal keys gets one (once: a second window keeps the first one's). */
async function addSealKey(db: KaodianDatabase): Promise<IdentityRow> {
  const sealKeyPair = await generateSealKeyPair();
  const sealPublicKey = await exportRawPublicKey(sealKeyPair.publicKey);
  return db.transaction('rw', db.identity, async () => {
    const current = (await db.identity.get('device'))!;
    if (current.sealKeyPair) return current;
    const updated = { ...current, sealKeyPair, sealPublicKey };
    await db.identity.put(updated);
    return updated;
  });
}

/** The journal's key as this device keeps it, if it has one yet. */
export async function storedJournalKey(db: KaodianDatabase = database()): Promise<CryptoKey | undefined> {
  return (await db.identity.get('device'))?.journalKey;
}

/** Keeps the journal's key (the first one kept stays: another window may have made one meanwhile). */
export async function keepJournalKey(key: CryptoKey, db: KaodianDatabase = database()): Promise<CryptoKey> {
  return db.transaction('rw', db.identity, async () => {
    const identity = await db.identity.get('device');
    if (!identity) throw new Error('this device has no identity yet');
    if (identity.journalKey) return identity.journalKey;
    await db.identity.put({ ...identity, journalKey: key });
    return key;
  });
}

/** This device's seal identity: what opens the packages sealed to it. */
export function deviceSealIdentity(identity: IdentityRow): SealIdentity {
  if (!identity.sealKeyPair || !identity.sealPublicKey) throw new Error('this device has no seal key yet');
  return { publicKey: identity.sealPublicKey, privateKey: identity.sealKeyPair.privateKey };
}

export async function deviceSigner(identity: IdentityRow) {
  return webCryptoSigner(identity.keyPair);
}

/** The signer of this device's key (the identity must exist: it is made at start). */
export async function currentDeviceSigner(db: KaodianDatabase = database()) {
  const identity = await db.identity.get('device');
  if (!identity) throw new Error('this device has no identity yet');
  return deviceSigner(identity);
}

export async function loadIdentity(db: KaodianDatabase = database()): Promise<IdentityRow> {
  const identity = await db.identity.get('device');
  if (!identity) throw new Error('this device has no identity yet');
  return identity;
}
