// A small model package with the three Gardner heads and a lab-outcome output, built in
// memory without torch: the spatial mean of the normalised RGB input feeds linear heads
// (softmax) and one linear outcome unit (sigmoid). The outcome probability is therefore
// sigmoid(w . meanRGB + b), which a test can compute itself to know the order to expect.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ModelJson, WeightSpecJson } from '../load-model';
import type { ModelCard } from '../model-card';
import { sha256Hex } from '../sha256';

export interface OutcomeModelOptions {
  /** Input height = width (default 32). */
  size?: number;
  id?: string;
  positiveLabel?: string;
  /** Outcome logit = w . mean(R, G, B) + bias, on imagenet-normalised input (default w = [3, -3, 0], bias 0). */
  outcomeWeights?: [number, number, number];
  outcomeBias?: number;
  /** List the outcome node among the signature's outputs (default true). */
  signatureListsOutcome?: boolean;
  seed?: number;
}

const b64 = (s: string) => btoa(s);
const shape = (dims: number[]) => ({ dim: dims.map((d) => ({ size: String(d) })) });
const floatT = { type: 'DT_FLOAT' };
const constant = (name: string, dims: number[], dtype = 'DT_FLOAT') => ({
  name,
  op: 'Const',
  attr: { dtype: { type: dtype }, value: { tensor: { dtype, tensorShape: shape(dims) } } },
});

const HEADS = [
  { name: 'expansion' as const, classes: ['1', '2', '3', '4', '5', '6'] },
  { name: 'icm' as const, classes: ['C', 'B', 'A'] },
  { name: 'te' as const, classes: ['C', 'B', 'A'] },
];

/** Deterministic numbers in [-1, 1). */
function noise(seed: number, n: number): number[] {
  let state = seed >>> 0 || 1;
  return Array.from({ length: n }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  });
}

/** One linear unit on the pooled features: MatMul -> BiasAdd (the logits) -> activation -> Identity named `name`. */
function linear(name: string, activation: 'Softmax' | 'Sigmoid') {
  return [
    { name: `${name}/MatMul`, op: 'MatMul', input: ['gap', `${name}/kernel`], attr: { T: floatT, transpose_a: { b: false }, transpose_b: { b: false } } },
    { name: `${name}/logits`, op: 'BiasAdd', input: [`${name}/MatMul`, `${name}/bias`], attr: { T: floatT, data_format: { s: b64('NHWC') } } },
    { name: `${name}/${activation}`, op: activation, input: [`${name}/logits`], attr: { T: floatT } },
    { name, op: 'Identity', input: [`${name}/${activation}`], attr: { T: floatT } },
  ];
}

/** The package's files (model.json, grading.json, w.bin) by name. */
export async function outcomeModelFiles(options: OutcomeModelOptions = {}): Promise<Record<string, Uint8Array>> {
  const size = options.size ?? 32;
  const seed = options.seed ?? 7;
  const weights: { spec: WeightSpecJson; values: number[] }[] = [{ spec: { name: 'gap/axes', shape: [2], dtype: 'int32' }, values: [1, 2] }];
  const node: object[] = [
    { name: 'input', op: 'Placeholder', attr: { dtype: floatT, shape: { shape: shape([-1, size, size, 3]) } } },
    constant('gap/axes', [2], 'DT_INT32'),
    { name: 'gap', op: 'Mean', input: ['input', 'gap/axes'], attr: { T: floatT, Tidx: { type: 'DT_INT32' }, keep_dims: { b: false } } },
  ];
  HEADS.forEach((head, i) => {
    const n = head.classes.length;
    node.push(constant(`${head.name}/kernel`, [3, n]), constant(`${head.name}/bias`, [n]), ...linear(head.name, 'Softmax'));
    weights.push({ spec: { name: `${head.name}/kernel`, shape: [3, n], dtype: 'float32' }, values: noise(seed * 10 + i, 3 * n) });
    weights.push({ spec: { name: `${head.name}/bias`, shape: [n], dtype: 'float32' }, values: noise(seed * 10 + i + 5, n) });
  });
  node.push(constant('outcome/kernel', [3, 1]), constant('outcome/bias', [1]), ...linear('outcome', 'Sigmoid'));
  weights.push({ spec: { name: 'outcome/kernel', shape: [3, 1], dtype: 'float32' }, values: options.outcomeWeights ?? [3, -3, 0] });
  weights.push({ spec: { name: 'outcome/bias', shape: [1], dtype: 'float32' }, values: [options.outcomeBias ?? 0] });

  const data = new Uint8Array(weights.reduce((n, w) => n + 4 * w.values.length, 0));
  const view = new DataView(data.buffer);
  let offset = 0;
  for (const { spec, values } of weights) {
    for (const v of values) {
      if (spec.dtype === 'int32') view.setInt32(offset, v, true);
      else view.setFloat32(offset, v, true);
      offset += 4;
    }
  }
  const outputs: Record<string, { name: string; tensorShape: ReturnType<typeof shape> }> = Object.fromEntries(
    HEADS.map((h) => [h.name, { name: `${h.name}:0`, tensorShape: shape([-1, h.classes.length]) }]),
  );
  if (options.signatureListsOutcome ?? true) outputs.outcome = { name: 'outcome:0', tensorShape: shape([-1, 1]) };
  const modelJson: ModelJson = {
    format: 'graph-model',
    modelTopology: { node: node as ModelJson['modelTopology']['node'], library: {}, versions: { producer: 1482 } },
    signature: { inputs: { input: { name: 'input:0', tensorShape: shape([-1, size, size, 3]) } }, outputs },
    weightsManifest: [{ paths: ['w.bin'], weights: weights.map((w) => w.spec) }],
  };
  const card: ModelCard = {
    id: options.id ?? 'outcome-test',
    version: '1',
    architecture: 'mean RGB -> linear heads (test fixture)',
    input: { size: [size, size], channels: 3, normalization: 'imagenet', resize: 'bilinear' },
    heads: HEADS.map((h) => ({ name: h.name, output: h.name, logits: `${h.name}/logits`, classes: h.classes })),
    outcome: { output: 'outcome', logits: 'outcome/logits', positiveLabel: options.positiveLabel ?? 'good' },
    weights: { 'w.bin': await sha256Hex(data) },
    intendedUse: 'Test fixture with random weights; not for clinical use.',
  };
  const encode = (json: unknown) => new TextEncoder().encode(JSON.stringify(json, null, 2));
  return { 'model.json': encode(modelJson), 'grading.json': encode(card), 'w.bin': data };
}

/** Writes the package to `dir` (default a new temp folder); returns the folder. */
export async function writeOutcomeModel(options: OutcomeModelOptions = {}, dir?: string): Promise<string> {
  const out = dir ?? (await mkdtemp(path.join(tmpdir(), 'blastograde-outcome-model-')));
  for (const [name, bytes] of Object.entries(await outcomeModelFiles(options))) await writeFile(path.join(out, name), bytes);
  return out;
}
