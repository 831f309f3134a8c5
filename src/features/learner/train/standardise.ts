// Feature standardisation folded into a head's first layer. Training sees z = (x - mean) / scale
// (well-conditioned for the optimiser and for an L2 penalty that treats features alike), but
// the written graph reads raw features: W = W' / scale (per input row), b = b' - (mean / scale) W'.
import type { DenseHead, DenseLayer } from './dense-head';

export interface Scaling {
  mean: Float32Array;
  scale: Float32Array;
}

/** Per-feature mean and population standard deviation (1 where a feature is constant). */
export function scalingOf(features: readonly Float32Array[]): Scaling {
  const d = features[0]!.length;
  const mean = new Float64Array(d);
  const squares = new Float64Array(d);
  for (const f of features) for (let j = 0; j < d; j++) mean[j] += f[j]!;
  for (let j = 0; j < d; j++) mean[j] /= features.length;
  for (const f of features) for (let j = 0; j < d; j++) squares[j] += (f[j]! - mean[j]!) ** 2;
  const scale = new Float32Array(d);
  for (let j = 0; j < d; j++) {
    const std = Math.sqrt(squares[j]! / features.length);
    scale[j] = std < 1e-6 ? 1 : std;
  }
  return { mean: Float32Array.from(mean), scale };
}

export function standardise(features: readonly Float32Array[], { mean, scale }: Scaling): Float32Array[] {
  return features.map((f) => f.map((v, j) => (v - mean[j]!) / scale[j]!));
}

/** The first layer that, on standardised features, gives what `layer` gives on raw ones. */
export function toStandardisedLayer(layer: DenseLayer, { mean, scale }: Scaling): DenseLayer {
  const kernel = new Float32Array(layer.kernel.length);
  const bias = Float64Array.from(layer.bias);
  for (let i = 0; i < layer.inputs; i++) {
    for (let u = 0; u < layer.units; u++) {
      const w = layer.kernel[i * layer.units + u]!;
      kernel[i * layer.units + u] = w * scale[i]!;
      bias[u] += mean[i]! * w;
    }
  }
  return { ...layer, kernel, bias: Float32Array.from(bias) };
}

/** The first layer that reads raw features, from one trained on standardised features. */
export function toRawLayer(layer: DenseLayer, { mean, scale }: Scaling): DenseLayer {
  const kernel = new Float32Array(layer.kernel.length);
  const bias = Float64Array.from(layer.bias);
  for (let i = 0; i < layer.inputs; i++) {
    for (let u = 0; u < layer.units; u++) {
      const w = layer.kernel[i * layer.units + u]!;
      kernel[i * layer.units + u] = w / scale[i]!;
      bias[u] -= (mean[i]! / scale[i]!) * w;
    }
  }
  return { ...layer, kernel, bias: Float32Array.from(bias) };
}

export function mapFirstLayer(head: DenseHead, map: (layer: DenseLayer) => DenseLayer): DenseHead {
  return { layers: head.layers.map((l, i) => (i === 0 ? map(l) : l)) };
}
