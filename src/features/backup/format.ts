// The lab backup file: a zip holding one JSON entry per record (records/<table>/<n>.json, n from
// 000000 per table), each Blob or ArrayBuffer of a record stored once under blobs/<sha256> (stored,
// not deflated) as a BlobRef {"$blob": sha256, "kind": MIME type or "arraybuffer"}, and
// manifest.json (written last) naming every other entry with its sha256. A reader refuses a file
// whose entries do not match it. Since 2026-12-07 every entry is stored (JSON records were
// deflated before; the reader reads both) and a lab past 4 GB is a ZIP64 file; past 65,535
// entries below 4 GB the end record's count reads 65,535 and the directory is read to its end
// (client-zip's way). Before, such backups were written with wrapped counts and could not be read.
//
// Format versions (a reader reads every version up to BACKUP_FORMAT_VERSION):
//   1  batches, images (with their original/thumbnail/crop bytes) and the audit trail. The
//      `examples` and `models` tables are named in the manifest's counts but always 0.
//   2  (2026-12-06) the same layout and entries, plus:
//      records/examples/*.json: the learning feature's stored examples (StoredExample: key = the
//        image's sha256, fileName, original (BlobRef, the image file), crop, labels, origin,
//        source, date?, addedAt, confirmedBy?, confirmedAt?). Cached trunk features are not kept
//        (derived: recomputed on the next training run).
//      records/models/*.json: the model packages kept in this browser (learned, adapted or
//        brought), as ModelPackage {id, savedAt, card (the model card JSON), files: {file name:
//        BlobRef kind "arraybuffer"}}: model.json, weight shards, grading.json by name. The
//        bundled default model and the model preferences (selected model, backend, thresholds)
//        are not in a backup.
//      A version-1 file reads as a version-2 file with no examples and no models.

export const BACKUP_FORMAT = 'blastograde-lab-backup';
export const BACKUP_FORMAT_VERSION = 2;

/** The tables a backup holds, in the order they are written and restored. */
export const BACKUP_TABLES = ['batches', 'images', 'audit', 'examples', 'models'] as const;
export type BackupTable = (typeof BACKUP_TABLES)[number];

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  appVersion: string;
  createdAt: string;
  /** Records per table. */
  counts: Record<BackupTable, number>;
  /** Distinct blobs (image bytes, thumbnails, crops, model files). */
  blobCount: number;
  /** Every other entry of the zip: path -> sha256 (hex) of its bytes. */
  entries: Record<string, string>;
}

export const MANIFEST_PATH = 'manifest.json';
export const recordPath = (table: BackupTable, n: number) => `records/${table}/${String(n).padStart(6, '0')}.json`;
export const blobPath = (sha256: string) => `blobs/${sha256}`;

/** Which table a record entry belongs to, or null for anything else. */
export function tableOfPath(path: string): BackupTable | null {
  const m = /^records\/([a-z]+)\/\d+\.json$/.exec(path);
  return m && (BACKUP_TABLES as readonly string[]).includes(m[1]!) ? (m[1] as BackupTable) : null;
}

/** A Blob or ArrayBuffer field, as kept in a record entry. */
export interface BlobRef {
  $blob: string;
  /** 'arraybuffer' for an ArrayBuffer, else the Blob's MIME type. */
  kind: string;
}

export const isBlobRef = (v: unknown): v is BlobRef =>
  typeof v === 'object' && v !== null && typeof (v as BlobRef).$blob === 'string' && typeof (v as BlobRef).kind === 'string' && Object.keys(v).length === 2;

export type BackupErrorCode = 'not-a-zip' | 'truncated' | 'no-manifest' | 'wrong-format' | 'newer-version' | 'hash-mismatch' | 'missing-entry' | 'unlisted-entry' | 'bad-record';

/** Why a backup file is refused; nothing is written when one is thrown. */
export class BackupError extends Error {
  constructor(readonly code: BackupErrorCode, message: string) {
    super(message);
    this.name = 'BackupError';
  }
}
