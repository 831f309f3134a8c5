import { contentHash } from '../../features/ingest';
import type { ImageRecord, Repository } from '../../lib/storage';

export interface IncomingFile {
  name: string;
  bytes: Uint8Array;
}

function newRecord(batchId: string, index: number, file: IncomingFile, hash: string): ImageRecord {
  return {
    id: crypto.randomUUID(), batchId, index, fileName: file.name, contentHash: hash, byteSize: file.bytes.length,
    status: 'queued', error: null, warnings: [], width: null, height: null,
    original: new Blob([file.bytes as Uint8Array<ArrayBuffer>]), thumbnail: null, crop: null, localisation: null,
    prediction: null, overrides: {}, decision: 'undecided', notes: '', dish: '', well: '', updatedAt: new Date().toISOString(),
  };
}

/**
 * Stores a drop of files in the batch and returns the ids to process. A file
 * whose bytes are already in the batch is kept as an error row (so the user
 * sees what happened) without storing its bytes twice.
 */
export async function addFiles(repo: Repository, batchId: string, files: IncomingFile[]): Promise<string[]> {
  const existing = await repo.imagesOf(batchId);
  let index = existing.reduce((max, image) => Math.max(max, image.index + 1), 0);
  const byHash = new Map(existing.filter((i) => i.byteSize > 0 && !i.error?.startsWith('duplicate')).map((i) => [i.contentHash, i.fileName]));
  const records: ImageRecord[] = [];
  for (const file of files) {
    const hash = await contentHash(file.bytes);
    const record = newRecord(batchId, index++, file, hash);
    const original = file.bytes.length > 0 ? byHash.get(hash) : undefined;
    if (original !== undefined) {
      record.status = 'error';
      record.error = `duplicate: same content as "${original}", already in this batch`;
      record.original = new Blob([]);
    } else if (file.bytes.length === 0) {
      record.status = 'error';
      record.error = 'empty file (0 bytes)';
    } else {
      byHash.set(hash, file.name);
    }
    records.push(record);
  }
  await repo.addImages(records);
  return records.filter((r) => r.status === 'queued').map((r) => r.id);
}
