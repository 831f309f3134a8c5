// Reads a model package's weights as the graph will see them (float16 storage decoded), and
// measures how far two packages' weights or two reports' figures are apart. For comparing the
// package the app learned with the one the CLI learned from the same examples.
import { fromHalfBits } from '../../src/lib/float16';
import { loadModelPackage, manifestBytes } from '../../src/features/inference/load-model';
import { folderSource } from '../../src/features/inference/node-model-source';

export interface StoredTensor {
  shape: number[];
  /** The tensor's bytes as stored in the shard (float16 or float32). */
  bytes: Uint8Array;
  values: Float64Array;
}

const READERS: Record<string, { bytes: number; at: (view: DataView, i: number) => number }> = {
  float16: { bytes: 2, at: (view, i) => fromHalfBits(view.getUint16(i * 2, true)) },
  float32: { bytes: 4, at: (view, i) => view.getFloat32(i * 4, true) },
  int32: { bytes: 4, at: (view, i) => view.getInt32(i * 4, true) },
};

/**
 * Every tensor of the package in `dir`, by name, in manifest order. Loaded the way the app
 * loads a package (schema, graph, sha256 of every shard), then cut per manifest entry.
 */
export async function readPackageWeights(dir: string): Promise<Map<string, StoredTensor>> {
  const pkg = await loadModelPackage(folderSource(dir));
  const data = new Uint8Array(pkg.weightData);
  const tensors = new Map<string, StoredTensor>();
  let offset = 0;
  for (const spec of pkg.weightSpecs) {
    const stored = spec.quantization?.dtype ?? spec.dtype;
    const read = READERS[stored];
    if (!read) throw new Error(`${spec.name}: ${stored} weights are not read here`);
    const bytes = data.subarray(offset, offset + manifestBytes([spec]));
    offset += bytes.byteLength;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const values = Float64Array.from({ length: bytes.byteLength / read.bytes }, (_, i) => read.at(view, i));
    tensors.set(spec.name, { shape: spec.shape, bytes, values });
  }
  return tensors;
}

/** A tolerance of the usual kind: |a − b| <= absolute + relative × max(|a|, |b|). */
export interface Tolerance {
  absolute: number;
  relative: number;
}

export interface Difference {
  where: string;
  a: number;
  b: number;
}

export const within = (a: number, b: number, t: Tolerance) => Math.abs(a - b) <= t.absolute + t.relative * Math.max(Math.abs(a), Math.abs(b));

/** The largest absolute difference and the pairs outside the tolerance. */
export function compareValues(where: string, a: ArrayLike<number>, b: ArrayLike<number>, t: Tolerance): { maxAbs: number; outside: Difference[] } {
  let maxAbs = 0;
  const outside: Difference[] = [];
  for (let i = 0; i < a.length; i++) {
    maxAbs = Math.max(maxAbs, Math.abs(a[i]! - b[i]!));
    if (!within(a[i]!, b[i]!, t)) outside.push({ where: `${where}[${i}]`, a: a[i]!, b: b[i]! });
  }
  return { maxAbs, outside };
}

/**
 * Walks two JSON values side by side: numbers compared within the tolerance, everything else
 * (strings, booleans, keys, array lengths) must be equal. Keys in `ignore` are skipped (timings).
 */
export function compareFigures(a: unknown, b: unknown, t: Tolerance, ignore: ReadonlySet<string> = new Set(), where = ''): { maxAbs: number; numbers: number; outside: Difference[]; mismatches: string[] } {
  const result = { maxAbs: 0, numbers: 0, outside: [] as Difference[], mismatches: [] as string[] };
  const walk = (x: unknown, y: unknown, path: string) => {
    if (typeof x === 'number' && typeof y === 'number') {
      result.numbers++;
      result.maxAbs = Math.max(result.maxAbs, Math.abs(x - y));
      if (!within(x, y, t)) result.outside.push({ where: path, a: x, b: y });
    } else if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) result.mismatches.push(`${path}: ${x.length} vs ${y.length} items`);
      else x.forEach((item, i) => walk(item, y[i], `${path}[${i}]`));
    } else if (x && y && typeof x === 'object' && typeof y === 'object' && !Array.isArray(x) && !Array.isArray(y)) {
      const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
      for (const key of [...keys].sort()) {
        if (ignore.has(key)) continue;
        if (!(key in x) || !(key in y)) result.mismatches.push(`${path}.${key}: only in ${key in x ? 'the first' : 'the second'}`);
        else walk((x as Record<string, unknown>)[key], (y as Record<string, unknown>)[key], `${path}.${key}`);
      }
    } else if (x !== y) result.mismatches.push(`${path}: ${JSON.stringify(x)} vs ${JSON.stringify(y)}`);
  };
  walk(a, b, where);
  return result;
}
