import { expect, test } from './fixtures';
import { appPage } from './pages/appPage';

test('a check-in photo from the webcam is stored by its hash with the check-in', async ({ page }) => {
  const app = appPage(page);
  const sessions = await app.startDemoSessionAsManager();
  const { checkin } = sessions;
  await sessions.tab('checkin');

  await checkin.find('202611260101');
  await checkin.typeCardId();
  await checkin.takePhoto();
  await expect(checkin.photo()).toBeVisible();
  await checkin.signPledge();
  await checkin.markPresent();
  await expect(checkin.counts()).toContainText('到考 1');

  // The photo's bytes are in IndexedDB under their SHA-256, and the check-in event names that hash.
  const stored = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('kaodian');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const all = <T>(store: string) =>
      new Promise<T[]>((resolve) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as T[]);
      });
    const attachments = await all<{ hash: string; bytes: Uint8Array; mimeType: string }>('attachments');
    const segments = await all<{ texts: string[] }>('segments');
    const tail = await all<{ text: string }>('tail');
    const events = [...segments.flatMap((s) => s.texts), ...tail.map((t) => t.text)].map(
      (text) => JSON.parse(text) as { type: string; body: { photo?: string } },
    );
    const digest = async (bytes: Uint8Array) =>
      [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>))]
        .map((b) => b.toString(16).padStart(2, '0'))
        .join('');
    return {
      attachments: await Promise.all(
        attachments.map(async (a) => ({
          hash: a.hash,
          actual: await digest(a.bytes),
          mimeType: a.mimeType,
          size: a.bytes.length,
        })),
      ),
      photos: events.filter((e) => e.type === 'candidate.checked_in').map((e) => e.body.photo),
    };
  });
  expect(stored.attachments).toHaveLength(1);
  expect(stored.attachments[0]!.actual).toBe(stored.attachments[0]!.hash);
  expect(stored.attachments[0]!.mimeType).toBe('image/jpeg');
  expect(stored.attachments[0]!.size).toBeGreaterThan(1000);
  expect(stored.photos).toEqual([stored.attachments[0]!.hash]);
});
