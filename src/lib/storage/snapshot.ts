// The app's part of the JSON batch file: the batch's records with every picture as bytes, so
// the file restores the batch exactly. One shape for the app's export and `blastograde backup
// export`, which makes it from a lab backup's records.
import type { AuditRecord, BatchRecord, ImageRecord } from './records';

export type SnapshotImage = Omit<ImageRecord, 'original' | 'thumbnail' | 'crop'> & {
  original: Uint8Array;
  thumbnail: Uint8Array | null;
  crop: Uint8Array | null;
};

export interface BatchSnapshot {
  batch: BatchRecord;
  images: SnapshotImage[];
  audit: AuditRecord[];
}

const bytes = async (blob: Blob | null) => (blob ? new Uint8Array(await blob.arrayBuffer()) : null);

/** `images` in embryo order and `audit` in the order it was written, as the batch's store gives them. */
export async function batchSnapshot(batch: BatchRecord, images: readonly ImageRecord[], audit: AuditRecord[]): Promise<BatchSnapshot> {
  return {
    batch,
    images: await Promise.all(
      images.map(async (image) => ({
        ...image,
        original: (await bytes(image.original))!,
        thumbnail: await bytes(image.thumbnail),
        crop: await bytes(image.crop),
      })),
    ),
    audit,
  };
}
