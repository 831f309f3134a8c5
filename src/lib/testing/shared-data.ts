// Tests that need the real micrographs read them from ../shared/data (never
// copied into the repository) and skip, saying why, when it is absent.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export const SHARED_DATA_DIR = process.env.BLASTOGRADE_SHARED_DATA ?? resolve(repoRoot, '../shared/data');

export const hasSharedData = existsSync(SHARED_DATA_DIR);

export const sharedDataSkipReason = hasSharedData
  ? ''
  : `../shared/data not found at ${SHARED_DATA_DIR}: real-image tests skipped (set BLASTOGRADE_SHARED_DATA to its path)`;

if (!hasSharedData) console.warn(sharedDataSkipReason);

export function sharedDataPath(...parts: string[]): string {
  return resolve(SHARED_DATA_DIR, ...parts);
}

export { repoRoot };
