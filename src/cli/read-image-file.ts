// Reads one image file named on the command line. A failure becomes a sentence for the
// JSON/CSV output (the same kind the app shows), never Node's raw error text.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ReadImageResult } from '../features/pipeline';

const READ_ERRORS: Record<string, string> = {
  ENOENT: 'file not found',
  EISDIR: 'this is a folder, not an image file',
  EACCES: 'cannot read this file: permission denied',
  EPERM: 'cannot read this file: permission denied',
};

function readFailure(file: string, error: unknown): { ok: false; error: string } {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  process.stderr.write(`${file}: ${error instanceof Error ? error.message : String(error)}\n`);
  return { ok: false, error: READ_ERRORS[code] ?? 'cannot read this file' };
}

export async function readImageFile(file: string): Promise<ReadImageResult> {
  try {
    return { ok: true, bytes: new Uint8Array(await readFile(file)) };
  } catch (error) {
    return readFailure(file, error);
  }
}

export type HashImageResult = { ok: true; key: string } | { ok: false; error: string };

/**
 * The sha256 of a file's bytes, hex (the key contentHash gives the same bytes, the app's key),
 * read as a stream: a chunk at a time is held, never the whole file. A failure reads as readImageFile's.
 */
export async function hashImageFile(file: string): Promise<HashImageResult> {
  try {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
    return { ok: true, key: hash.digest('hex') };
  } catch (error) {
    return readFailure(file, error);
  }
}
