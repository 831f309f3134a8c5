import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend, folderSource, loadModelPackage, memorySource, nodeWasmDir, toGraphModel, type LoadedModelPackage } from '../../inference/headless';
import { learnFromExamples } from './learn';
import { gradeProbabilities, outcomeProbabilities } from './predict-package';
import { LearnError, type GradeLabelReport, type LearnedPackage, type LearningExample, type OutcomeLabelReport } from './types';

const DEFAULT_MODEL = new URL('../../../../public/models/default/', import.meta.url).pathname;
const ICM = ['A', 'B', 'C'];

/** Pooled-feature-like vectors (non-negative, 128) where the outcome and ICM shift a few features. */
function syntheticExamples(n: number, seed: string, labels: { outcome?: boolean; icm?: boolean } = { outcome: true, icm: true }): LearningExample[] {
  const random = seedrandom.alea(seed);
  return Array.from({ length: n }, (_, i) => {
    const outcome = (i % 3 === 0 ? 1 : 0) as 0 | 1;
    const icm = ICM[Math.floor(i / 3) % 3]!; // independent of the outcome
    const features = Float32Array.from({ length: 128 }, (_v, j) => {
      let v = random() * 0.6;
      if (j < 6 && outcome) v += 0.2;
      if (j >= 10 && j < 16) v += 0.6 * ICM.indexOf(icm);
      return v;
    });
    return { key: `e${i}`, features, labels: { ...(labels.outcome ? { outcome } : {}), ...(labels.icm ? { icm } : {}) }, source: 'sheet.csv', date: `2026-0${1 + (i % 9)}-01` };
  });
}

const reload = (learned: LearnedPackage) =>
  loadModelPackage(memorySource(Object.fromEntries(Object.entries(learned.files).map(([k, v]) => [k, v.slice().buffer])), 'learned'));

