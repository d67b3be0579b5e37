/**
 * The database side of the journal (shared/ledger/journal.ts): the marker describing what the
 * database holds, the snapshot of settings that are not events, and a restore into a fresh
 * profile. The platform side (where the journal is written) is renderer/app/journal.ts.
 */
import { liveQuery } from 'dexie';
import { formatTime, localOffsetMinutes } from '../../shared/ledger/ids';
import { zeroHash } from '../../shared/ledger/hash';
import type { JournalContents, JournalMarker, LedgerHolding } from '../../shared/ledger/journal';
import { kidOf } from '../../shared/ledger/signing';
import { exportRawPublicKey, generateDeviceKeyPair } from '../crypto/webCrypto';
import { database, type CredentialRow, type KaodianDatabase, type SettingRow } from './database';
import { addEvents, allEvents, eventCount, eventsOf } from './eventStore';

interface SettingsSnapshot {
  settings: SettingRow[];
  credentials: CredentialRow[];
}

// Byte arrays (PIN salts and verifiers) survive JSON as {"$bytes": "<hex>"}.
const toJson = (_key: string, value: unknown) =>
  value instanceof Uint8Array ? { $bytes: Array.from(value, (b) => b.toString(16).padStart(2, '0')).join('') } : value;
const fromJson = (_key: string, value: unknown) =>
  value && typeof value === 'object' && '$bytes' in value && typeof value.$bytes === 'string'
    ? Uint8Array.from(value.$bytes.match(/../g) ?? [], (h) => parseInt(h, 16))
    : value;

export async function settingsSnapshot(db: KaodianDatabase = database()): Promise<string> {
  const snapshot: SettingsSnapshot = {
    settings: await db.settings.toArray(),
    credentials: await db.credentials.toArray(),
  };
  return JSON.stringify(snapshot, toJson);
}

export async function ledgerHolding(db: KaodianDatabase = database()): Promise<LedgerHolding> {
  const identity = await db.identity.get('device');
  const head = identity ? await db.chainHeads.get(identity.device) : undefined;
  return { ...(identity ? { device: identity.device } : {}), seq: head?.seq ?? 0, events: await eventCount(db) };
}

/** This device's chain head as stored (seq 0 and the zero hash before its first event). */
export async function ownHead(
  device: string,
  db: KaodianDatabase = database(),
): Promise<{ seq: number; hash: string }> {
  const head = await db.chainHeads.get(device);
  return { seq: head?.seq ?? 0, hash: head?.hash ?? zeroHash };
}

/** This device's events after `seq`, with their hashes, in seq order. */
export async function ownEventsAfter(device: string, seq: number, db: KaodianDatabase = database()) {
  return eventsOf(db, device, seq + 1);
}

/** Every event held with its hash, in (device, seq) order: for writing a journal from scratch. */
export async function allEventsInOrder(db: KaodianDatabase = database()) {
  return allEvents(db);
}

/** Calls `onChange` whenever settings or PINs change (the marker's snapshot must follow them). */
export function watchSettings(onChange: () => void): () => void {
  let first = true;
  const subscription = liveQuery(async () => [
    await database().settings.toArray(),
    await database().credentials.toArray(),
  ]).subscribe({
    next: () => {
      // The first answer is the state at subscription, already in the marker.
      if (first) first = false;
      else onChange();
    },
  });
  return () => subscription.unsubscribe();
}

/**
 * Restores a verified journal: every event the database lacks (all of them in a fresh profile)
 * with its chain head, exactly as journalled; settings and PINs of the marker's snapshot that the
 * database lacks; and, in a fresh profile, an identity with the journal's device id and a NEW
 * key (the old private key was in the lost database and cannot come back: the device enrols
 * again, and its old events stay valid under the old cert). The projection is rebuilt when the
 * ledger opens. Returns how many events were added.
 */
export async function restoreFromJournal(
  contents: JournalContents,
  marker: JournalMarker,
  db: KaodianDatabase = database(),
): Promise<number> {
  const snapshot = JSON.parse(marker.settings, fromJson) as SettingsSnapshot;
  const keyPair = await generateDeviceKeyPair();
  const publicKey = await exportRawPublicKey(keyPair.publicKey);
  const now = Date.now();
  return db.transaction(
    'rw',
    [db.segments, db.tail, db.chainHeads, db.projection, db.settings, db.credentials, db.identity],
    async () => {
      const held = new Map((await db.chainHeads.toArray()).map((h) => [h.device, h]));
      // What is held must be the journal's own history, or the two cannot be merged.
      contents.events.forEach((event, i) => {
        const head = held.get(event.device);
        if (head && head.seq === event.seq && head.hash !== contents.hashes[i])
          throw new Error(`device ${event.device} seq ${event.seq} differs between the database and the journal`);
      });
      const missing = contents.events.flatMap((event, i) =>
        event.seq > (held.get(event.device)?.seq ?? 0) ? [{ event, hash: contents.hashes[i]! }] : [],
      );
      await addEvents(db, missing);
      for (const { event, hash } of missing) {
        const head = held.get(event.device);
        if (!head || head.seq < event.seq)
          held.set(event.device, { device: event.device, seq: event.seq, hash, hlc: event.hlc });
      }
      await db.chainHeads.bulkPut([...held.values()]);
      await db.projection.clear();
      const haveSettings = new Set(await db.settings.toCollection().primaryKeys());
      const havePins = new Set(await db.credentials.toCollection().primaryKeys());
      // The enrolment belonged to the old key: it is not restored, the device enrols again.
      await db.settings.bulkPut(
        snapshot.settings.filter((row) => row.key !== 'enrollment' && !haveSettings.has(row.key)),
      );
      // PINs come back one-time (docs/security.md): each person chooses their own again.
      await db.credentials.bulkPut(
        snapshot.credentials.filter((row) => !havePins.has(row.person)).map((row) => ({ ...row, mustChange: true })),
      );
      if (!(await db.identity.get('device'))) {
        await db.identity.put({
          key: 'device',
          device: marker.device,
          kid: kidOf(publicKey),
          publicKey,
          keyPair,
          createdAt: formatTime(now, localOffsetMinutes(now)),
        });
      }
      return missing.length;
    },
  );
}
