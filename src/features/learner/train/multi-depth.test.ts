import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend, folderSource, loadModelPackage, memorySource, nodeWasmDir, toGraphModel, type LoadedModelPackage } from '../../inference/headless';
import { baseHeads, featureLayout } from './base-heads';
import { choiceRule, MIN_GAIN } from './choose-feature-set';
import { extractFeatures } from './extract-features';
import { MULTI_DEPTH_NODE } from './graph';
import { learnFromExamples } from './learn';
import { gradeProbabilities, outcomeProbabilities } from './predict-package';
import type { GradeLabelReport, LearnedPackage, LearningExample, OutcomeLabelReport } from './types';

const DEFAULT_MODEL = new URL('../../../../public/models/default/', import.meta.url).pathname;
const ICM = ['A', 'B', 'C'];

/**
 * Feature vectors laid out as the default model's (block 3 mean 64, block 4 mean 128, gap 128):
 * ICM shifts a few block-3 values only (gap alone cannot see it), the outcome a few gap values.
 */
function examples(n: number, seed: string): LearningExample[] {
  const random = seedrandom.alea(seed);
  return Array.from({ length: n }, (_, i) => {
    const outcome = (i % 3 === 0 ? 1 : 0) as 0 | 1;
    const icm = ICM[Math.floor(i / 3) % 3]!;
    const features = Float32Array.from({ length: 320 }, (_v, j) => {
      let v = random() * 0.6;
      if (j >= 4 && j < 10) v += 0.6 * ICM.indexOf(icm);
      if (j >= 192 && j < 198 && outcome) v += 0.3;
      return v;
    });
    return { key: `e${i}`, features, labels: { icm, outcome }, source: 'sheet.csv' };
  });
}

const reload = (learned: LearnedPackage) =>
  loadModelPackage(memorySource(Object.fromEntries(Object.entries(learned.files).map(([k, v]) => [k, v.slice().buffer])), 'learned'));

/** Deterministic model inputs. */
const input = (seed: number) => Float32Array.from({ length: 128 * 128 * 3 }, (_, i) => Math.sin(i * 0.013 + seed) * 1.2);

describe('feature sets chosen per label by cross-validation', () => {
  let base: LoadedModelPackage;
  let learned: LearnedPackage;
  let pkg: LoadedModelPackage;
  beforeAll(async () => {
    await chooseBackend('wasm', { paths: nodeWasmDir() });
    base = await loadModelPackage(folderSource(DEFAULT_MODEL));
    learned = await learnFromExamples(base, examples(60, 'multi-depth'), { seed: 3, curve: false, date: new Date('2026-12-06T12:00:00Z') });
    pkg = await reload(learned);
  }, 180_000);

  it('reports both sets’ figures on the same folds and chooses blocks 3+4+5 where only block 3 carries the label, by the stated rule', () => {
    const icm = learned.report.perLabel.find((r) => r.label === 'icm') as GradeLabelReport;
    expect(icm.featureSet!.candidates.map((c) => [c.set, c.values])).toEqual([['gap', 128], ['blocks345-mean', 320]]);
    const [gap, multi] = icm.featureSet!.candidates.map((c) => c.figure.estimate) as [number, number];
    expect(multi).toBeGreaterThan(gap + MIN_GAIN);
    expect(icm.featureSet!.chosen).toBe('blocks345-mean');
    expect(icm.learned.macroF1).toEqual(icm.featureSet!.candidates[1]!.figure);
    // 60 labels: fewer folds would hold out under 200 examples, so the sets are compared on all 5.
    expect(icm.featureSet!.comparedOn).toEqual({ folds: 5, of: 5, examples: 60 });
    expect(icm.featureSet!.rule).toBe(choiceRule(5, 5));
    const outcome = learned.report.perLabel.find((r) => r.label === 'outcome') as OutcomeLabelReport;
    const [gapAuc, multiAuc] = outcome.featureSet!.candidates.map((c) => c.figure.estimate) as [number, number];
    expect(outcome.featureSet!.chosen).toBe(multiAuc >= gapAuc + MIN_GAIN ? 'blocks345-mean' : 'gap');
    expect(outcome.featureSet!.comparedOn).toMatchObject({ folds: 5, of: 5 });
  });

  it('writes one graph: multidepth nodes added, the ICM head’s first kernel 320 x 32 reading them, the others as the base had them', () => {
    const nodes = new Map(pkg.modelJson.modelTopology.node.map((n) => [n.name, n]));
    expect(nodes.get(MULTI_DEPTH_NODE)).toMatchObject({ op: 'ConcatV2', input: ['multidepth/block3_pool_mean', 'multidepth/block4_pool_mean', 'gap', 'multidepth/axis'] });
    expect(nodes.get('multidepth/block3_pool_mean')).toMatchObject({ op: 'Mean', input: ['block3_pool', 'multidepth/reduction_indices'] });
    expect(nodes.get('icm/dense1/Relu')!.input![0]).toBe(MULTI_DEPTH_NODE);
    expect(nodes.get('te/dense1/Relu')!.input![0]).toBe('gap');
    const shapes = new Map(pkg.weightSpecs.map((w) => [w.name, w.shape]));
    expect(shapes.get('icm/dense1/kernel')).toEqual([320, 32]);
    expect(shapes.get('te/dense1/kernel')).toEqual([128, 32]);
    expect(baseHeads(pkg).map((h) => [h.label, h.reads])).toEqual([['expansion', 'gap'], ['icm', 'blocks345-mean'], ['te', 'gap']]);
    expect(featureLayout(pkg).parts).toEqual(featureLayout(base).parts);
    expect(pkg.card.learning!.trainedNodes).not.toContain('multidepth/axis');
  });

  it('the written graph predicts what the engine’s heads predict on the same features (float tolerance)', async () => {
    const inputs = [input(1), input(2)];
    const features = await extractFeatures(pkg, inputs, { orientations: 'as-given' });
    const engineIcm = gradeProbabilities(pkg, 'icm', features);
    const engineOutcome = outcomeProbabilities(pkg, features);
    const graph = await toGraphModel(pkg);
    const x = tf.tensor4d(Float32Array.from(inputs.flatMap((v) => [...v])), [2, 128, 128, 3]);
    const [icm, outcome] = graph.execute({ [graph.inputs[0]!.name]: x }, ['icm', 'outcome']) as tf.Tensor[];
    const icmValues = (await icm!.data()) as Float32Array;
    const outcomeValues = (await outcome!.data()) as Float32Array;
    for (let i = 0; i < 2; i++) {
      for (let k = 0; k < 3; k++) expect(icmValues[i * 3 + k]).toBeCloseTo(engineIcm[i]![k]!, 4);
      expect(outcomeValues[i]).toBeCloseTo(engineOutcome[i]!, 4);
    }
    tf.dispose([x, icm!, outcome!]);
    graph.dispose();
  });

  it('learns again from the learned model: its multi-depth head is the start, gap-only heads as before, and the package loads', async () => {
    const again = await learnFromExamples(pkg, examples(60, 'multi-depth/2'), { seed: 4, curve: false, date: new Date('2026-12-06T12:00:00Z') });
    const reloaded = await reload(again);
    const icm = again.report.perLabel.find((r) => r.label === 'icm') as GradeLabelReport;
    expect(icm.featureSet!.chosen).toBe('blocks345-mean');
    expect(icm.base.macroF1.estimate).toBeGreaterThan(0.7); // the first learned head, read on its own set, already knows block 3
    expect(reloaded.modelJson.modelTopology.node.filter((n) => n.name === MULTI_DEPTH_NODE)).toHaveLength(1);
  }, 120_000);
});
