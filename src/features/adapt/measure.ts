// Runs the trunk on batches of prepared images with tf ops and measures the per-channel
// statistics of the wanted convolutions' pre-activations z = conv(x, W) + b (before the
// ReLU). The trunk is replayed here rather than through GraphModel so z, which the fused
// graph never exposes, can be read, and so the weights can change between passes.
import * as tf from '@tensorflow/tfjs';
import type { TrunkStep } from './conv-chain';
import { addBatch, emptyMoments, toStats, type ChannelMoments, type ChannelStats } from './statistics';

export type WeightTensors = Record<string, tf.Tensor>;

export interface MeasureOptions {
  batchSize?: number;
  signal?: AbortSignal;
  /** After each batch: images measured so far. */
  onBatch?: (done: number) => void;
}

/** `conv` indexes the trunk's convolutions (0 = first). Returns one ChannelStats per wanted index, in order. */
export async function measurePreActivations(
  trunk: TrunkStep[],
  weights: WeightTensors,
  images: Float32Array[],
  inputSize: readonly [number, number],
  wanted: number[],
  options: MeasureOptions = {},
): Promise<ChannelStats[]> {
  if (images.length === 0) throw new Error('no images to measure');
  const [h, w] = inputSize;
  const batchSize = options.batchSize ?? 8;
  const last = Math.max(...wanted);
  const moments = new Map<number, ChannelMoments>();
  for (let start = 0; start < images.length; start += batchSize) {
    options.signal?.throwIfAborted();
    const batch = images.slice(start, start + batchSize);
    const flat = new Float32Array(batch.length * h * w * 3);
    batch.forEach((image, i) => flat.set(image, i * h * w * 3));
    const measured = tf.tidy(() => {
      let x: tf.Tensor4D = tf.tensor4d(flat, [batch.length, h, w, 3]);
      const out: { conv: number; mean: tf.Tensor; variance: tf.Tensor; n: number }[] = [];
      let conv = -1;
      for (const step of trunk) {
        if (step.kind === 'conv') {
          conv++;
          const z = tf.add(tf.conv2d(x, weights[step.kernel] as tf.Tensor4D, step.strides, step.padding, 'NHWC', step.dilations), weights[step.bias]!) as tf.Tensor4D;
          if (wanted.includes(conv)) {
            const { mean, variance } = tf.moments(z, [0, 1, 2]);
            out.push({ conv, mean, variance, n: z.shape[0] * z.shape[1] * z.shape[2] });
          }
          if (conv === last) break;
          x = step.relu ? tf.relu(z) : z;
        } else if (step.kind === 'relu') x = tf.relu(x);
        else if (step.kind === 'maxPool') x = tf.maxPool(x, step.size, step.strides, step.padding);
        else x = tf.avgPool(x, step.size, step.strides, step.padding);
      }
      return out;
    });
    for (const m of measured) {
      const [mean, variance] = await Promise.all([m.mean.data(), m.variance.data()]);
      m.mean.dispose();
      m.variance.dispose();
      moments.set(m.conv, addBatch(moments.get(m.conv) ?? emptyMoments(mean.length), mean, variance, m.n));
    }
    options.onBatch?.(Math.min(images.length, start + batchSize));
  }
  return wanted.map((conv) => toStats(moments.get(conv)!));
}
