// The batch file: the whole grade sheet plus the app's own batch state, versioned,
// so an export can be imported back exactly. Uint8Array values anywhere (thumbnails,
// crops in the batch state) are stored as {"$bytes": "<base64>"} and restored as
// Uint8Array; everything else must already be plain JSON.
import { base64ToBytes, bytesToBase64 } from './base64';
import type { GradeSheet } from './types';
import { BatchImportError, validateGradeSheet } from './validate-sheet';

export const BATCH_FORMAT = 'blastograde-batch';
export const BATCH_VERSION = 1;

export interface BatchFile<TBatch = unknown> {
  format: typeof BATCH_FORMAT;
  version: typeof BATCH_VERSION;
  /** ISO 8601 time of the export. */
  exportedAt: string;
  sheet: GradeSheet;
  /** The app's batch state (audit trail, settings, ...), opaque to this module; absent when none was given. */
  batch?: TBatch;
}

const BYTES_TAG = '$bytes';

function encodeBytes(_key: string, value: unknown): unknown {
  return value instanceof Uint8Array ? { [BYTES_TAG]: bytesToBase64(value) } : value;
}

function decodeBytes(_key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const tagged = (value as Record<string, unknown>)[BYTES_TAG];
    if (keys.length === 1 && typeof tagged === 'string') {
      try {
        return base64ToBytes(tagged);
      } catch {
        throw new BatchImportError('Invalid batch file: a binary field is not valid base64');
      }
    }
  }
  return value;
}

export function toBatchJson<TBatch>(sheet: GradeSheet, options: { batch?: TBatch; exportedAt?: string } = {}): string {
  const file: BatchFile<TBatch> = {
    format: BATCH_FORMAT,
    version: BATCH_VERSION,
    exportedAt: options.exportedAt ?? new Date().toISOString(),
    sheet,
    ...(options.batch === undefined ? {} : { batch: options.batch }),
  };
  return JSON.stringify(file, encodeBytes, 2);
}

/**
 * Parses and checks a batch file. Throws BatchImportError with a message fit for the
 * screen: not JSON, not a BlastoGrade batch, a newer version, or the first bad field.
 * The batch state comes back unchecked (typed unknown unless the caller asserts it).
 */
export function parseBatchJson<TBatch = unknown>(text: string): BatchFile<TBatch> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''), decodeBytes);
  } catch (error) {
    if (error instanceof BatchImportError) throw error;
    throw new BatchImportError(`Not a batch file: the text is not JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new BatchImportError('Not a batch file: expected a JSON object');
  }
  const file = parsed as Record<string, unknown>;
  if (file.format !== BATCH_FORMAT) {
    throw new BatchImportError(`Not a BlastoGrade batch file: format is ${JSON.stringify(file.format) ?? 'missing'}, expected "${BATCH_FORMAT}"`);
  }
  if (file.version !== BATCH_VERSION) {
    throw new BatchImportError(`Unsupported batch file version ${JSON.stringify(file.version)}: this app reads version ${BATCH_VERSION}`);
  }
  if (typeof file.exportedAt !== 'string') throw new BatchImportError('Invalid batch file: exportedAt must be text');
  validateGradeSheet(file.sheet);
  return parsed as BatchFile<TBatch>;
}
