import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createRepository, openDatabase } from '../../lib/storage';
import { addFiles } from './add-files';

const file = (name: string, bytes: number[]) => ({ name, data: new Blob([new Uint8Array(bytes)]) });

describe('addFiles', () => {
  it('stores each file as given, by its hash: a repeat of bytes already in the batch and an empty file become error rows', async () => {
    const repo = createRepository(openDatabase('add-files-1'));
    const batch = await repo.createBatch({ patientId: 'P', cycleId: 'C', day: 'D5', embryologist: 'AB', clinic: '' });
    const ids = await addFiles(repo, batch.id, [file('a.bmp', [1, 2, 3]), file('b.bmp', [4, 5]), file('a-again.bmp', [1, 2, 3]), file('empty.bmp', [])]);
    const images = await repo.imagesOf(batch.id);
    expect(images.map((i) => [i.fileName, i.index, i.byteSize, i.status])).toEqual([
      ['a.bmp', 0, 3, 'queued'], ['b.bmp', 1, 2, 'queued'], ['a-again.bmp', 2, 3, 'error'], ['empty.bmp', 3, 0, 'error'],
    ]);
    expect(ids).toEqual([images[0]!.id, images[1]!.id]);
    expect(images[2]!.error).toMatch(/duplicate: same content as "a.bmp"/);
    expect(images[3]!.error).toMatch(/empty file/);
    expect([...new Uint8Array(await images[1]!.original.arrayBuffer())]).toEqual([4, 5]);
    expect(images[2]!.original.size).toBe(0);

    // A later drop is checked against what the batch already holds, and numbered after it.
    await addFiles(repo, batch.id, [file('b-later.bmp', [4, 5])]);
    const later = (await repo.imagesOf(batch.id)).at(-1)!;
    expect([later.index, later.status]).toEqual([4, 'error']);
  });
});
