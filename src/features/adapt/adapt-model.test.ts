import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { toGraphModel, loadModelPackage, type LoadedModelPackage, memorySource } from '../inference/headless';
import { startNodeBackend } from '../inference/testing';
import { adaptModel, type AdaptedPackage } from './adapt-model';
import { AdaptError, convTrunk } from './conv-chain';
import { foldedGraphPackage, syntheticImages } from './testing/folded-graph';
import { measurePreActivations } from './measure';

const weightsOf = (pkg: LoadedModelPackage) => tf.io.decodeWeights(pkg.weightData, pkg.weightSpecs as tf.io.WeightsManifestEntry[]);
const reload = (adapted: AdaptedPackage) =>
  loadModelPackage(memorySource(Object.fromEntries(Object.entries(adapted.files).map(([k, v]) => [k, v.slice().buffer])), 'adapted'));

describe('adaptModel', () => {
  const source = syntheticImages(12, 1, 0, 1);
  const target = syntheticImages(20, 2, 0.8, 2.5);
  beforeAll(async () => {
    await startNodeBackend('wasm');
  });

  it("gives every adapted layer's pre-activations on the target the source per-channel mean and std", async () => {
    const base = await foldedGraphPackage('float32');
    const adapted = await adaptModel(base, { source, target, sourceDescription: 'synthetic', batchSize: 7 });
    const pkg = await reload(adapted);
    const trunk = convTrunk(pkg.modelJson);
    const before = await measurePreActivations(trunk, weightsOf(base), source, [8, 8], [0, 1]);
    const unadapted = await measurePreActivations(trunk, weightsOf(base), target, [8, 8], [0, 1]);
    const after = await measurePreActivations(trunk, weightsOf(pkg), target, [8, 8], [0, 1]);
    for (const layer of [0, 1]) {
      const spread = Math.max(...before[layer]!.std);
      before[layer]!.mean.forEach((m, c) => {
        expect(Math.abs(after[layer]!.mean[c]! - m)).toBeLessThan(1e-3 * spread);
        expect(Math.abs(after[layer]!.std[c]! - before[layer]!.std[c]!)).toBeLessThan(1e-3 * spread);
      });
    }
    // Not trivially equal before adaptation.
    expect(Math.abs(unadapted[0]!.std[0]! - before[0]!.std[0]!)).toBeGreaterThan(0.1 * before[0]!.std[0]!);
    expect(adapted.layers.map((l) => l.node)).toEqual(['conv1/Relu', 'conv2/Relu']);
  });

  it('writes a package that loads, validates, names its base and runs as a graph model', async () => {
    const base = await foldedGraphPackage('float16');
    const date = new Date('2026-11-29T10:00:00Z');
    const adapted = await adaptModel(base, { source, target, sourceDescription: 'synthetic images', date });
    const pkg = await reload(adapted);
    expect(pkg.card.id).toBe('folded-test-adapted-20261129');
    expect(pkg.card.version).toBe('1+adapted.2026-11-29');
    expect(pkg.card.adaptation).toEqual({
      method: 'adabn-folded',
      baseModel: { id: 'folded-test', version: '1', hash: base.modelHash },
      images: 20,
      layers: ['conv1/Relu', 'conv2/Relu'],
      date: date.toISOString(),
      sourceStats: 'synthetic images',
    });
    expect(pkg.card.intendedUse).toBe(base.card.intendedUse);
    // The base's figures travel apart, named as the base's, never as the adapted weights' own.
    expect(pkg.card.metrics).toEqual({ beforeAdaptation: { model: 'folded-test 1', ...base.card.metrics } });
    expect(pkg.modelHash).toBe(adapted.modelHash);
    expect(pkg.modelHash).not.toBe(base.modelHash);
    expect(pkg.modelJson.modelTopology).toEqual(base.modelJson.modelTopology);
    expect(pkg.weightSpecs).toEqual(base.weightSpecs);
    expect(pkg.weightData.byteLength).toBe(base.weightData.byteLength); // still float16
    const model = await toGraphModel(pkg);
    const output = model.predict(tf.tensor4d(target[0]!, [1, 8, 8, 3])) as tf.Tensor;
    const probabilities = Array.from(await output.data());
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    model.dispose();
  });

  it('leaves the weights unchanged (within float16) when the target is the source', async () => {
    const base = await foldedGraphPackage('float16');
    const pkg = await reload(await adaptModel(base, { source, target: source, sourceDescription: 'same' }));
    const [was, now] = [weightsOf(base), weightsOf(pkg)];
    for (const name of ['conv1/kernel', 'conv1/bias', 'conv2/kernel', 'conv2/bias']) {
      const [a, b] = [was[name]!.dataSync(), now[name]!.dataSync()];
      a.forEach((v, i) => expect(Math.abs(b[i]! - v)).toBeLessThanOrEqual(Math.abs(v) * 2 ** -10 + 1e-6));
    }
  });

  it('adapts only the first N layers with `layers`, keeping the rest byte for byte', async () => {
    const base = await foldedGraphPackage('float16');
    const adapted = await adaptModel(base, { source, target, sourceDescription: 'synthetic', layers: 1 });
    const pkg = await reload(adapted);
    expect(pkg.card.adaptation!.layers).toEqual(['conv1/Relu']);
    const [was, now] = [weightsOf(base), weightsOf(pkg)];
    expect(Array.from(now['conv2/kernel']!.dataSync())).toEqual(Array.from(was['conv2/kernel']!.dataSync()));
    expect(Array.from(now['conv1/kernel']!.dataSync())).not.toEqual(Array.from(was['conv1/kernel']!.dataSync()));
  });

  it('refuses a layer count the model does not have, no target images, and an already adapted model', async () => {
    const base = await foldedGraphPackage();
    await expect(adaptModel(base, { source, target, sourceDescription: 's', layers: 3 })).rejects.toThrow(/between 1 and 2/);
    await expect(adaptModel(base, { source, target: [], sourceDescription: 's' })).rejects.toThrow(AdaptError);
    const adapted = await reload(await adaptModel(base, { source, target, sourceDescription: 's' }));
    await expect(adaptModel(adapted, { source, target, sourceDescription: 's' })).rejects.toThrow(/already adapted \(from folded-test 1\); adapt its base model/);
  });
});
