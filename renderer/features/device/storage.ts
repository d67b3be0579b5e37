/** Persistent storage: asked for at start so the browser does not evict the exam data. */

export interface StorageStatus {
  /** The browser's answer to navigator.storage.persist(); undefined when the API is missing. */
  persisted: boolean | undefined;
  usageBytes: number | undefined;
  quotaBytes: number | undefined;
}

export async function requestPersistentStorage(): Promise<StorageStatus> {
  const storage = navigator.storage as StorageManager | undefined;
  if (!storage?.persist) return { persisted: undefined, usageBytes: undefined, quotaBytes: undefined };
  const persisted = (await storage.persisted()) || (await storage.persist());
  const estimate = await storage.estimate();
  return { persisted, usageBytes: estimate.usage, quotaBytes: estimate.quota };
}
