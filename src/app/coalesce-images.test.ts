import { describe, expect, it } from 'vitest';
import type { ImageRecord } from '../lib/storage';
import { showsAtOnce } from './coalesce-images';

function image(index: number, status: ImageRecord['status'] = 'queued'): ImageRecord {
  return {
    id: `b-${index}`, batchId: 'b', index, fileName: `e${index}.bmp`, contentHash: `h${index}`, byteSize: 3,
    status, error: null, warnings: [], width: null, height: null,
    original: new Blob([new Uint8Array([1, 2, 3])]), thumbnail: null, crop: null, localisation: null,
    prediction: null, overrides: {}, decision: 'undecided', notes: '', updatedAt: '',
  };
}

/** The list with image i replaced by a patched copy (as the store hands over a written record). */
const patch = (list: ImageRecord[], i: number, fields: Partial<ImageRecord>) => list.map((r, j) => (j === i ? { ...r, ...fields } : r));

describe('showsAtOnce', () => {
  const batch = [image(0, 'done'), image(1, 'grading'), image(2, 'preprocessing'), image(3)];

  it('holds back images moving along the queue', () => {
    expect(showsAtOnce(batch, batch)).toBe(false);
    expect(showsAtOnce(batch, patch(batch, 3, { status: 'preprocessing' }))).toBe(false);
    expect(showsAtOnce(batch, patch(batch, 2, { status: 'grading', width: 640, height: 480, warnings: ['x'] }))).toBe(false);
  });

  it('shows a grade or a problem arriving at once', () => {
    expect(showsAtOnce(batch, patch(batch, 1, { status: 'done' }))).toBe(true);
    expect(showsAtOnce(batch, patch(batch, 2, { status: 'error', error: 'no embryo' }))).toBe(true);
  });

  it('shows at once what the embryologist did, even on an image still in the queue', () => {
    expect(showsAtOnce(batch, patch(batch, 0, { decision: 'transfer' }))).toBe(true);
    expect(showsAtOnce(batch, patch(batch, 3, { notes: 'n' }))).toBe(true);
    expect(showsAtOnce(batch, patch(batch, 3, { overrides: { icm: 'A' } }))).toBe(true);
    expect(showsAtOnce(batch, patch(batch, 3, { dish: '2' }))).toBe(true);
    // A retry or a hand-placed crop sends a finished image back into the queue.
    expect(showsAtOnce(batch, patch(batch, 0, { status: 'queued' }))).toBe(true);
  });

  it('shows images added or removed, another batch, and the end of the batch at once', () => {
    expect(showsAtOnce(batch, [...batch, image(4)])).toBe(true);
    expect(showsAtOnce(batch, batch.slice(1))).toBe(true);
    expect(showsAtOnce(batch, batch.map((r) => ({ ...r, id: `c-${r.index}` })))).toBe(true);
    const last = [image(0, 'done'), image(1, 'grading')];
    expect(showsAtOnce(last, patch(last, 1, { status: 'done' }))).toBe(true);
  });
});
