/**
 * The device's IndexedDB database. Only renderer/db touches Dexie (the lint rules enforce it).
 *
 * Every transaction commits with strict durability: IndexedDB reports success only after the
 * data is flushed to disk, which is what lets the UI say "saved". Schema versions are
 * additive only: a new version adds tables or indexes and never rewrites an old one.
 */
import { Dexie, type EntityTable, type Table } from 'dexie';
import type { LedgerEvent } from '../../shared/ledger/event';
import type { PinAttempts } from '../../shared/domain/lockout';
import type { Batch, EnrollReply, Receipt } from '../../shared/sync/schemas';
import type { MoveRow, SegmentRow, TailRow } from './eventStore';

export const databaseName = 'kaodian';

/** Device configuration, one row per key (site profile, UI language, …). */
export interface SettingRow {
  key: string;
  value: unknown;
}

/** This device's identity: its id and its non-extractable key pair (one row, key 'device'). */
export interface IdentityRow {
  key: 'device';
  device: string;
  kid: string;
  publicKey: Uint8Array;
  keyPair: CryptoKeyPair;
  /**
   * The X25519 seal key (FORMATS.md §5a): packages for this device are sealed to its public half;
   * the private half is not extractable. Identities made before seal keys get one at next start.
   */
  sealKeyPair?: CryptoKeyPair;
  sealPublicKey?: Uint8Array;
  /** The journal's AES-256-GCM key (renderer/app/journalKey.ts). */
  journalKey?: CryptoKey;
  createdAt: string;
}

/** Where a device's chain stands in this database. */
export interface ChainHeadRow {
  device: string;
  seq: number;
  hash: string;
  hlc: string;
}

/** An event as stored: the event itself (never changed) and its hash. */
export interface EventRow {
  device: string;
  seq: number;
  id: string;
  hlc: string;
  type: string;
  hash: string;
  event: LedgerEvent;
}

/** An event's row: the event with the members its indexes need and its hash. */
export function eventRow({ event, hash }: { event: LedgerEvent; hash: string }): EventRow {
  return { device: event.device, seq: event.seq, id: event.id, hlc: event.hlc, type: event.type, hash, event };
}

/**
 * One row of the projection: an entity of a SiteState collection, or the `_meta` row holding
 * the heads, the last order key and the event count the rows reflect.
 */
export interface ProjectionRow {
  collection: string;
  key: string;
  value: unknown;
}

/** A person's PIN verifier on this device (PINs are device-local and never leave it). */
export interface CredentialRow {
  person: string;
  /** PBKDF2-SHA-256 of the PIN. */
  salt: Uint8Array;
  hash: Uint8Array;
  iterations: number;
  attempts: PinAttempts;
  /**
   * Set by someone other than its owner (the site manager): right, it still signs nothing until
   * its owner has chosen their own PIN.
   */
  mustChange?: boolean;
}

/** Bytes referenced from events by their SHA-256 (photos). */
export interface AttachmentRow {
  hash: string;
  bytes: Uint8Array;
  mimeType: string;
}

/**
 * An examiner's score sheet while it is being typed: not a record yet (that is the
 * score.submitted event), but kept durably keystroke by keystroke so a crash loses nothing.
 */
export interface DraftRow {
  session: string;
  candidate: string;
  examiner: string;
  /** What was typed, per item id, as text (a half-typed "7." is kept as typed). */
  values: Record<string, string>;
  updatedAt: number;
}

/** A batch as another device signed it, kept to carry it on unchanged (store and forward). */
export interface StoredBatchRow {
  device: string;
  from: number;
  to: number;
  batch: Batch;
}

/** Certs (enrolment replies) of device keys, by device key id. */
export interface CertRow {
  kid: string;
  device: string;
  cert: EnrollReply;
}

/** The authority's latest verified receipt per device: events 1..through are held there. */
/** An attachment online sync is done with: the authority holds it, or no event held anywhere names it. */
export interface SentAttachmentRow {
  hash: string;
  status: 'held' | 'unreferenced';
  at: number;
}

export interface ReceiptRow {
  device: string;
  through: number;
  receipt: Receipt;
}

/**
 * The schema, version by version. Additive only: a version adds tables, or adds indexes to a
 * table with the same primary key — never removes or changes one, so every database made by an
 * earlier version opens without losing anything (database.test.ts checks each against the one before).
 */
export const schemaVersions: readonly { version: number; stores: Record<string, string> }[] = [
  { version: 1, stores: { settings: 'key' } },
  // v2: the event ledger (trust core). Events are keyed by (device, seq) and never updated.
  { version: 2, stores: { identity: 'key', events: '[device+seq], &id, hlc, type', chainHeads: 'device' } },
  // v3: the projection of the ledger (shared/state), row by row, written with each event.
  { version: 3, stores: { projection: '[collection+key]' } },
  // v4: site set-up: PIN verifiers and attachments (photos).
  { version: 4, stores: { credentials: 'person', attachments: 'hash' } },
  // v5: score sheet drafts.
  { version: 5, stores: { drafts: '[session+candidate+examiner], examiner' } },
  // v6: sync — other devices' batches as signed, device certs, the authority's receipts.
  { version: 6, stores: { batches: '[device+from], device', certs: 'kid, device', receipts: 'device' } },
  // v7: attachments the authority holds (or that no event names: nothing to send).
  { version: 7, stores: { sentAttachments: 'hash' } },
  // v8 (issue 20): events as segments of canonical texts and the open segment's tail
  // (renderer/db/eventStore.ts); `events` stays for the migration of databases not yet moved, and
  // `moves` holds how far it has come.
  { version: 8, stores: { segments: '[device+first]', tail: '[device+seq]', moves: 'key' } },
];

export class KaodianDatabase extends Dexie {
  settings!: EntityTable<SettingRow, 'key'>;
  identity!: EntityTable<IdentityRow, 'key'>;
  events!: Table<EventRow, [string, number]>;
  chainHeads!: EntityTable<ChainHeadRow, 'device'>;
  projection!: Table<ProjectionRow, [string, string]>;
  credentials!: EntityTable<CredentialRow, 'person'>;
  attachments!: EntityTable<AttachmentRow, 'hash'>;
  drafts!: Table<DraftRow, [string, string, string]>;
  batches!: Table<StoredBatchRow, [string, number]>;
  certs!: EntityTable<CertRow, 'kid'>;
  receipts!: EntityTable<ReceiptRow, 'device'>;
  sentAttachments!: EntityTable<SentAttachmentRow, 'hash'>;
  segments!: Table<SegmentRow, [string, number]>;
  tail!: Table<TailRow, [string, number]>;
  moves!: EntityTable<MoveRow, 'key'>;

  constructor(name: string = databaseName) {
    super(name, { chromeTransactionDurability: 'strict' });
    for (const { version, stores } of schemaVersions) this.version(version).stores(stores);
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
