// The lab's records as a backup source, and a verified backup written back by the merge rules
// (features/backup). This step covers the `blastograde` database (batches, images with their
// bytes, the audit trail); learned examples and model packages are owned by their features'
// stores, which do not expose them yet, so their tables are written empty.
import {
  BACKUP_TABLES, fromPortable, planMerge, summarise, toPortable,
  type BackupTable, type LabSource, type PortableRecord, type RestoreSummary, type TableSource, type VerifiedBackup,
} from '../features/backup';
import type { AuditRecord, BatchRecord, ImageRecord, Repository } from '../lib/storage';

const PAGE = 16;

const empty: TableSource = { count: async () => 0, async *records() {} };

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

export function labSource(repo: Repository): LabSource {
  return {
    batches: { count: () => repo.db.batches.count(), async *records() { yield* await repo.db.batches.orderBy('id').toArray(); } },
    images: pagedImages(repo),
    audit: { count: () => repo.db.audit.count(), async *records() { yield* await repo.db.audit.orderBy('id').toArray(); } },
    examples: empty,
    models: empty,
  };
}

/** Every local record of each table, in the form the merge compares. */
async function localRecords(repo: Repository): Promise<Record<BackupTable, PortableRecord[]>> {
  const out = Object.fromEntries(BACKUP_TABLES.map((t) => [t, [] as PortableRecord[]])) as Record<BackupTable, PortableRecord[]>;
  const source = labSource(repo);
  for (const table of BACKUP_TABLES) {
    for await (const record of source[table].records()) out[table].push(await toPortable(record, null));
  }
  return out;
}

/**
 * Applies the backup by the merge rules in one transaction: absent records are added, identical
 * ones skipped, and a local record that differs is kept and reported (never overwritten).
 */
export async function restoreLab(repo: Repository, backup: VerifiedBackup): Promise<RestoreSummary> {
  const { db } = repo;
  // Hashing the local blobs awaits Web Crypto, which an IndexedDB transaction does not survive:
  // the plan is made first, then written in one transaction. A record another tab adds meanwhile
  // makes bulkAdd fail, which aborts the whole write (nothing half-restored).
  const plan = planMerge(backup.records, await localRecords(repo));
  const back = <T>(records: PortableRecord[]) => records.map((r) => fromPortable<T>(r, backup.blobs));
  await db.transaction('rw', db.batches, db.images, db.audit, async () => {
    await db.batches.bulkAdd(back<BatchRecord>(plan.batches.add));
    await db.images.bulkAdd(back<ImageRecord>(plan.images.add));
    await db.audit.bulkAdd(back<AuditRecord>(plan.audit.add));
  });
  return summarise(plan);
}
