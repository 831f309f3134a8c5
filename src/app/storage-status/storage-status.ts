// What the page says about the browser's storage: whether it is kept (persistent) and how much
// is used and left, and when to warn that space is running out. Pure; use-storage-status.ts asks
// the browser.

export interface StorageFacts {
  /** navigator.storage.persisted(): null when the browser cannot say. */
  persisted: boolean | null;
  /** navigator.storage.estimate(), in bytes; null when unknown. */
  usage: number | null;
  quota: number | null;
}

/** Warn below 10 % of the quota or below 500 MB free, whichever comes first. */
export const LOW_SPACE_FRACTION = 0.1;
export const LOW_SPACE_BYTES = 500 * 1024 * 1024;

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 || value >= 100 ? Math.round(value) : Number(value.toFixed(1))} ${units[unit]}`;
}

/** Free bytes, or null when the browser does not tell. */
export function freeBytes({ usage, quota }: StorageFacts): number | null {
  return usage === null || quota === null ? null : Math.max(0, quota - usage);
}

export function isLowOnSpace(facts: StorageFacts): boolean {
  const free = freeBytes(facts);
  if (free === null || !facts.quota) return false;
  return free < LOW_SPACE_BYTES || free / facts.quota < LOW_SPACE_FRACTION;
}

/** One short line for the header: "Storage kept · 12 MB used of 2.1 GB". */
export function storageLine(facts: StorageFacts): string {
  const kept = facts.persisted === true ? 'Storage kept' : facts.persisted === false ? 'Storage not guaranteed' : 'Storage';
  if (facts.usage === null || facts.quota === null) return kept;
  return `${kept} · ${formatBytes(facts.usage)} used of ${formatBytes(facts.quota)}`;
}

/** The tooltip: what the status means and what to do. */
export function storageExplanation(facts: StorageFacts): string {
  const kept = facts.persisted === true
    ? 'The browser has agreed to keep this lab\'s batches, images and models even when the disk is nearly full.'
    : 'The browser has not agreed to keep this lab\'s data: under disk pressure it may delete batches, images and models. Export batches you need (JSON), or install the app / bookmark it so the browser keeps its storage.';
  const free = freeBytes(facts);
  return free === null ? kept : `${kept} ${formatBytes(free)} free.`;
}

/** The warning shown as a notice when space runs low, or null. */
export function lowSpaceWarning(facts: StorageFacts): string | null {
  if (!isLowOnSpace(facts)) return null;
  return `Storage is running out: ${formatBytes(freeBytes(facts)!)} left for this app. Export finished batches (JSON) and delete them, or free disk space, before adding more images.`;
}
