/** Photos and other attachments, stored by the SHA-256 of their bytes. */
import { sha256Hex } from '../../shared/ledger/hash';
import { database, type KaodianDatabase } from './database';

export async function storeAttachment(bytes: Uint8Array, mimeType: string, db: KaodianDatabase = database()): Promise<string> {
  const hash = sha256Hex(bytes);
  await db.attachments.put({ hash, bytes, mimeType });
  return hash;
}

export async function loadAttachment(hash: string, db: KaodianDatabase = database()) {
  return db.attachments.get(hash);
}
