// Weights in and out of a package's shard: read named weights as float32 values, and write
// one shard for a (possibly extended) manifest where untouched weights keep their exact bytes
// and new or re-fitted ones are encoded as the manifest says (float16-quantised or float32).
import * as tf from '@tensorflow/tfjs';
import { manifestBytes, type LoadedModelPackage, type WeightSpecJson } from '../../../inference/headless';
import { encodeHalf, roundToHalf } from '../../../../lib/float16';

const isHalf = (spec: Pick<WeightSpecJson, 'quantization'>) => spec.quantization?.dtype === 'float16';

/** The values a weight will have once stored as `spec` says (float16 rounding where it applies). */
export function asStored(spec: Pick<WeightSpecJson, 'dtype' | 'quantization'>, values: Float32Array): Float32Array {
  if (isHalf(spec)) return roundToHalf(values);
  if (spec.dtype === 'float32' && !spec.quantization) return Float32Array.from(values);
  throw new Error(`weights stored as ${spec.quantization?.dtype ?? spec.dtype} cannot be written; float32 or float16 only`);
}

/** Float32 values of the named weights, decoded from the package's shards. */
export function readWeights(pkg: LoadedModelPackage, names: readonly string[]): Map<string, Float32Array> {
  const tensors = tf.io.decodeWeights(pkg.weightData, pkg.weightSpecs as tf.io.WeightsManifestEntry[]);
  try {
    const out = new Map<string, Float32Array>();
    for (const name of names) {
      const tensor = tensors[name];
      if (!tensor) throw new Error(`weight "${name}" is not in the package`);
      out.set(name, Float32Array.from(tensor.dataSync() as Float32Array));
    }
    return out;
  } finally {
    for (const tensor of Object.values(tensors)) tensor.dispose();
  }
}

/** One shard for `specs`: `values` where given (encoded per spec: float32, float16 or int32), else the base's bytes of that weight. */
export function writeShard(base: LoadedModelPackage, specs: readonly WeightSpecJson[], values: ReadonlyMap<string, Float32Array | Int32Array>): Uint8Array {
  const original = new Uint8Array(base.weightData);
  const baseBytes = new Map<string, Uint8Array>();
  let offset = 0;
  for (const spec of base.weightSpecs) {
    const size = manifestBytes([spec]);
    baseBytes.set(spec.name, original.subarray(offset, offset + size));
    offset += size;
  }
  const parts = specs.map((spec) => {
    const given = values.get(spec.name);
    if (given) {
      const count = spec.shape.reduce((a, b) => a * b, 1);
      if (given.length !== count) throw new Error(`weight "${spec.name}" has ${given.length} values; its shape [${spec.shape.join(', ')}] needs ${count}`);
      if (spec.dtype === 'int32' && !spec.quantization) return new Uint8Array(Int32Array.from(given).buffer);
      if (given instanceof Int32Array) throw new Error(`weight "${spec.name}" is stored as ${spec.dtype}; it was given integers`);
      return isHalf(spec) ? encodeHalf(given) : new Uint8Array(asStored(spec, given).buffer);
    }
    const kept = baseBytes.get(spec.name);
    if (!kept) throw new Error(`weight "${spec.name}" is new and was given no values`);
    return kept;
  });
  const shard = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    shard.set(part, at);
    at += part.length;
  }
  return shard;
}
