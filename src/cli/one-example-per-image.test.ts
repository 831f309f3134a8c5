import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { oneExamplePerImage } from './one-example-per-image';

const bytes = (text: string) => new TextEncoder().encode(text);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const item = (image: string, content: string, outcome: 0 | 1, row: number) => ({ image, bytes: bytes(content), row: { row, outcome } });

describe('oneExamplePerImage', () => {
  it("keys each image by the sha256 of its bytes and orders the examples by that key, whatever the sheet's order", async () => {
    const items = [item('a.png', 'first', 0, 2), item('b.png', 'second', 1, 3), item('c.png', 'third', 1, 4)];
    const forward = await oneExamplePerImage(items);
    const backward = await oneExamplePerImage([...items].reverse());
    const expected = ['first', 'second', 'third'].map(sha256).sort();
    expect(forward.examples.map((e) => e.key)).toEqual(expected);
    expect(backward.examples.map((e) => e.key)).toEqual(expected);
    expect(backward.examples.map((e) => e.image)).toEqual(forward.examples.map((e) => e.image));
    expect(forward.duplicates).toEqual([]);
  });

  it('keeps the first row of a byte-identical image, as the app does, and says so', async () => {
    const { examples, duplicates } = await oneExamplePerImage([item('D5_323.jpg', 'same', 0, 120), item('D5_324.jpg', 'same', 0, 121), item('x.jpg', 'other', 1, 122)]);
    expect(examples.map((e) => e.image).sort()).toEqual(['D5_323.jpg', 'x.jpg']);
    expect(duplicates).toEqual([{ image: 'D5_324.jpg', sameAs: 'D5_323.jpg', labelsDiffer: false, message: 'D5_324.jpg: same image as D5_323.jpg, kept once' }]);
  });

  it('keeps the first row\'s labels when a twin is labelled otherwise, and says the other labels were not used', async () => {
    const { examples, duplicates } = await oneExamplePerImage([item('a.jpg', 'same', 1, 2), item('b.jpg', 'same', 0, 3)]);
    expect(examples).toHaveLength(1);
    expect(examples[0]!.row.outcome).toBe(1);
    expect(duplicates[0]).toMatchObject({ labelsDiffer: true, message: 'b.jpg: same image as a.jpg, kept once with the labels of a.jpg; its own labels differ and were not used' });
  });
});
