// The open batch's images, kept current without re-reading the batch on every write. A liveQuery
// over the whole batch hands back (and the page then compares and re-ranks) all N records on each
// of an image's three status writes: O(N) per image, O(N²) per batch. Here the batch is read once,
// and after that each committed write (this tab's, another tab's, a restore's) re-reads only the
// records it touched, from Dexie's own change feed (the `storagemutated` event liveQuery is built
// on). A write that names a range of keys rather than single records (deleting a batch) reloads
// the batch.
import Dexie, { type ObservabilitySet } from 'dexie';
import type { BlastogradeDb } from './db';
import type { ImageRecord } from './records';

/** Dexie's interval tree of changed keys (also as a plain object, once it crossed tabs). */
interface KeyRangeNode {
  from?: unknown;
  to?: unknown;
  d?: number;
  l?: KeyRangeNode | null;
  r?: KeyRangeNode | null;
}

/**
 * The single keys a mutation set names for one table's primary key, in key order: an empty list when the table
 * was not touched, 'all' when a range of keys was (a delete by index, a clear) or when the set is not in the
 * shape this reads (the tree is Dexie's internal format: should a new Dexie change it, the batch reloads on
 * every write, slower but never stale).
 */
export function changedKeys(parts: ObservabilitySet, db: string, table: string): string[] | 'all' {
  const root: unknown = parts[`idb://${db}/${table}/`];
  if (root === undefined) return [];
  if (root === null || typeof root !== 'object') return 'all';
  const keys: string[] = [];
  const walk = (node: KeyRangeNode | null | undefined): boolean => {
    if (node === null || node === undefined) return true;
    if (typeof node !== 'object' || typeof node.d !== 'number') return false;
    if (node.d === 0) return true;
    if (typeof node.from !== 'string' || node.from !== node.to || !walk(node.l)) return false;
    keys.push(node.from);
    return walk(node.r);
  };
  return walk(root as KeyRangeNode) ? keys : 'all';
}

/**
 * `images` with the records read back for `changed` ids applied: a record of this batch replaces
 * the one of its id (or joins, in embryo order), an id read back as missing or now in another
 * batch leaves. Records not named keep their identity, and so does the list when nothing moved.
 */
export function patchImages(images: readonly ImageRecord[], batchId: string, changed: ReadonlyMap<string, ImageRecord | undefined>): ImageRecord[] {
  let next: (ImageRecord | undefined)[] | null = null;
  const seen = new Set<string>();
  images.forEach((image, i) => {
    if (!changed.has(image.id)) return;
    seen.add(image.id);
    const record = changed.get(image.id);
    next ??= [...images];
    next[i] = record && record.batchId === batchId ? record : undefined;
  });
  const added = [...changed.values()].filter((r): r is ImageRecord => !!r && r.batchId === batchId && !seen.has(r.id));
  if (!next && added.length === 0) return images as ImageRecord[];
  const kept = (next ?? [...images]).filter((r): r is ImageRecord => r !== undefined);
  return added.length ? [...kept, ...added].sort((a, b) => a.index - b.index) : kept;
}

export interface ImagesWatcher {
  next(images: ImageRecord[]): void;
  error(error: unknown): void;
}

/** Calls `watcher.next` with the batch's images (embryo order) now and after each change; returns the unsubscribe. */
export function watchBatchImages(db: BlastogradeDb, batchId: string, watcher: ImagesWatcher): () => void {
  let images: ImageRecord[] | null = null;
  let shown: ImageRecord[] | null = null;
  let closed = false;
  // Changes seen while a read is in flight: applied by the next read, in order.
  let pendingIds = new Set<string>();
  let reloadAll = true;
  let reading: Promise<void> | null = null;

  const readAll = async () => (await db.images.where('batchId').equals(batchId).toArray()).sort((a, b) => a.index - b.index);

  async function catchUp(): Promise<void> {
    while (!closed && (reloadAll || pendingIds.size)) {
      if (reloadAll || !images) {
        reloadAll = false;
        pendingIds = new Set();
        images = await readAll();
      } else {
        const ids = [...pendingIds];
        pendingIds = new Set();
        const records = await db.images.bulkGet(ids);
        images = patchImages(images, batchId, new Map(ids.map((id, i) => [id, records[i]])));
      }
      // Told only when its list changed (a write to another batch changes nothing here).
      if (!closed && !reloadAll && !pendingIds.size && images !== shown) watcher.next((shown = images));
    }
  }

  function schedule() {
    if (reading || closed) return;
    reading = catchUp()
      .catch((error: unknown) => { if (!closed) watcher.error(error); })
      .finally(() => {
        reading = null;
        if (reloadAll || pendingIds.size) schedule();
      });
  }

  const onMutated = (parts: ObservabilitySet) => {
    const keys = changedKeys(parts, db.name, 'images');
    if (keys === 'all') reloadAll = true;
    else keys.forEach((k) => pendingIds.add(k));
    schedule();
  };
  Dexie.on.storagemutated.subscribe(onMutated);
  schedule();
  return () => {
    closed = true;
    Dexie.on.storagemutated.unsubscribe(onMutated);
  };
}
