// Reads one image file named on the command line. A failure becomes a sentence for the
// JSON/CSV output (the same kind the app shows), never Node's raw error text.
import { readFile } from 'node:fs/promises';
import type { ReadImageResult } from '../features/pipeline';

const READ_ERRORS: Record<string, string> = {
  ENOENT: 'file not found',
  EISDIR: 'this is a folder, not an image file',
  EACCES: 'cannot read this file: permission denied',
  EPERM: 'cannot read this file: permission denied',
};

export async function readImageFile(file: string): Promise<ReadImageResult> {
  try {
    return { ok: true, bytes: new Uint8Array(await readFile(file)) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    process.stderr.write(`${file}: ${error instanceof Error ? error.message : String(error)}\n`);
    return { ok: false, error: READ_ERRORS[code] ?? 'cannot read this file' };
  }
}
