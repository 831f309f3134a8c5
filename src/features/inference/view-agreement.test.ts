import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { argmaxIndex } from '../../lib/argmax';
import { toHeadPrediction } from './confidence';
import type { ModelCard } from './model-card';
import { predictGrades } from './predict';
import { startNodeBackend } from './testing/tf-node';
import { viewAgreement } from './view-agreement';

describe('viewAgreement', () => {
  it('counts the views whose own call is the averaged call', () => {
    // 8 views of a 3-class head: 5 call class 1, 2 call class 0, 1 calls class 2.
    const views = [
      [0.1, 0.8, 0.1], [0.2, 0.7, 0.1], [0.3, 0.6, 0.1], [0.1, 0.5, 0.4], [0.3, 0.4, 0.3],
      [0.6, 0.3, 0.1], [0.5, 0.4, 0.1],
      [0.1, 0.3, 0.6],
    ];
    expect(viewAgreement(views.flat(), 3, 1)).toEqual({ agree: 5, of: 8 });
    expect(viewAgreement(views.flat(), 3, 0)).toEqual({ agree: 2, of: 8 });
    expect(viewAgreement(views.flat(), 3, 2)).toEqual({ agree: 1, of: 8 });
  });

  it('breaks a view’s tie as the averaged grade does: the earlier class', () => {
    expect(argmaxIndex([0.4, 0.4, 0.2])).toBe(0);
    expect(viewAgreement([0.4, 0.4, 0.2, 0.2, 0.4, 0.4], 3, 1)).toEqual({ agree: 1, of: 2 });
  });

  it('refuses values that are not whole views', () => {
    expect(() => viewAgreement([0.5, 0.5, 0.1], 2, 0)).toThrow(/3 values are not whole views of 2 classes/);
    expect(() => viewAgreement([], 3, 0)).toThrow(/not whole views/);
  });

  it('toHeadPrediction records it only when given the views', () => {
    const head = { name: 'expansion' as const, output: 'expansion', classes: ['1', '2', '3'] };
    // the average [0.3, 0.45, 0.25] calls "2"; views 1 and 4 call "1" and "3"
    const views = [0.6, 0.3, 0.1, 0.1, 0.6, 0.3, 0.2, 0.7, 0.1, 0.3, 0.2, 0.5];
    const p = toHeadPrediction(head, [0.3, 0.45, 0.25], undefined, views);
    expect(p.argmax).toBe('2');
    expect(p.viewAgreement).toEqual({ agree: 2, of: 4 });
    expect(toHeadPrediction(head, [0.3, 0.45, 0.25])).not.toHaveProperty('viewAgreement');
  });
});

describe('predictGrades records each head’s view agreement', () => {
  beforeAll(async () => {
    await startNodeBackend('wasm');
  });

  // A 4x4 single-level image (every channel the same). The 8 orientations carry the pixel at
  // row 0, column 1 to 8 different places, so the 8 views see 8 different pixels there:
  // values 4, 2, 2, 2, 2, 0, 0, 0.
  const size = 4;
  const rows = [
    [0, 4, 2, 0],
    [2, 0, 0, 0],
    [2, 0, 0, 0],
    [0, 2, 0, 0],
  ];
  /** Plain-array reference views: the 4 quarter turns, each with its mirror image. */
  const turn = (r: number[][]) => r[0]!.map((_, c) => r.map((row) => row[row.length - 1 - c]!));
  const mirror = (r: number[][]) => r.map((row) => [...row].reverse());
  const referenceViews = (() => {
    const out: number[][][] = [];
    let v = rows;
    for (let k = 0; k < 4; k++, v = turn(v)) out.push(v, mirror(v));
    return out;
  })();
  const thresholds = { expansion: 1, te: 3 };
  /** A view's probability of class 0: the sigmoid of 4 (pixel - threshold). */
  const classZero = (pixel: number, threshold: number) => 1 / (1 + Math.exp(-4 * (pixel - threshold)));

  /**
   * A stand-in graph (the code under test is predictGrades and the orientation batch, not a
   * network): each head is a 2-class softmax on the view's pixel at row 0, column 1 against
   * its own threshold, so the views call differently.
   */
  const model = {
    inputs: [{ name: 'x' }],
    execute(inputs: Record<string, tf.Tensor4D>, outputs: string[]) {
      const x = inputs.x!;
      const pixel = x.slice([0, 0, 1, 0], [x.shape[0], 1, 1, 1]).reshape([-1]);
      const head = (threshold: number) => tf.stack([pixel.sub(threshold).mul(4), tf.zerosLike(pixel)], 1).softmax();
      return outputs.map((o) => head(thresholds[o as 'expansion' | 'te']));
    },
  } as unknown as tf.GraphModel;
  const card = {
    input: { size: [size, size] },
    heads: [
      { name: 'expansion', output: 'expansion', classes: ['a', 'b'] },
      { name: 'te', output: 'te', classes: ['A', 'B'] },
    ],
  } as unknown as ModelCard;

  it('counts, per head, the views that call what their average calls', async () => {
    const normalised = new Float32Array(rows.flat().flatMap((v) => [v, v, v]));
    const { heads } = await predictGrades(model, card, normalised);
    // Reference: each view's probability in plain arithmetic, their mean, its call, the views that share it.
    for (const [i, threshold] of [thresholds.expansion, thresholds.te].entries()) {
      const p0 = referenceViews.map((v) => classZero(v[0]![1]!, threshold));
      const call = p0.reduce((sum, p) => sum + p, 0) / p0.length > 0.5 ? 0 : 1;
      const agree = p0.filter((p) => (p > 0.5 ? 0 : 1) === call).length;
      expect(heads[i]!.viewAgreement).toEqual({ agree, of: 8 });
      expect(heads[i]!.argmax).toBe(card.heads[i]!.classes[call]);
    }
    // The crafted case: 5 of 8 views see a value above 1 (expansion "a"), 1 of 8 above 3 (te "B" by 7 of 8).
    expect(heads.map((h) => [h.argmax, h.viewAgreement])).toEqual([['a', { agree: 5, of: 8 }], ['B', { agree: 7, of: 8 }]]);
  });

  it('a symmetric image: every view agrees', async () => {
    const flat = new Float32Array(size * size * 3).fill(0.5);
    const { heads } = await predictGrades(model, card, flat);
    expect(heads.map((h) => h.viewAgreement)).toEqual([{ agree: 8, of: 8 }, { agree: 8, of: 8 }]);
  });
});
