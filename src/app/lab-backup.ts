// The lab's records as a backup source, and a verified backup written back by the merge rules
// (features/backup). The lab is three databases: `blastograde` (batches, images with their bytes,
// the audit trail, through the Repository), the learning feature's examples and the models
// feature's stored packages (each reached through its feature's public API).
import {
  BACKUP_TABLES, materialise, planMerge, summarise, toPortable,
  type BackupTable, type LabSource, type PortableRecord, type RestorableBackup, type RestoreSummary, type TableSource,
} from '../features/backup';
import type { ExampleStore, StoredExample } from '../features/learning';
import type { ModelPackage } from '../features/models';
import type { AuditRecord, BatchRecord, ImageRecord, Repository } from '../lib/storage';

/** Records written per transaction: bounds what a restore holds of images' and examples' bytes. */
const PAGE = 16;

/** The models feature's packages, as the backup needs them. */
export interface ModelPackages {
  count(): Promise<number>;
  packages(): AsyncIterable<ModelPackage>;
  add(packages: ModelPackage[]): Promise<void>;
}

export interface LabStores {
  repo: Repository;
  examples: Pick<ExampleStore, 'count' | 'each' | 'addAll'>;
  models: ModelPackages;
}

/** Records read a page at a time (by primary key), so images' bytes are never all in memory. */
function pagedImages(repo: Repository): TableSource {
  return {
    count: () => repo.db.images.count(),
    async *records() {
      let after: string | null = null;
      for (;;) {
        const page: ImageRecord[] = after === null
          ? await repo.db.images.orderBy('id').limit(PAGE).toArray()
          : await repo.db.images.where('id').above(after).limit(PAGE).toArray();
        yield* page;
        if (page.length < PAGE) return;
        after = page.at(-1)!.id;
      }
    },
  };
}

export function labSource({ repo, examples, models }: LabStores): LabSource {
  return {
    batches: { count: () => repo.db.batches.count(), async *records() { yield* await repo.db.batches.orderBy('id').toArray(); } },
    images: pagedImages(repo),
    audit: { count: () => repo.db.audit.count(), async *records() { yield* await repo.db.audit.orderBy('id').toArray(); } },
    examples: { count: () => examples.count(), records: () => examples.each() },
    models: { count: () => models.count(), records: () => models.packages() },
  };
}

/** Every local record of each table, in the form the merge compares (blobs as hashes only). */
async function localRecords(stores: LabStores): Promise<Record<BackupTable, PortableRecord[]>> {
  const out = Object.fromEntries(BACKUP_TABLES.map((t) => [t, [] as PortableRecord[]])) as Record<BackupTable, PortableRecord[]>;
  const source = labSource(stores);
  for (const table of BACKUP_TABLES) {
    for await (const record of source[table].records()) out[table].push(await toPortable(record, null));
  }
  return out;
}

export interface RestoreProgress {
  /** Records written so far, of `total` (the records the plan adds). */
  done: number;
  total: number;
}

const perTable = (count: (t: BackupTable) => number) => Object.fromEntries(BACKUP_TABLES.map((t) => [t, count(t)])) as Record<BackupTable, number>;

/**
 * A restore that stopped part way (a full disk, another tab adding the same record, the file
 * changed on disk): each page of records is one transaction, so `written` is exactly what is
 * now here from the backup and `notWritten` what is not; restoring the same file again skips
 * the written records as identical and adds the rest.
 */
export class RestoreInterrupted extends Error {
  constructor(
    readonly written: Record<BackupTable, number>,
    readonly notWritten: Record<BackupTable, number>,
    /** What the plan found before writing: identical records and conflicts (none of them written). */
    readonly summary: RestoreSummary,
    override readonly cause: unknown,
  ) {
    super(`The restore stopped part way: ${reasonOf(cause)}`);
    this.name = 'RestoreInterrupted';
  }
}

/** A full disk: the browser's QuotaExceededError, or Dexie's wrapping of it (its `inner`). */
export function isStorageFull(cause: unknown): boolean {
  const inner = (cause as { inner?: unknown } | null)?.inner;
  return [cause, inner].some((e) => e instanceof Error && /quota/i.test(e.name));
}

/** Why a write failed, as a sentence fragment for the report. */
export function reasonOf(cause: unknown): string {
  if (isStorageFull(cause)) return "this browser's storage for the app is full";
  return cause instanceof Error ? cause.message || cause.name : String(cause);
}

/**
 * Applies the backup by the merge rules: absent records are added, identical ones skipped, and a
 * local record that differs is kept and reported (never overwritten). Written table by table
 * (batches, images, audit, examples, models), a page of records per transaction with only that
 * page's blobs read from the file. If a write fails part way, what was written stays and
 * RestoreInterrupted says exactly what that is; restoring the same file again adds the rest.
 */
export async function restoreLab(stores: LabStores, backup: RestorableBackup, onProgress?: (p: RestoreProgress) => void): Promise<RestoreSummary> {
  const { db } = stores.repo;
  // Hashing the local blobs awaits Web Crypto, which an IndexedDB transaction does not survive:
  // the whole plan is made first, then written.
  const plan = planMerge(backup.records, await localRecords(stores));
  const summary = summarise(plan);
  const total = BACKUP_TABLES.reduce((n, t) => n + plan[t].add.length, 0);
  const written = perTable(() => 0);
  let done = 0;
  onProgress?.({ done, total });
  async function write<T>(table: BackupTable, add: (records: T[]) => Promise<unknown>, page = PAGE) {
    const records = plan[table].add;
    for (let at = 0; at < records.length; at += page) {
      const slice = records.slice(at, at + page);
      await add(await materialise<T>(slice, (hash) => backup.blob(hash)));
      written[table] += slice.length;
      onProgress?.({ done: (done += slice.length), total });
    }
  }
  try {
    await write<BatchRecord>('batches', (r) => db.transaction('rw', db.batches, () => db.batches.bulkAdd(r)), Infinity);
    await write<ImageRecord>('images', (r) => db.transaction('rw', db.images, () => db.images.bulkAdd(r)));
    await write<AuditRecord>('audit', (r) => db.transaction('rw', db.audit, () => db.audit.bulkAdd(r)), Infinity);
    await write<StoredExample>('examples', (r) => stores.examples.addAll(r));
    // One model at a time: each package holds a whole model's weights.
    await write<ModelPackage>('models', (r) => stores.models.add(r), 1);
  } catch (error) {
    throw new RestoreInterrupted(written, perTable((t) => plan[t].add.length - written[t]), summary, error);
  }
  return summary;
}
