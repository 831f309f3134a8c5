import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { syntheticGradCamPackage } from '../inference/testing';
import type { ModelJson } from '../inference/headless';
import { AdaptError, convSteps, convTrunk } from './conv-chain';
import { foldedGraphPackage } from './testing/folded-graph';

describe('convTrunk', () => {
  it('reads the shipped model as 13 folded convolutions and 4 max-pools, in graph order', () => {
    const model = JSON.parse(readFileSync(new URL('../../../public/models/default/model.json', import.meta.url), 'utf8')) as ModelJson;
    const trunk = convTrunk(model);
    const convs = convSteps(trunk);
    expect(convs).toHaveLength(13);
    expect(trunk.filter((s) => s.kind === 'maxPool')).toHaveLength(4);
    expect(convs[0]).toMatchObject({ node: 'block1_conv1/Relu', kernel: 'block1_conv1/kernel', bias: 'block1_conv1/bias', padding: 'same', relu: true, strides: [1, 1] });
    expect(convs.at(-1)!.node).toBe('block5_conv3/Relu');
  });

  it('follows a small folded graph, noting which convolutions have a fused ReLU', async () => {
    const { modelJson } = await foldedGraphPackage();
    expect(convTrunk(modelJson).map((s) => s.kind)).toEqual(['conv', 'maxPool', 'conv']);
    expect(convSteps(convTrunk(modelJson)).map((s) => s.relu)).toEqual([true, false]);
  });

  it('refuses a convolution that is not batch-norm-folded, and a graph without convolutions', async () => {
    const { modelJson } = await syntheticGradCamPackage();
    expect(() => convTrunk(modelJson)).toThrow(AdaptError);
    expect(() => convTrunk(modelJson)).toThrow(/conv\/Conv2D.*not a batch-norm-folded convolution/);
    const noConv = { ...modelJson, modelTopology: { node: modelJson.modelTopology.node.filter((n) => !n.name.startsWith('conv')) } };
    expect(() => convTrunk(noConv)).toThrow(/no convolution layers/);
  });
});
