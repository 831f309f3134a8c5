/** Recognises "storage full" from Dexie or the raw DOMException, in any browser. */
export function isQuotaError(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { inner?: unknown }).inner) {
    const name = (e as { name?: string }).name;
    if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
  }
  return false;
}

export const QUOTA_MESSAGE =
  'The browser has no storage left for this batch. Nothing already saved is lost; ' +
  'export and delete older batches (Batches list) or free disk space, then retry.';

export class StorageFullError extends Error {
  constructor(cause: unknown) {
    super(QUOTA_MESSAGE, { cause });
    this.name = 'StorageFullError';
  }
}

/** Runs a write; a quota failure becomes a StorageFullError with the user message. */
export async function guardQuota<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw isQuotaError(error) ? new StorageFullError(error) : error;
  }
}

/** Asks the browser not to evict our data under storage pressure. */
export async function requestPersistentStorage(): Promise<boolean> {
  try {
    return (await navigator.storage?.persist?.()) ?? false;
  } catch {
    return false;
  }
}
