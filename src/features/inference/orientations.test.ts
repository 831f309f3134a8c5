import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RgbaImage } from '../../lib/types';
import type { BackendChoice } from './backend-types';
import { toGraphModel } from './graph-model';
import { loadModelPackage, type LoadedModelPackage } from './load-model';
import { createLocalGrader } from './local-grader';
import { folderSource } from './node-model-source';
import { normaliseInput } from './normalise-input';
import { orientationBatch, orientationCount } from './orientations';
import { gradingOutputs, inputTensor, predictGrades } from './predict';
import { startNodeBackend } from './testing/tf-node';

/** Plain-array reference: the image (h rows of w values) turned a quarter counter-clockwise / mirrored left-right. */
const turn = (rows: number[][]) => rows[0]!.map((_, c) => rows.map((row) => row[row.length - 1 - c]!));
const mirror = (rows: number[][]) => rows.map((row) => [...row].reverse());
const key = (rows: number[][]) => JSON.stringify(rows);

describe('orientationBatch', () => {
  it('gives the 8 symmetries of a square image, each once, the image itself first', () => {
    const image = [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ];
    const batch = tf.tidy(() => orientationBatch(tf.tensor4d(image.flat(), [1, 3, 3, 1])).arraySync()).map((v) => v.map((row) => row.map((px) => px[0]!)));
    expect(batch).toHaveLength(8);
    expect(batch[0]).toEqual(image);
    const expected = new Set<string>();
    let view = image;
    for (let k = 0; k < 4; k++, view = turn(view)) [view, mirror(view)].forEach((v) => expected.add(key(v)));
    expect(new Set(batch.map(key))).toEqual(expected);
    expect(expected.size).toBe(8);
  });

  it('gives 4 for a non-square image: only what keeps its shape', () => {
    const image = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    const batch = tf.tidy(() => orientationBatch(tf.tensor4d(image.flat(), [1, 2, 3, 1])).arraySync()).map((v) => v.map((row) => row.map((px) => px[0]!)));
    expect(batch.map(key)).toEqual([image, mirror(image), [...image].reverse(), mirror([...image].reverse())].map(key));
    expect(orientationCount([2, 3])).toBe(4);
    expect(orientationCount([128, 128])).toBe(8);
  });

  it("gives learning's 4 of a square image (its quarter turns, the identity first: a grade's 1st, 4th, 6th and 7th), a non-square image's 4 as a grade's", () => {
    const square = [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ];
    const views = (set?: 'learning') => tf.tidy(() => orientationBatch(tf.tensor4d(square.flat(), [1, 3, 3, 1]), set).arraySync()).map((v) => v.map((row) => row.map((px) => px[0]!)));
    const learning = views('learning');
    expect(learning).toHaveLength(4);
    expect(learning[0]).toEqual(square);
    expect(new Set(learning.map(key))).toEqual(new Set([square, turn(square), turn(turn(square)), turn(turn(turn(square)))].map(key)));
    const grading = views();
    expect(learning).toEqual([0, 3, 5, 6].map((i) => grading[i]));
    const wide = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    const wideViews = (set?: 'learning') => tf.tidy(() => orientationBatch(tf.tensor4d(wide.flat(), [1, 2, 3, 1]), set).arraySync());
    expect(wideViews('learning')).toEqual(wideViews());
    expect(orientationCount([128, 128], 'learning')).toBe(4);
    expect(orientationCount([2, 3], 'learning')).toBe(4);
  });
});

describe('grades do not depend on how the micrograph is turned', () => {
  let pkg: LoadedModelPackage;
  let backend: BackendChoice;
  const size = 128;
  /** A deterministic, asymmetric crop: an off-centre bright disc with a gradient and a dark notch. */
  const crop: RgbaImage = (() => {
    const data = new Uint8ClampedArray(size * size * 4);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const disc = Math.hypot(x - 50, y - 70) < 40 ? 120 : 0;
        const notch = x > 90 && y < 30 ? -60 : 0;
        const v = Math.max(0, Math.min(255, 60 + disc + notch + x * 0.4 + ((x * 7 + y * 13) % 17)));
        data.set([v, v * 0.9, v * 0.8, 255], (y * size + x) * 4);
      }
    }
    return { width: size, height: size, data };
  })();
  const transformed = (image: RgbaImage, map: (x: number, y: number) => [number, number]): RgbaImage => {
    const data = new Uint8ClampedArray(image.data.length);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const [sx, sy] = map(x, y);
        data.set(image.data.subarray((sy * size + sx) * 4, (sy * size + sx) * 4 + 4), (y * size + x) * 4);
      }
    }
    return { width: size, height: size, data };
  };

  beforeAll(async () => {
    backend = await startNodeBackend('wasm');
    pkg = await loadModelPackage(folderSource(fileURLToPath(new URL('../../../public/models/default', import.meta.url))));
  });

  it('a quarter turn or a mirror image gets the same probabilities, each the mean over the 8 single views', async () => {
    const grader = await createLocalGrader(pkg, backend);
    const model = await toGraphModel(pkg);
    try {
      const original = await grader.grade(crop);
      for (const map of [(x: number, y: number): [number, number] => [y, size - 1 - x], (x: number, y: number): [number, number] => [size - 1 - x, y]]) {
        const other = await grader.grade(transformed(crop, map));
        other.heads.forEach((head, i) => head.probabilities.forEach((p, c) => expect(p).toBeCloseTo(original.heads[i]!.probabilities[c]!, 5)));
      }
      // The mean of the views, one execution each: what the batch must equal.
      const single = tf.tidy(() => {
        const views = orientationBatch(inputTensor(pkg.card, normaliseInput(crop, pkg.card.input.normalization)));
        const outs = tf.split(views, 8).map((v) => model.execute(v, gradingOutputs(pkg.card)) as tf.Tensor[]);
        return pkg.card.heads.map((_, h) => tf.concat(outs.map((o) => o[h]!), 0).mean(0).arraySync() as number[]);
      });
      original.heads.forEach((head, i) => head.probabilities.forEach((p, c) => expect(p).toBeCloseTo(single[i]![c]!, 5)));
      // and it differs from the upright view alone, or the test would not show the averaging
      const upright = tf.tidy(() => (model.execute(inputTensor(pkg.card, normaliseInput(crop, pkg.card.input.normalization)), gradingOutputs(pkg.card)) as tf.Tensor[]).map((t) => t.arraySync() as number[][]));
      const gap = Math.max(...original.heads.flatMap((head, i) => head.probabilities.map((p, c) => Math.abs(p - upright[i]![0]![c]!))));
      expect(gap).toBeGreaterThan(1e-4);
      const direct = await predictGrades(model, pkg.card, normaliseInput(crop, pkg.card.input.normalization));
      expect(direct.heads.map((h) => h.probabilities)).toEqual(original.heads.map((h) => h.probabilities));
    } finally {
      grader.dispose();
      model.dispose();
    }
  });
});
