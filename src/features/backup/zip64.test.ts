// A lab's archive of thousands of images makes backups past 65,535 entries and past 4 GB: both
// need the ZIP64 end records (or, from client-zip below 4 GB, a directory read to its end).
import { makeZip } from 'client-zip';
import { describe, expect, it } from 'vitest';
import { openRestorable } from './restorable';
import { writeBackup } from './write';
import { memoryLab } from './testing/memory-lab';
import { blobSource, readZipDirectory, readZipEntry, type RandomAccessSource } from './zip-directory';

/**
 * A zip written by client-zip kept sparse: chunks of the shared zero buffer are remembered by
 * length only and read back as zeros, so a 4 GB entry costs its CRC, not 4 GB of memory.
 */
async function sparseZip(files: AsyncIterable<{ name: string; input: Uint8Array | ReadableStream<Uint8Array>; size?: number }>, zeros: Uint8Array): Promise<RandomAccessSource> {
  const segments: { at: number; bytes: Uint8Array | null; length: number }[] = [];
  let size = 0;
  const reader = makeZip(files).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    segments.push({ at: size, bytes: value.buffer === zeros.buffer ? null : value.slice(), length: value.length });
    size += value.length;
  }
  return {
    size,
    read: async (offset, length) => {
      const out = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
      for (const s of segments) {
        const from = Math.max(offset, s.at);
        const to = Math.min(offset + out.length, s.at + s.length);
        if (from < to && s.bytes) out.set(s.bytes.subarray(from - s.at, to - s.at), from - offset);
      }
      return out;
    },
  };
}

describe('backups past the plain zip limits', () => {
  it('writes and opens a lab of more than 65,535 entries whole (fflate wrapped the count to 4,464)', async () => {
    const audit = Array.from({ length: 70_000 }, (_, i) => ({ id: i + 1, batchId: 'b1', imageId: `i${i}`, at: 't', who: 'AB', action: 'edit', field: 'notes', from: '', to: `n${i}`, modelId: null }));
    const chunks: Uint8Array[] = [];
    const finals: boolean[] = [];
    await writeBackup(memoryLab({ audit }), { appVersion: 'test', sink: (c, final) => { chunks.push(c); finals.push(final); } });
    expect(finals.filter(Boolean)).toHaveLength(1);
    expect(finals.at(-1)).toBe(true);
    expect(chunks.slice(0, -1).every((c) => c.length >= 1 << 20)).toBe(true);
    // One buffer, as a picked file is (a Blob of many parts slices in time that grows with its parts).
    const file = new Blob([await new Blob(chunks as Uint8Array<ArrayBuffer>[]).arrayBuffer()]);
    const backup = await openRestorable(blobSource(file));
    expect(backup.manifest.counts.audit).toBe(70_000);
    expect(backup.records.audit).toHaveLength(70_000);
    expect(backup.records.audit.at(-1)).toMatchObject({ id: 70_000, to: 'n69999' });
  }, 120_000);

  it('finds an entry that starts past 4 GB through the ZIP64 records', async () => {
    const zeros = new Uint8Array(64 << 20);
    const big = 2 ** 32 + 4096;
    const stream = () => {
      let left = big;
      return new ReadableStream<Uint8Array>({
        pull(c) {
          if (left <= 0) return c.close();
          const n = Math.min(left, zeros.length);
          left -= n;
          c.enqueue(n === zeros.length ? zeros : zeros.subarray(0, n));
        },
      });
    };
    async function* files() {
      yield { name: 'before', input: new Uint8Array([1, 2, 3]) };
      yield { name: 'blobs/large', input: stream(), size: big };
      yield { name: 'after', input: new Uint8Array([7, 8, 9]) };
    }
    const source = await sparseZip(files(), zeros);
    const entries = await readZipDirectory(source);
    expect(entries.map((e) => [e.name, e.size])).toEqual([['before', 3], ['blobs/large', big], ['after', 3]]);
    expect(entries[2]!.localHeaderOffset).toBeGreaterThan(2 ** 32);
    expect([...await readZipEntry(source, entries[2]!)]).toEqual([7, 8, 9]);
    expect([...await readZipEntry(source, entries[0]!)]).toEqual([1, 2, 3]);
  }, 180_000);

  it('refuses a zip whose end record points to ZIP64 records that are not there, saying so', async () => {
    async function* files() { yield { name: 'a', input: new Uint8Array([1]) }; }
    const bytes = new Uint8Array(await new Response(makeZip(files())).arrayBuffer());
    new DataView(bytes.buffer).setUint32(bytes.length - 22 + 16, 0xffffffff, true);
    await expect(readZipDirectory(blobSource(new Blob([bytes])))).rejects.toMatchObject({ code: 'not-a-zip', message: expect.stringContaining('ZIP64 end locator is missing') });
  });
});
