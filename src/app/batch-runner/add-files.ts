import { contentHash } from '../../features/ingest';
import type { ImageRecord, Repository } from '../../lib/storage';

/**
 * A file on its way into a batch. `data` is the picked File itself (or a Blob the app made): it is
 * read once, for its hash, one file at a time, and stored as it is, so a drop of 200 micrographs
 * never holds all their bytes in the page at once (nor a second copy of them in new Blobs).
 */
export interface IncomingFile {
  name: string;
  data: Blob;
}

function newRecord(batchId: string, index: number, file: IncomingFile, hash: string): ImageRecord {
  return {
    id: crypto.randomUUID(), batchId, index, fileName: file.name, contentHash: hash, byteSize: file.data.size,
    status: 'queued', error: null, warnings: [], width: null, height: null,
    original: file.data, thumbnail: null, crop: null, localisation: null,
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
    const hash = await contentHash(new Uint8Array(await file.data.arrayBuffer()));
    const record = newRecord(batchId, index++, file, hash);
    const original = file.data.size > 0 ? byHash.get(hash) : undefined;
    if (original !== undefined) {
      record.status = 'error';
      record.error = `duplicate: same content as "${original}", already in this batch`;
      record.original = new Blob([]);
    } else if (file.data.size === 0) {
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
