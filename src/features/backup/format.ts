// The lab backup file, version 1: a zip holding one JSON entry per record, each Blob or
// ArrayBuffer of a record stored once under blobs/<sha256>, and manifest.json (written last)
// naming every entry with its sha256. A reader refuses a file whose entries do not match it.

export const BACKUP_FORMAT = 'blastograde-lab-backup';
export const BACKUP_FORMAT_VERSION = 1;

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
