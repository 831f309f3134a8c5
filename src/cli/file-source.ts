// A file on disk as the backup reader's random-access source: each read is one positioned read
// of the open file, so a backup of any size is read a piece at a time.
import { open } from 'node:fs/promises';
import type { RandomAccessSource } from '../features/backup/headless';

export async function openFileSource(path: string): Promise<RandomAccessSource & { close(): Promise<void> }> {
  const handle = await open(path, 'r');
  const { size } = await handle.stat();
  return {
    size,
    async read(offset, length) {
      const want = Math.max(0, Math.min(length, size - offset));
      const out = new Uint8Array(want);
      let got = 0;
      while (got < want) {
        const { bytesRead } = await handle.read(out, got, want - got, offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return got === want ? out : out.subarray(0, got);
    },
    close: () => handle.close(),
  };
}
