import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { RgbaImage } from '../../lib/types';
import { toHeadPrediction } from './confidence';
import { toGraphModel } from './graph-model';
import { loadModelPackage } from './load-model';
import { createLocalGrader } from './local-grader';
import { memorySource } from './model-source';
import { IMAGENET_MEAN, IMAGENET_STD, normaliseInput } from './normalise-input';
import { gradingOutputs, predictGrades, toOutcomePrediction } from './predict';
import { outcomeModelFiles, type OutcomeModelOptions } from './testing/outcome-model';
import { startNodeBackend } from './testing/tf-node';

const icm = { name: 'icm' as const, output: 'icm', classes: ['C', 'B', 'A'] };
const thresholds = { minTop1: 0.5, minMargin: 0.15 };

describe('toHeadPrediction', () => {
  it('takes the argmax in the card class order', () => {
    const p = toHeadPrediction(icm, [0.1, 0.2, 0.7], thresholds);
    expect(p).toEqual({ name: 'icm', classes: ['C', 'B', 'A'], probabilities: [0.1, 0.2, 0.7], argmax: 'A', lowConfidence: false });
    expect(toHeadPrediction(icm, [0.8, 0.15, 0.05], thresholds).argmax).toBe('C');
  });

  it('flags a low top-1 probability', () => {
    expect(toHeadPrediction(icm, [0.3, 0.25, 0.45], { minTop1: 0.5, minMargin: 0 }).lowConfidence).toBe(true);
    expect(toHeadPrediction(icm, [0.3, 0.15, 0.55], { minTop1: 0.5, minMargin: 0 }).lowConfidence).toBe(false);
  });

  it('flags a small margin between the top two', () => {
    expect(toHeadPrediction(icm, [0.05, 0.44, 0.51], { minTop1: 0, minMargin: 0.1 }).lowConfidence).toBe(true);
    expect(toHeadPrediction(icm, [0.05, 0.35, 0.6], { minTop1: 0, minMargin: 0.1 }).lowConfidence).toBe(false);
  });

  it('thresholds come from the caller', () => {
    const probs = [0.1, 0.3, 0.6];
    expect(toHeadPrediction(icm, probs, { minTop1: 0.5, minMargin: 0.2 }).lowConfidence).toBe(false);
    expect(toHeadPrediction(icm, probs, { minTop1: 0.7, minMargin: 0.2 }).lowConfidence).toBe(true);
    expect(toHeadPrediction(icm, probs, { minTop1: 0.5, minMargin: 0.4 }).lowConfidence).toBe(true);
  });

  it('works for any class count and refuses a mismatch', () => {
    const exp = { name: 'expansion' as const, output: 'expansion', classes: ['1', '2', '3', '4', '5', '6'] };
    expect(toHeadPrediction(exp, [0, 0, 0, 0.1, 0.8, 0.1], thresholds).argmax).toBe('5');
    expect(() => toHeadPrediction(icm, [0.5, 0.5], thresholds)).toThrow(/2 probabilities for 3 classes/);
  });
});

