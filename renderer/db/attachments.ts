/** Photos and other attachments, stored by the SHA-256 of their bytes. */
import { webCryptoEntrySha256 } from '../crypto/webCrypto';
import { database, type KaodianDatabase, type SentAttachmentRow } from './database';

export async function storeAttachment(
  bytes: Uint8Array,
  mimeType: string,
  db: KaodianDatabase = database(),
): Promise<string> {
  // The platform's native SHA-256: a photo is hundreds of kilobytes.
  const hash = await webCryptoEntrySha256(bytes);
  await db.attachments.put({ hash, bytes, mimeType });
  return hash;
}

export async function loadAttachment(hash: string, db: KaodianDatabase = database()) {
  return db.attachments.get(hash);
}

/** Attachments online sync has not finished with (not yet held by the authority). */
export async function unsentAttachments(db: KaodianDatabase = database()): Promise<string[]> {
  const sent = new Set(await db.sentAttachments.toCollection().primaryKeys());
  return (await db.attachments.toCollection().primaryKeys()).filter((hash) => !sent.has(hash));
}

export async function markAttachmentSent(
  hash: string,
  status: SentAttachmentRow['status'],
  db: KaodianDatabase = database(),
): Promise<void> {
  await db.sentAttachments.put({ hash, status, at: Date.now() });
}