describe('learnFromExamples', () => {
  let base: LoadedModelPackage;
  let learned: LearnedPackage;
  const examples = syntheticExamples(60, 'train');
  beforeAll(async () => {
    await chooseBackend('wasm', { paths: nodeWasmDir() });
    base = await loadModelPackage(folderSource(DEFAULT_MODEL));
    learned = await learnFromExamples(base, examples, { seed: 7, date: new Date('2026-11-29T12:00:00Z'), positiveLabel: 'good' });
  }, 120_000);

  it('reports base and learned figures per label on the same folds, and learns what the features carry', () => {
    const { report } = learned;
    expect(report.labels).toEqual(['icm', 'outcome']);
    expect(report.skipped.map((s) => s.label)).toEqual(['expansion', 'te']);
    const icm = report.perLabel.find((r) => r.label === 'icm') as GradeLabelReport;
    expect(icm.classCounts).toEqual({ A: 21, B: 21, C: 18 });
    expect(icm.learned.confusion.flat().reduce((a, b) => a + b)).toBe(60);
    expect(icm.learned.macroF1.estimate).toBeGreaterThan(0.7);
    expect(icm.learned.macroF1.estimate).toBeGreaterThan(icm.base.macroF1.estimate + 0.2);
    const outcome = report.perLabel.find((r) => r.label === 'outcome') as OutcomeLabelReport;
    expect(outcome.learned.auc.estimate).toBeGreaterThan(0.75);
    expect(outcome.learned.auc.low).toBeLessThan(outcome.learned.auc.estimate);
    expect(outcome.positiveLabel).toBe('good');
  });

  it('adds a learning curve per label: 25/50/75/100 % of the labels, a fit, and the 2x estimate worded as one', () => {
    const { curve, seconds } = learned.report;
    expect(curve!.labels.map((c) => c.label)).toEqual(['icm', 'outcome']);
    const icm = curve!.labels[0]!;
    expect(icm.figure).toBe('macro-F1');
    expect(icm.points.map((p) => p.examples)).toEqual([15, 31, 46, 60]); // per class: round(0.5 · 21) = 11;
    expect(icm.points[3]!.figure).toEqual((learned.report.perLabel.find((r) => r.label === 'icm') as GradeLabelReport).learned.macroF1);
    for (const p of icm.points) expect(p.figure.low).toBeLessThanOrEqual(p.figure.estimate);
    expect(icm.doubled!.examples).toBe(120);
    expect(icm.doubled!.note).toMatch(/^Estimate, extrapolated/);
    const outcome = curve!.labels[1]!;
    expect(outcome.figure).toBe('ROC AUC');
    expect(outcome.points.map((p) => p.fraction)).toEqual([0.25, 0.5, 0.75, 1]);
    expect(seconds.curve).toBeGreaterThanOrEqual(0);
    // No expansion grades in these examples: the within-expansion figure says it could not be measured.
    expect((learned.report.perLabel.find((r) => r.label === 'icm') as GradeLabelReport).withinExpansion).toMatchObject({ verdict: 'not-measured', learnedExpansionOnly: false });
  });

  it('writes a package that loads, whose card names the base, the data and the report', async () => {
    const pkg = await reload(learned);
    expect(pkg.modelHash).toBe(learned.modelHash);
    const card = pkg.card;
    expect(card.outcome).toEqual({ output: 'outcome', logits: 'outcome/logits', positiveLabel: 'good' });
    expect(card.learning).toMatchObject({
      method: 'heads-retrained',
      baseModel: { id: 'default', version: base.card.version, hash: base.modelHash },
      examples: 60,
      sources: ['sheet.csv'],
      labels: ['icm', 'outcome'],
      dateRange: { from: '2026-01-01', to: '2026-09-01' },
      seed: 7,
      folds: 5,
    });
    expect(card.learning!.trainedNodes).toContain('icm/dense1/kernel');
    expect(card.learning!.trainedNodes).toContain('outcome/out/kernel');
    expect(card.learning!.trainedNodes).not.toContain('expansion/dense1/kernel');
    expect(card.intendedUse).toMatch(/this lab's own labelled images/);
    expect(card.intendedUse).toMatch(/cross-validation/);
    expect(card.metrics).toBeUndefined();
    expect(pkg.weightSpecs.map((w) => w.quantization?.dtype)).toEqual(pkg.weightSpecs.map((w) => (w.dtype === 'int32' ? undefined : 'float16')));
  });

  it("gives from the loaded graph the engine's probabilities; unlabelled heads keep the base weights", async () => {
    const pkg = await reload(learned);
    const test = syntheticExamples(10, 'test').map((e) => e.features);
    const graph = await toGraphModel(pkg);
    const gap = tf.tensor2d(Float32Array.from(test.flatMap((f) => [...f])), [test.length, 128]);
    const [outcome, icm, expansion] = graph.execute({ gap }, ['outcome', 'icm', 'expansion']) as tf.Tensor[];
    const graphOutcome = [...((await outcome!.data()) as Float32Array)];
    outcomeProbabilities(pkg, test).forEach((p, i) => expect(Math.abs(p - graphOutcome[i]!)).toBeLessThan(1e-5));
    const graphIcm = (await icm!.data()) as Float32Array;
    gradeProbabilities(pkg, 'icm', test).forEach((p, i) => p.forEach((v, k) => expect(Math.abs(v - graphIcm[i * 3 + k]!)).toBeLessThan(1e-5)));
    const baseGraph = await toGraphModel(base);
    const baseExpansion = baseGraph.execute({ gap }, 'expansion') as tf.Tensor;
    expect([...((await expansion!.data()) as Float32Array)]).toEqual([...((await baseExpansion.data()) as Float32Array)]);
    tf.dispose([gap, outcome!, icm!, expansion!, baseExpansion]);
    graph.dispose();
    baseGraph.dispose();
  });

  it('gives identical bytes for the same seed and examples', async () => {
    const again = await learnFromExamples(base, examples, { seed: 7, date: new Date('2026-11-29T12:00:00Z'), positiveLabel: 'good' });
    expect(Buffer.from(again.files['group1-shard1of1.bin']!).equals(Buffer.from(learned.files['group1-shard1of1.bin']!))).toBe(true);
    expect(again.modelHash).toBe(learned.modelHash);
  }, 120_000);

  it('refuses one class only, too few examples of a class, and no labels at all, naming what is needed', async () => {
    const oneClass = syntheticExamples(20, 'one', { outcome: true }).map((e) => ({ ...e, labels: { outcome: 1 as const } }));
    await expect(learnFromExamples(base, oneClass)).rejects.toThrow(/only one class/);
    const few = syntheticExamples(30, 'few', { outcome: true }).map((e, i) => ({ ...e, labels: { outcome: (i < 3 ? 1 : 0) as 0 | 1 } }));
    const refusal = learnFromExamples(base, few);
    await expect(refusal).rejects.toBeInstanceOf(LearnError);
    await expect(refusal).rejects.toThrow(/at least 5 examples of each class.*"1" has 3 \(2 more needed\)/);
    await expect(learnFromExamples(base, syntheticExamples(10, 'none', {}))).rejects.toThrow(/nothing to learn/);
    const wrongGrade = syntheticExamples(30, 'grade', { icm: true }).map((e) => ({ ...e, labels: { icm: 'D' } }));
    await expect(learnFromExamples(base, wrongGrade)).rejects.toThrow(/"D" is not one of the model's classes/);
  });

  it('marks an ICM head that learned only expansion: features carry expansion, ICM A comes mostly with expansion 5', async () => {
    const random = seedrandom.alea('expansion-only');
    const withExpansion: LearningExample[] = Array.from({ length: 90 }, (_x, i) => {
      const expansion = ['3', '4', '5'][i % 3]!;
      const icm = random() < (expansion === '5' ? 0.8 : expansion === '4' ? 0.3 : 0.1) ? 'A' : random() < 0.5 ? 'B' : 'C';
      const features = Float32Array.from({ length: 128 }, (_v, j) => random() * 0.6 + (j >= 20 && j < 26 ? 0.5 * Number(expansion) : 0));
      return { key: `x${i}`, features, labels: { expansion, icm } };
    });
    const report = (await learnFromExamples(base, withExpansion, { seed: 3, curve: false })).report;
    expect(report.curve).toBeUndefined();
    const within = (report.perLabel.find((r) => r.label === 'icm') as GradeLabelReport).withinExpansion!;
    expect(within.examples).toBe(90);
    expect(within.overall!.learned.low).toBeGreaterThan(0.5);
    expect(within.within!.learned.low).toBeLessThanOrEqual(0.5);
    expect(within.learnedExpansionOnly).toBe(true);
    expect(within.note).toMatch(/^Learned expansion, not ICM/);
  }, 120_000);

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(learnFromExamples(base, examples, { signal: controller.signal })).rejects.toThrow();
  });
});
