// A tiny batch-norm-folded graph model in the exporter's form, built in memory for the
// adaptation tests (no torch needed): input 8x8x3 -> _FusedConv2D(BiasAdd+Relu) 3->4 ->
// MaxPool 2 -> _FusedConv2D(BiasAdd) 4->2 -> features -> spatial mean -> "icm" head.
import { computeModelHash, sha256Hex, type LoadedModelPackage, type ModelJson, type WeightSpecJson } from '../../inference/headless';
import type { ModelCard } from '../../inference';
import { encodeHalf } from '../../../lib/float16';

const b64 = (s: string) => btoa(s);
const shape = (dims: number[]) => ({ dim: dims.map((d) => ({ size: String(d) })) });
const ints = (v: number[]) => ({ list: { i: v.map(String) } });
const floatT = { type: 'DT_FLOAT' };
const SIZE = 8;

function fusedConv(name: string, input: string, ops: string[]) {
  return {
    name: `${name}/Relu`,
    op: '_FusedConv2D',
    input: [input, `${name}/kernel`, `${name}/bias`],
    attr: {
      T: floatT,
      data_format: { s: b64('NHWC') },
      dilations: ints([1, 1, 1, 1]),
      strides: ints([1, 1, 1, 1]),
      padding: { s: b64('SAME') },
      fused_ops: { list: { s: ops.map(b64) } },
      num_args: { i: '1' },
      epsilon: { f: 0 },
    },
  };
}
const constant = (name: string, dims: number[], dtype = 'DT_FLOAT') => ({
  name,
  op: 'Const',
  attr: { dtype: { type: dtype }, value: { tensor: { dtype, tensorShape: shape(dims) } } },
});

/** Deterministic pseudo-random numbers in [-1, 1). */
export function noise(seed: number, n: number): Float32Array {
  let state = seed >>> 0 || 1;
  return Float32Array.from({ length: n }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  });
}

export async function foldedGraphPackage(dtype: 'float32' | 'float16' = 'float32', seed = 1): Promise<LoadedModelPackage> {
  const node = [
    { name: 'input', op: 'Placeholder', attr: { dtype: floatT, shape: { shape: shape([-1, SIZE, SIZE, 3]) } } },
    constant('conv1/kernel', [3, 3, 3, 4]),
    constant('conv1/bias', [4]),
    fusedConv('conv1', 'input', ['BiasAdd', 'Relu']),
    { name: 'pool', op: 'MaxPool', input: ['conv1/Relu'], attr: { T: floatT, ksize: ints([1, 2, 2, 1]), strides: ints([1, 2, 2, 1]), padding: { s: b64('VALID') }, data_format: { s: b64('NHWC') } } },
    constant('conv2/kernel', [3, 3, 4, 2]),
    constant('conv2/bias', [2]),
    fusedConv('conv2', 'pool', ['BiasAdd']),
    { name: 'features', op: 'Identity', input: ['conv2/Relu'], attr: { T: floatT } },
    constant('gap/axes', [2], 'DT_INT32'),
    { name: 'gap', op: 'Mean', input: ['features', 'gap/axes'], attr: { T: floatT, Tidx: { type: 'DT_INT32' }, keep_dims: { b: false } } },
    constant('icm/kernel', [2, 3]),
    constant('icm/bias', [3]),
    { name: 'icm/MatMul', op: 'MatMul', input: ['gap', 'icm/kernel'], attr: { T: floatT, transpose_a: { b: false }, transpose_b: { b: false } } },
    { name: 'icm/logits', op: 'BiasAdd', input: ['icm/MatMul', 'icm/bias'], attr: { T: floatT, data_format: { s: b64('NHWC') } } },
    { name: 'icm/Softmax', op: 'Softmax', input: ['icm/logits'], attr: { T: floatT } },
    { name: 'icm', op: 'Identity', input: ['icm/Softmax'], attr: { T: floatT } },
  ];
  const floats: [string, number[]][] = [
    ['conv1/kernel', [3, 3, 3, 4]],
    ['conv1/bias', [4]],
    ['conv2/kernel', [3, 3, 4, 2]],
    ['conv2/bias', [2]],
    ['icm/kernel', [2, 3]],
    ['icm/bias', [3]],
  ];
  const quantization = dtype === 'float16' ? { quantization: { dtype: 'float16' } } : {};
  const specs: WeightSpecJson[] = [];
  const parts: Uint8Array[] = [];
  floats.forEach(([name, dims], i) => {
    const values = noise(seed * 100 + i, dims.reduce((a, b) => a * b, 1));
    specs.push({ name, shape: dims, dtype: 'float32', ...quantization });
    parts.push(dtype === 'float16' ? encodeHalf(values) : new Uint8Array(values.buffer));
    if (name === 'conv2/bias') {
      specs.push({ name: 'gap/axes', shape: [2], dtype: 'int32' });
      parts.push(new Uint8Array(Int32Array.from([1, 2]).buffer));
    }
  });
  const data = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (data.set(p, at), at + p.length), 0);
  const modelJson: ModelJson = {
    format: 'graph-model',
    modelTopology: { node, library: {}, versions: { producer: 1482 } },
    signature: {
      inputs: { input: { name: 'input:0', tensorShape: shape([-1, SIZE, SIZE, 3]) } },
      outputs: { icm: { name: 'icm:0', tensorShape: shape([-1, 3]) } },
    },
    weightsManifest: [{ paths: ['w.bin'], weights: specs }],
  };
  const card: ModelCard = {
    id: 'folded-test',
    version: '1',
    architecture: 'test',
    input: { size: [SIZE, SIZE], channels: 3, normalization: 'none', resize: 'bilinear' },
    heads: [{ name: 'icm', output: 'icm', logits: 'icm/logits', classes: ['A', 'B', 'C'] }],
    featureNode: 'features',
    weights: { 'w.bin': await sha256Hex(data) },
    weightsDtype: dtype,
    metrics: { val: { note: 'of the base weights' } },
    intendedUse: 'Test fixture; not for clinical use.',
  };
  const files = { 'model.json': new TextEncoder().encode(JSON.stringify(modelJson)).buffer, 'grading.json': new TextEncoder().encode(JSON.stringify(card)).buffer, 'w.bin': data.buffer };
  return { card, modelJson, weightSpecs: specs, weightData: data.buffer, files, modelHash: await computeModelHash(modelJson, card) };
}

/** n images of SIZE x SIZE x 3 values: offset + spread * noise, with a per-channel tilt. */
export function syntheticImages(n: number, seed: number, offset: number, spread: number): Float32Array[] {
  return Array.from({ length: n }, (_, i) => noise(seed * 1000 + i, SIZE * SIZE * 3).map((v, j) => offset + spread * v * (1 + (j % 3) * 0.5)));
}
