import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { toGraphModel, loadModelPackage, manifestBytes, type LoadedModelPackage, parseModelCard, memorySource, folderSource, sha256Hex } from '../../../inference/headless';
import { startNodeBackend } from '../../../inference/testing';
import { denseHeadNodes } from './dense-head';
import { addOutcomeHead, OUTCOME_BIAS, OUTCOME_KERNEL, OUTCOME_OUTPUT, withoutOutcomeHead } from './outcome-head-graph';
import { asStored, readWeights, writeShard } from './weights-shard';

const DEFAULT_MODEL = new URL('../../../../../public/models/default/', import.meta.url).pathname;

/** Deterministic values in [-scale, scale). */
const values = (n: number, seed: number, scale = 1) => Float32Array.from({ length: n }, (_, i) => (((i * 7919 + seed * 104729) % 1000) / 500 - 1) * scale);

describe('learned-model graph pieces on the default model', () => {
  let base: LoadedModelPackage;
  beforeAll(async () => {
    await startNodeBackend('wasm');
    base = await loadModelPackage(folderSource(DEFAULT_MODEL));
  });

  it('finds each head as gap -> dense1 (relu) -> dense2 (relu) -> out', () => {
    const nodes = denseHeadNodes(base.modelJson, 'icm/logits');
    expect(nodes.featureNode).toBe('gap');
    expect(nodes.layers.map((l) => [l.kernel, l.inputs, l.units, l.relu])).toEqual([
      ['icm/dense1/kernel', 128, 32, true],
      ['icm/dense2/kernel', 32, 8, true],
      ['icm/out/kernel', 8, 3, false],
    ]);
    expect(() => denseHeadNodes(base.modelJson, 'block5_pool')).toThrow(/not fed by dense layers/);
  });

  it('adds an outcome output that tfjs executes as sigmoid(gap . w + b), other weights byte for byte', async () => {
    const storedAs = base.weightSpecs.find((w) => w.name === 'icm/out/kernel')!;
    const model = addOutcomeHead(base.modelJson, 'gap', 128, { dtype: storedAs.dtype, quantization: storedAs.quantization });
    const kernel = values(128, 1, 0.5);
    const bias = Float32Array.of(0.25);
    const changedDense = values(8 * 3, 2);
    const specs = model.weightsManifest.flatMap((g) => g.weights);
    const shard = writeShard(base, specs, new Map([[OUTCOME_KERNEL, kernel], [OUTCOME_BIAS, bias], ['icm/out/kernel', changedDense]]));
    expect(shard.length).toBe(manifestBytes(specs));
    const card = parseModelCard({
      ...base.card,
      weights: { 'group1-shard1of1.bin': await sha256Hex(shard) },
      outcome: { output: OUTCOME_OUTPUT, logits: 'outcome/logits', positiveLabel: 'good' },
    });
    const files = {
      'model.json': new TextEncoder().encode(JSON.stringify({ ...model, weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: specs }] })).buffer,
      'grading.json': new TextEncoder().encode(JSON.stringify(card)).buffer,
      'group1-shard1of1.bin': shard.slice().buffer,
    };
    const pkg = await loadModelPackage(memorySource(files as Record<string, ArrayBuffer>, 'with outcome'));
    expect(Object.keys(pkg.modelJson.signature!.outputs!)).toEqual(['expansion', 'icm', 'te', 'outcome']);

    const stored = readWeights(pkg, [OUTCOME_KERNEL, OUTCOME_BIAS, 'icm/out/kernel', 'te/out/kernel', 'block1_conv1/kernel']);
    expect([...stored.get(OUTCOME_KERNEL)!]).toEqual([...asStored(storedAs, kernel)]);
    expect([...stored.get('icm/out/kernel')!]).toEqual([...asStored(storedAs, changedDense)]);
    const before = readWeights(base, ['te/out/kernel', 'block1_conv1/kernel']);
    expect([...stored.get('te/out/kernel')!]).toEqual([...before.get('te/out/kernel')!]);
    expect([...stored.get('block1_conv1/kernel')!]).toEqual([...before.get('block1_conv1/kernel')!]);

    const graph = await toGraphModel(pkg);
    const x = tf.tensor4d(values(2 * 128 * 128 * 3, 3), [2, 128, 128, 3]);
    const [gap, outcome] = graph.execute({ [graph.inputs[0]!.name]: x }, ['gap', OUTCOME_OUTPUT]) as tf.Tensor[];
    const g = (await gap!.data()) as Float32Array;
    const p = (await outcome!.data()) as Float32Array;
    expect(outcome!.shape).toEqual([2, 1]);
    const k = stored.get(OUTCOME_KERNEL)!;
    const b = stored.get(OUTCOME_BIAS)![0]!;
    for (let i = 0; i < 2; i++) {
      const logit = g.slice(i * 128, (i + 1) * 128).reduce((s, v, j) => s + v * k[j]!, b);
      expect(p[i]).toBeCloseTo(1 / (1 + Math.exp(-logit)), 5);
    }
    tf.dispose([x, gap!, outcome!]);
    graph.dispose();
  });

  it('replaces an outcome head rather than adding a second one', () => {
    const once = addOutcomeHead(base.modelJson, 'gap', 128, { dtype: 'float32' });
    const twice = addOutcomeHead(once, 'gap', 128, { dtype: 'float32' });
    expect(twice.modelTopology.node.length).toBe(once.modelTopology.node.length);
    expect(withoutOutcomeHead(twice).modelTopology.node.length).toBe(base.modelJson.modelTopology.node.length);
    expect(twice.weightsManifest[0]!.weights.filter((w) => w.name.startsWith('outcome/')).length).toBe(2);
  });
});
