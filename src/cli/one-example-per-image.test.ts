import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { oneExamplePerImage } from './one-example-per-image';

const bytes = (text: string) => new TextEncoder().encode(text);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const item = (image: string, content: string, outcome: 0 | 1) => ({ image, bytes: bytes(content), labels: { outcome } });

describe('oneExamplePerImage', () => {
  it("keys each image by the sha256 of its bytes and orders the examples by that key, whatever the sheet's order", async () => {
    const items = [item('a.png', 'first', 0), item('b.png', 'second', 1), item('c.png', 'third', 1)];
    const forward = await oneExamplePerImage(items);
    const backward = await oneExamplePerImage([...items].reverse());
    const expected = ['first', 'second', 'third'].map(sha256).sort();
    expect(forward.examples.map((e) => e.key)).toEqual(expected);
    expect(backward.examples.map((e) => e.key)).toEqual(expected);
    expect(backward.examples.map((e) => e.image)).toEqual(forward.examples.map((e) => e.image));
    expect(forward.twins).toEqual([]);
  });

  it('takes byte-identical files as one image: agreeing labels kept once, a disputed label left out', async () => {
    const agree = await oneExamplePerImage([item('D5_323.jpg', 'same', 0), item('D5_324.jpg', 'same', 0), item('x.jpg', 'other', 1)]);
    expect(agree.examples.map((e) => e.image).sort()).toEqual(['D5_323.jpg', 'x.jpg']);
    expect(agree.twins.map((t) => t.message)).toEqual(['D5_324.jpg: same image as D5_323.jpg, kept once']);

    const disagree = await oneExamplePerImage([{ ...item('a.jpg', 'same', 1), labels: { icm: 'A', outcome: 1 } }, { ...item('b.jpg', 'same', 0), labels: { icm: 'A', outcome: 0 } }]);
    expect(disagree.examples.map((e) => [e.image, e.labels])).toEqual([['a.jpg', { icm: 'A' }]]);
    expect(disagree.twins.map((t) => t.message)).toEqual(['b.jpg: same image as a.jpg with outcome 0 vs 1; its outcome is left out']);
  });
});
