// What a backup holds, found in one pass that reads and checks every entry once (so a listing
// is also a full verification): the batches with their image and decision counts, the record
// counts per table, the models, and any entry kind this reader does not know. Memory holds
// one entry and the summaries, whatever the number of images.
import { parseRecord, type BackupArchive } from './archive';
import { BACKUP_TABLES, isBlobRef, type BackupTable } from './format';
import type { PortableRecord } from './portable';

export interface BatchSummary {
  id: string;
  patientId: string;
  cycleId: string;
  day: string;
  embryologist: string;
  clinic: string;
  createdAt: string;
  images: number;
  /** Embryos per decision (transfer, freeze, ..., undecided). */
  decisions: Record<string, number>;
  auditEntries: number;
}

export interface ModelSummary {
  id: string;
  version: string;
  files: string[];
}

export interface BackupCatalog {
  formatVersion: number;
  appVersion: string;
  createdAt: string;
  newerFormat: boolean;
  counts: Record<BackupTable, number>;
  blobs: { count: number; bytes: number };
  batches: BatchSummary[];
  /** Images or audit entries whose batch the backup does not hold. */
  orphans: { images: number; audit: number };
  models: ModelSummary[];
  /** Entries of kinds this reader does not know (a later format's), by group: entry count. */
  unknownEntries: Record<string, number>;
  bytesVerified: number;
}

/** Where each batch's records lie: what an export reads again, batch by batch. */
export interface BackupIndex {
  batches: Map<string, { batch: string; images: string[]; audit: string[] }>;
  models: string[];
}

export interface CatalogProgress {
  entries: number;
  total: number;
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** Reads and verifies every entry; returns the catalog and the index of record paths by batch. */
export async function catalogBackup(archive: BackupArchive, onProgress?: (p: CatalogProgress) => void): Promise<{ catalog: BackupCatalog; index: BackupIndex }> {
  const counts = Object.fromEntries(BACKUP_TABLES.map((t) => [t, 0])) as Record<BackupTable, number>;
  const batches = new Map<string, BatchSummary>();
  const index: BackupIndex = { batches: new Map(), models: [] };
  const pending = new Map<string, { images: PortableRecord[]; imagePaths: string[]; audit: string[] }>();
  const models: ModelSummary[] = [];
  const unknownEntries: Record<string, number> = {};
  const blobs = { count: 0, bytes: 0 };
  let bytesVerified = 0;
  let done = 0;

  const slot = (batchId: string) => {
    let s = pending.get(batchId);
    if (!s) pending.set(batchId, (s = { images: [], imagePaths: [], audit: [] }));
    return s;
  };

  for await (const entry of archive.each()) {
    const { kind, bytes } = entry;
    bytesVerified += bytes.length;
    if (kind.kind === 'blob') {
      blobs.count++;
      blobs.bytes += bytes.length;
    } else if (kind.kind === 'unknown') {
      unknownEntries[kind.group] = (unknownEntries[kind.group] ?? 0) + 1;
    } else {
      counts[kind.table]++;
      const record = parseRecord(entry.path, bytes);
      if (kind.table === 'batches') {
        const id = text(record.id);
        batches.set(id, {
          id, patientId: text(record.patientId), cycleId: text(record.cycleId), day: text(record.day),
          embryologist: text(record.embryologist), clinic: text(record.clinic), createdAt: text(record.createdAt),
          images: 0, decisions: {}, auditEntries: 0,
        });
        index.batches.set(id, { batch: entry.path, images: [], audit: [] });
      } else if (kind.table === 'images') {
        const s = slot(text(record.batchId));
        // Only what the summary needs: the decision (the record's bytes are not kept).
        s.images.push({ decision: text(record.decision) || 'undecided' });
        s.imagePaths.push(entry.path);
      } else if (kind.table === 'audit') {
        slot(text(record.batchId)).audit.push(entry.path);
      } else if (kind.table === 'models') {
        const files = record.files && typeof record.files === 'object' ? Object.keys(record.files).filter((f) => isBlobRef((record.files as Record<string, unknown>)[f])) : [];
        const card = (record.card ?? {}) as PortableRecord;
        models.push({ id: text(record.id) || text(card.id), version: text(record.version) || text(card.version), files });
        index.models.push(entry.path);
      }
    }
    onProgress?.({ entries: ++done, total: archive.entries.length });
  }

  const orphans = { images: 0, audit: 0 };
  for (const [batchId, s] of pending) {
    const summary = batches.get(batchId);
    const where = index.batches.get(batchId);
    if (!summary || !where) {
      orphans.images += s.images.length;
      orphans.audit += s.audit.length;
      continue;
    }
    summary.images = s.images.length;
    summary.auditEntries = s.audit.length;
    for (const { decision } of s.images) summary.decisions[decision as string] = (summary.decisions[decision as string] ?? 0) + 1;
    where.images = s.imagePaths;
    where.audit = s.audit;
  }

  const { manifest } = archive;
  return {
    catalog: {
      formatVersion: manifest.formatVersion, appVersion: manifest.appVersion, createdAt: manifest.createdAt, newerFormat: archive.newerFormat,
      counts, blobs, batches: [...batches.values()], orphans, models, unknownEntries, bytesVerified,
    },
    index,
  };
}
