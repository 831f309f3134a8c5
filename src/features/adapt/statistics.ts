// Per-channel mean and spread of a layer's pre-activations over many images, merged
// batch by batch in float64 (Chan et al.'s parallel update), so streaming hundreds of
// images in small batches loses nothing to float32 sums.
export interface ChannelMoments {
  /** Values seen per channel (images x height x width). */
  count: number;
  mean: Float64Array;
  /** Sum of squared deviations from the mean. */
  m2: Float64Array;
}

export interface ChannelStats {
  mean: Float64Array;
  /** Population standard deviation. */
  std: Float64Array;
}

export function emptyMoments(channels: number): ChannelMoments {
  return { count: 0, mean: new Float64Array(channels), m2: new Float64Array(channels) };
}

/** Adds one batch summarised by its own per-channel mean and population variance over n values. */
export function addBatch(acc: ChannelMoments, mean: ArrayLike<number>, variance: ArrayLike<number>, n: number): ChannelMoments {
  const count = acc.count + n;
  const out = emptyMoments(acc.mean.length);
  out.count = count;
  for (let c = 0; c < acc.mean.length; c++) {
    const delta = mean[c]! - acc.mean[c]!;
    out.mean[c] = acc.mean[c]! + (delta * n) / count;
    out.m2[c] = acc.m2[c]! + variance[c]! * n + (delta * delta * acc.count * n) / count;
  }
  return out;
}

export function toStats(moments: ChannelMoments): ChannelStats {
  if (moments.count === 0) throw new Error('no values were measured');
  return { mean: Float64Array.from(moments.mean), std: moments.m2.map((m2) => Math.sqrt(m2 / moments.count)) };
}

/** Exact per-channel statistics of NHWC values whose last axis has `channels` entries (a reference for tests). */
export function statsOfValues(values: ArrayLike<number>, channels: number): ChannelStats {
  let acc = emptyMoments(channels);
  const n = values.length / channels;
  const mean = new Float64Array(channels);
  const variance = new Float64Array(channels);
  for (let i = 0; i < values.length; i++) mean[i % channels] += values[i]! / n;
  for (let i = 0; i < values.length; i++) variance[i % channels] += (values[i]! - mean[i % channels]!) ** 2 / n;
  acc = addBatch(acc, mean, variance, n);
  return toStats(acc);
}

/** The phantoms' statistics of the first layers of one base model, as a cache or a package keeps them. */
export interface SourceStatistics {
  stats: ChannelStats[];
  /** Phantoms that were located and measured. */
  images: number;
}
