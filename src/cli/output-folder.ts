// Whether a command may write into a folder without --force (no tfjs here: cheap to import).
import { readdir } from 'node:fs/promises';

export async function isEmptyOrMissing(dir: string): Promise<boolean> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? [] : Promise.reject(error)));
  return entries.length === 0;
}
