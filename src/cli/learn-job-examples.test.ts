import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend, folderSource, loadModelPackage, nodeWasmDir, type LoadedModelPackage } from '../features/inference/headless';
import { takeFeatures } from '../features/learner/headless';
import { phantomPng, renderPhantom } from '../features/phantom';
import type { ReadImageResult } from '../features/pipeline';
import { learnJobExamples } from './learn-job-examples';
import { readImageFile } from './read-image-file';

const DEFAULT_MODEL = new URL('../../public/models/default/', import.meta.url).pathname;
const N = 8;

describe('learnJobExamples (the examples `blastograde learn` hands the job)', () => {
  let base: LoadedModelPackage;
  let files: { image: string; path: string; labels: { icm: string } }[];
  beforeAll(async () => {
    await chooseBackend('wasm', { paths: nodeWasmDir() });
    base = await loadModelPackage(folderSource(DEFAULT_MODEL));
    const dir = mkdtempSync(path.join(tmpdir(), 'lazy-examples-'));
    files = Array.from({ length: N }, (_, i) => {
      const file = path.join(dir, `p${i}.png`);
      writeFileSync(file, phantomPng(renderPhantom({ seed: `lazy/${i}`, grades: { expansion: 4, icm: 'A', te: 'B' }, nuisance: 'none', width: 200, height: 160 })));
      return { image: `p${i}.png`, path: file, labels: { icm: 'A' } };
    });
    writeFileSync(path.join(dir, 'bad.png'), 'not a png');
    mkdirSync(path.join(dir, 'folder.png'));
    files.push({ image: 'bad.png', path: path.join(dir, 'bad.png'), labels: { icm: 'B' } }, { image: 'folder.png', path: path.join(dir, 'folder.png'), labels: { icm: 'C' } });
  }, 120_000);

  it('reads no image before the job, then each when its turn comes: never more than one image read ahead of the job', async () => {
    let reads = 0;
    let started = 0;
    let mostLive = 0;
    const counting = async (file: string): Promise<ReadImageResult> => {
      reads++;
      // Images read but not yet done with: this one and any read ahead of the example the job is on.
      mostLive = Math.max(mostLive, reads - (started - 1));
      return readImageFile(file);
    };
    const { examples, unreadable } = await learnJobExamples(files, 'sheet.csv', { read: counting });
    expect(reads).toBe(0);
    expect(examples).toHaveLength(N + 2);
    expect(unreadable.map((u) => u.image)).toEqual(['folder.png']);
    // The examples hold their path, never bytes.
    for (const e of examples) expect(Object.values(e).some((v) => v instanceof Uint8Array)).toBe(false);

    const taken = await takeFeatures(base, examples, {
      onProgress: (p) => {
        if (p.item && !p.unusable) started++;
      },
    });
    expect(reads).toBe(N + 1); // the folder's read fails at hashing and is not tried again
    expect(mostLive).toBe(1);
    expect(taken.computed).toBe(N);
    expect(taken.unusable.map((u) => u.name)).toEqual(['bad.png', 'folder.png']);
  }, 120_000);
});
