// AdaBN for a graph whose batch norm is already folded into the convolution: the layer
// computes z = conv(x, W) + b. Rescaling output channel c by a = s_src / s_tgt and
// shifting it gives z' = a (z - m_tgt) + m_src, i.e. on the target images z' has the
// source images' per-channel mean and spread, which is what re-estimating the batch-norm
// statistics on the target would have done before folding.
import type { ChannelStats } from './statistics';

/** Below this target spread a channel is (nearly) constant on the target: only its mean is moved. */
export const MIN_TARGET_STD = 1e-6;

export interface AdaptedConv {
  kernel: Float32Array;
  bias: Float32Array;
  /** The factor each output channel was scaled by. */
  scale: Float64Array;
}

/** kernel: HWIO flattened (output channel fastest), bias: one per output channel. */
export function adaptFoldedConv(kernel: Float32Array, bias: Float32Array, source: ChannelStats, target: ChannelStats): AdaptedConv {
  const channels = bias.length;
  if (kernel.length % channels !== 0 || source.mean.length !== channels || target.mean.length !== channels) {
    throw new Error(`channel count mismatch: bias ${channels}, kernel ${kernel.length}, statistics ${source.mean.length}/${target.mean.length}`);
  }
  const scale = new Float64Array(channels);
  for (let c = 0; c < channels; c++) scale[c] = target.std[c]! < MIN_TARGET_STD ? 1 : source.std[c]! / target.std[c]!;
  const newKernel = kernel.map((w, i) => w * scale[i % channels]!);
  const newBias = bias.map((b, c) => (b - target.mean[c]!) * scale[c]! + source.mean[c]!);
  return { kernel: newKernel, bias: newBias, scale };
}