describe('the lab outcome output', () => {
  const buffers = (files: Record<string, Uint8Array>) =>
    Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, bytes.slice().buffer as ArrayBuffer]));
  const load = async (options: OutcomeModelOptions = {}, edit?: (card: Record<string, unknown>, model: Record<string, unknown>) => void) => {
    const files = await outcomeModelFiles(options);
    if (edit) {
      const card = JSON.parse(new TextDecoder().decode(files['grading.json'])) as Record<string, unknown>;
      const model = JSON.parse(new TextDecoder().decode(files['model.json'])) as Record<string, unknown>;
      edit(card, model);
      files['grading.json'] = new TextEncoder().encode(JSON.stringify(card));
      files['model.json'] = new TextEncoder().encode(JSON.stringify(model));
    }
    return loadModelPackage(memorySource(buffers(files), 'test package'));
  };
  /** An image whose colour is (r, g, b) everywhere. */
  const flat = (size: number, [r, g, b]: number[]): RgbaImage => {
    const data = new Uint8ClampedArray(size * size * 4);
    for (let p = 0; p < size * size; p++) data.set([r!, g!, b!, 255], p * 4);
    return { width: size, height: size, data };
  };
  /** What the fixture's outcome unit computes: sigmoid(3 (R - G)) on imagenet-normalised means. */
  const expected = ([r, g]: number[]) => {
    const z = (v: number, c: number) => (v / 255 - IMAGENET_MEAN[c]!) / IMAGENET_STD[c]!;
    return 1 / (1 + Math.exp(-3 * (z(r!, 0) - z(g!, 1))));
  };

  it('is asked for after the heads, only when the card has one', async () => {
    const pkg = await load();
    expect(gradingOutputs(pkg.card)).toEqual(['expansion', 'icm', 'te', 'outcome']);
    expect(gradingOutputs({ ...pkg.card, outcome: undefined })).toEqual(['expansion', 'icm', 'te']);
  });

  it('predictGrades reads the sigmoid probability beside the heads', async () => {
    await startNodeBackend('wasm');
    const pkg = await load();
    const model = await toGraphModel(pkg);
    try {
      for (const colour of [[200, 60, 90], [60, 200, 90], [128, 128, 128]]) {
        const result = await predictGrades(model, pkg.card, normaliseInput(flat(32, colour), pkg.card.input.normalization));
        expect(result.heads.map((h) => h.name)).toEqual(['expansion', 'icm', 'te']);
        expect(result.outcome!.positiveLabel).toBe('good');
        expect(result.outcome!.probability).toBeCloseTo(expected(colour), 5);
      }
      const without = await predictGrades(model, { ...pkg.card, outcome: undefined }, normaliseInput(flat(32, [1, 2, 3]), 'imagenet'));
      expect(without).not.toHaveProperty('outcome');
    } finally {
      model.dispose();
    }
  });

  it('a grader puts it on the prediction; a model without it grades as before', async () => {
    const backend = await startNodeBackend('wasm');
    const grader = await createLocalGrader(await load({ positiveLabel: 'fetal heart' }), backend);
    const before = tf.memory().numTensors;
    const p = await grader.grade(flat(32, [180, 90, 90]));
    expect(p.outcome).toEqual({ probability: expect.closeTo(expected([180, 90]), 5), positiveLabel: 'fetal heart' });
    expect(p.outcome!.probability).toBeGreaterThan(0.5);
    expect(tf.memory().numTensors).toBe(before);
    grader.dispose();

    const plain = await createLocalGrader(await load({ signatureListsOutcome: false }, (card) => delete card.outcome), backend);
    const q = await plain.grade(flat(32, [180, 90, 90]));
    expect(q).not.toHaveProperty('outcome');
    expect(q.heads.map((h) => h.probabilities)).toEqual(p.heads.map((h) => h.probabilities));
    plain.dispose();
  });

  it('loads whether or not the signature lists the outcome output, and refuses a wrong one', async () => {
    expect((await load({ signatureListsOutcome: false })).card.outcome?.output).toBe('outcome');
    await expect(load({}, (card) => ((card.outcome as { output: string }).output = 'nowhere'))).rejects.toThrow(
      'outcome output node "nowhere" is not in model.json\'s graph',
    );
    await expect(
      load({}, (_card, model) => {
        const outputs = (model.signature as { outputs: Record<string, { tensorShape: unknown }> }).outputs;
        outputs.outcome!.tensorShape = { dim: [{ size: '-1' }, { size: '2' }] };
      }),
    ).rejects.toThrow('outcome output "outcome" has 2 values per image in model.json; it must be one probability');
  });

  it('refuses an output that is not one probability', () => {
    const outcome = { output: 'o', positiveLabel: 'good' };
    expect(toOutcomePrediction(outcome, [0.25])).toEqual({ probability: 0.25, positiveLabel: 'good' });
    expect(() => toOutcomePrediction(outcome, [0.2, 0.8])).toThrow(/must be one probability in \[0, 1\].*\[0.2, 0.8\]/);
    expect(() => toOutcomePrediction(outcome, [1.5])).toThrow(/one probability/);
    expect(() => toOutcomePrediction(outcome, [Number.NaN])).toThrow(/one probability/);
  });
});
