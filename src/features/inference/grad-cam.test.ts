import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradCam } from './grad-cam';
import { toGraphModel } from './graph-model';
import { syntheticGradCamPackage } from './testing/synthetic-graph';
import { startNodeBackend } from './testing/tf-node';

function argmax2d(map: Float32Array, width: number): [number, number] {
  let best = 0;
  for (let i = 1; i < map.length; i++) if (map[i]! > map[best]!) best = i;
  return [Math.floor(best / width), best % width];
}

describe('Grad-CAM', () => {
  beforeAll(async () => {
    await startNodeBackend('wasm');
  });

  it('is non-negative, peaks on the feature that drives the class, and is zero for a class it argues against', async () => {
    const pkg = await syntheticGradCamPackage(8);
    const model = await toGraphModel(pkg);
    // A red blob at row 2, col 5 and a weaker green one at row 6, col 1.
    const x = new Float32Array(8 * 8 * 3);
    x[(2 * 8 + 5) * 3] = 3;
    x[(2 * 8 + 4) * 3] = 1;
    x[(6 * 8 + 1) * 3 + 1] = 2;
    const before = tf.memory().numTensors;

    const red = await gradCam(model, pkg.card, x, 'icm', { classIndex: 0, size: [32, 32] });
    expect(red.heatmap).toHaveLength(32 * 32);
    expect(Math.min(...red.heatmap)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...red.heatmap)).toBeCloseTo(1, 5);
    const [row, col] = argmax2d(red.heatmap, 32);
    // Cell (2, 5) of 8x8 covers rows 8-11, cols 20-23 of 32x32 (align-corners off, half-pixel centres).
    expect(row).toBeGreaterThanOrEqual(8);
    expect(row).toBeLessThanOrEqual(11);
    expect(col).toBeGreaterThanOrEqual(19);
    expect(col).toBeLessThanOrEqual(23);

    const green = await gradCam(model, pkg.card, x, 'icm', { classIndex: 1, size: [8, 8] });
    expect(argmax2d(green.heatmap, 8)).toEqual([6, 1]);

    const notRed = await gradCam(model, pkg.card, x, 'icm', { classIndex: 2, size: [8, 8] });
    expect(Math.max(...notRed.heatmap)).toBe(0);

    // Default class: the predicted one (R has the largest mean activation here).
    const predicted = await gradCam(model, pkg.card, x, 'icm');
    expect(predicted.className).toBe('R');
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
