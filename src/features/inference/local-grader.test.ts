import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RgbaImage } from '../../lib/types';
import type { Grader } from './grader';
import { createLocalGrader } from './local-grader';
import { loadModelPackage } from './load-model';
import { folderSource } from './node-model-source';
import { hasTorch, makeTestModel } from './testing/model-fixtures';
import { startNodeBackend } from './testing/tf-node';

/** A disc whose brightness and radius vary with `seed`, so outputs differ per image. */
function disc(size: number, seed: number): RgbaImage {
  const data = new Uint8ClampedArray(size * size * 4);
  const r = size * (0.2 + 0.05 * (seed % 5));
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inside = (x - size / 2) ** 2 + (y - size / 3) ** 2 < r * r;
      const v = inside ? 120 + 20 * (seed % 7) : 40 + ((x * 7 + y * 13 + seed * 31) % 50);
      data.set([v, Math.min(255, v + 10 * (seed % 3)), v, 255], (y * size + x) * 4);
    }
  }
  return { width: size, height: size, data };
}

describe.skipIf(!hasTorch)('createLocalGrader (exported random model, Node wasm)', () => {
  let grader: Grader;
  beforeAll(async () => {
    const backend = await startNodeBackend('wasm');
    expect(backend.name).toBe('wasm');
    const dir = await makeTestModel({ inputSize: 64, width: 0.125, seed: 7 });
    grader = await createLocalGrader(await loadModelPackage(folderSource(dir)), backend);
  });

  it('grades: probabilities per head in card order, argmax, model identity and backend', async () => {
    const p = await grader.grade(disc(64, 1));
    expect(p.heads.map((h) => h.name)).toEqual(['expansion', 'icm', 'te']);
    for (const head of p.heads) {
      expect(head.probabilities).toHaveLength(head.classes.length);
      expect(head.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      const best = head.probabilities.indexOf(Math.max(...head.probabilities));
      expect(head.argmax).toBe(head.classes[best]);
    }
    expect(p.modelId).toBe('test-model');
    expect(p.modelHash).toBe(grader.modelHash);
    expect(p.backend).toBe('wasm');
    expect(p.inferenceMs).toBeGreaterThan(0);
    expect(p.intendedUse).toMatch(/not for clinical use/);
    // Different images give different outputs (the check can fail).
    const q = await grader.grade(disc(64, 3));
    expect(q.heads[0]!.probabilities).not.toEqual(p.heads[0]!.probabilities);
  });

  it('refuses a crop that is not the model input size', async () => {
    await expect(grader.grade(disc(32, 1))).rejects.toThrow(/the crop is 32x32; model "test-model" needs 64x64/);
  });

  it('Grad-CAM through the exported graph (fused convs) is non-negative and crop-sized', async () => {
    const cam = await grader.gradCam(disc(64, 2), 'te');
    expect(cam.width).toBe(64);
    expect(cam.heatmap).toHaveLength(64 * 64);
    expect(Math.min(...cam.heatmap)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...cam.heatmap)).toBeLessThanOrEqual(1 + 1e-6);
  });

  it('tf.memory().numTensors returns to its baseline after each of 5 batches', async () => {
    const baseline = (await grader.memory()).numTensors;
    expect(baseline).toBe(tf.memory().numTensors);
    for (let batch = 0; batch < 5; batch++) {
      await Promise.all([0, 1, 2].map((i) => grader.grade(disc(64, batch * 3 + i))));
      await grader.gradCam(disc(64, batch), 'icm');
      expect((await grader.memory()).numTensors).toBe(baseline);
    }
  });
});
