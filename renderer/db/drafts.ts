/** Score sheet drafts: each change committed with strict durability before the UI says "saved". */
import { database, type DraftRow, type KaodianDatabase } from './database';

export async function loadDraft(
  session: string,
  candidate: string,
  examiner: string,
  db: KaodianDatabase = database(),
): Promise<DraftRow | undefined> {
  return db.drafts.get([session, candidate, examiner]);
}

export async function saveDraft(draft: Omit<DraftRow, 'updatedAt'>, db: KaodianDatabase = database()): Promise<void> {
  await db.drafts.put({ ...draft, updatedAt: Date.now() });
}

export async function draftsOf(examiner: string, db: KaodianDatabase = database()): Promise<DraftRow[]> {
  return db.drafts.where('examiner').equals(examiner).toArray();
}

/** After the sheet is submitted (the event is the record), its draft is no longer needed. */
export async function discardDraft(
  session: string,
  candidate: string,
  examiner: string,
  db: KaodianDatabase = database(),
): Promise<void> {
  await db.drafts.delete([session, candidate, examiner]);
}
