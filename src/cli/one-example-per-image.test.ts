import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentHash } from '../features/ingest';
import { oneExamplePerImage } from './one-example-per-image';
import { hashImageFile, type HashImageResult } from './read-image-file';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const folder = mkdtempSync(path.join(tmpdir(), 'one-example-'));
/** A sheet row whose file holds `content` (written under a name of its own, so twins are two files). */
const item = (image: string, content: string, outcome: 0 | 1) => {
  const file = path.join(folder, `${image}-${sha256(content).slice(0, 8)}`);
  writeFileSync(file, content);
  return { image, path: file, labels: { outcome } };
};

describe('oneExamplePerImage', () => {
  it("keys each image by the sha256 of its bytes and orders the examples by that key, whatever the sheet's order; keeps path and key, not the bytes", async () => {
    const items = [item('a.png', 'first', 0), item('b.png', 'second', 1), item('c.png', 'third', 1)];
    const forward = await oneExamplePerImage(items);
    const backward = await oneExamplePerImage([...items].reverse());
    const expected = ['first', 'second', 'third'].map(sha256).sort();
    expect(forward.examples.map((e) => e.key)).toEqual(expected);
    expect(backward.examples.map((e) => e.key)).toEqual(expected);
    expect(backward.examples.map((e) => e.image)).toEqual(forward.examples.map((e) => e.image));
    expect(forward.twins).toEqual([]);
    expect(forward.unreadable).toEqual([]);
    for (const e of forward.examples) expect(Object.keys(e).sort()).toEqual(['image', 'key', 'labels', 'path']);
  });

  it('takes byte-identical files as one image: agreeing labels kept once, a disputed label left out', async () => {
    const agree = await oneExamplePerImage([item('D5_323.jpg', 'same', 0), item('D5_324.jpg', 'same', 0), item('x.jpg', 'other', 1)]);
    expect(agree.examples.map((e) => e.image).sort()).toEqual(['D5_323.jpg', 'x.jpg']);
    expect(agree.twins.map((t) => t.message)).toEqual(['D5_324.jpg: same image as D5_323.jpg, kept once']);

    const disagree = await oneExamplePerImage([{ ...item('a.jpg', 'same', 1), labels: { icm: 'A', outcome: 1 } }, { ...item('b.jpg', 'same', 0), labels: { icm: 'A', outcome: 0 } }]);
    expect(disagree.examples.map((e) => [e.image, e.labels])).toEqual([['a.jpg', { icm: 'A' }]]);
    expect(disagree.twins.map((t) => t.message)).toEqual(['b.jpg: same image as a.jpg with outcome 0 vs 1; its outcome is left out']);
  });

  it('lists a file that cannot be read with why, in sheet order, and keys the rest', async () => {
    const missing = { image: 'gone.png', path: path.join(folder, 'gone.png'), labels: { outcome: 1 as const } };
    const result = await oneExamplePerImage([item('a.png', 'kept', 0), missing, { image: 'dir.png', path: folder, labels: { outcome: 0 as const } }]);
    expect(result.examples.map((e) => e.image)).toEqual(['a.png']);
    expect(result.unreadable.map((u) => [u.image, u.error])).toEqual([
      ['gone.png', 'file not found'],
      ['dir.png', 'this is a folder, not an image file'],
    ]);
  });

  it('hashes a few files at a time, never the whole archive at once', async () => {
    const items = Array.from({ length: 40 }, (_, i) => item(`p${i}.png`, `content ${i}`, (i % 2) as 0 | 1));
    let live = 0;
    let most = 0;
    const counting = async (file: string): Promise<HashImageResult> => {
      most = Math.max(most, ++live);
      try {
        await new Promise((r) => setTimeout(r, 1));
        return await hashImageFile(file);
      } finally {
        live--;
      }
    };
    const result = await oneExamplePerImage(items, counting);
    expect(result.examples).toHaveLength(40);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(4);
  });
});

describe('hashImageFile', () => {
  it('streams to the key contentHash gives the whole bytes (a file of several chunks)', async () => {
    const bytes = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251);
    const file = path.join(folder, 'large.bin');
    writeFileSync(file, bytes);
    expect(await hashImageFile(file)).toEqual({ ok: true, key: await contentHash(bytes) });
  });
});
