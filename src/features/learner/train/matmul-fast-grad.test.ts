import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend, nodeWasmDir } from '../../inference/headless';
import { matMulFastGrad } from './matmul-fast-grad';

describe('matMulFastGrad', () => {
  beforeAll(async () => {
    await chooseBackend('wasm', { paths: nodeWasmDir() });
  });

  it("gives tf.matMul's value exactly and its gradients to float tolerance", () => {
    const a = tf.tensor2d(Float32Array.from({ length: 40 * 16 }, (_, i) => Math.sin(i * 0.37)), [40, 16]);
    const b = tf.tensor2d(Float32Array.from({ length: 16 * 5 }, (_, i) => Math.cos(i * 0.11)), [16, 5]);
    const loss = (f: (x: tf.Tensor2D, w: tf.Tensor2D) => tf.Tensor2D) => (x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.square(f(x as tf.Tensor2D, w as tf.Tensor2D)));
    expect(matMulFastGrad(a, b).arraySync()).toEqual(tf.matMul(a, b).arraySync());
    const [da, db] = tf.grads(loss(matMulFastGrad))([a, b]);
    const [daRef, dbRef] = tf.grads(loss((x, w) => tf.matMul(x, w)))([a, b]);
    expect(tf.max(tf.abs(tf.sub(da!, daRef!))).dataSync()[0]).toBeLessThan(1e-4);
    expect(tf.max(tf.abs(tf.sub(db!, dbRef!))).dataSync()[0]).toBeLessThan(1e-4);
    expect(tf.max(tf.abs(db!)).dataSync()[0]).toBeGreaterThan(1);
  });
});
