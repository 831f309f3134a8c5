// Reads a model package (model.json + shards + grading.json) from a source and proves it
// is what the card says before anything runs it: a graph model whose input and outputs
// match the card, and every shard byte-identical to the hash the card records.
import { ModelPackageError } from './errors';
import { parseModelCardText, type ModelCard } from './model-card';
import type { ModelFileSource } from './model-source';
import { sha256Hex } from './sha256';

interface TensorShapeJson {
  dim?: { size?: string | number }[];
}
interface TensorInfoJson {
  name?: string;
  tensorShape?: TensorShapeJson;
}
interface NodeJson {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, unknown>;
}
export interface WeightSpecJson {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string };
}
export interface ModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string;
  modelTopology: { node: NodeJson[]; [key: string]: unknown };
  signature?: { inputs?: Record<string, TensorInfoJson>; outputs?: Record<string, TensorInfoJson> };
  weightsManifest: { paths: string[]; weights: WeightSpecJson[] }[];
  [key: string]: unknown;
}

export interface LoadedModelPackage {
  card: ModelCard;
  modelJson: ModelJson;
  weightSpecs: WeightSpecJson[];
  /** All shards concatenated in manifest order (what tfjs expects). */
  weightData: ArrayBuffer;
  /** The raw files, for storing a copy (IndexedDB) under their names. */
  files: Record<string, ArrayBuffer>;
  /** sha256 over the weights manifest and every shard's hash: which exact weights grade. */
  modelHash: string;
}

export interface LoadProgress {
  loadedBytes: number;
  totalBytes: number;
}

export interface LoadOptions {
  onProgress?: (progress: LoadProgress) => void;
}

const MODEL_JSON = 'model.json';
const CARD_JSON = 'grading.json';

function decodeJson(bytes: ArrayBuffer): unknown {
  return JSON.parse(new TextDecoder().decode(bytes));
}

function dims(shape: TensorShapeJson | undefined): number[] | undefined {
  return shape?.dim?.map((d) => Number(d.size ?? -1));
}

function parseModelJson(bytes: ArrayBuffer, label: string): ModelJson {
  let json: unknown;
  try {
    json = decodeJson(bytes);
  } catch (error) {
    throw new ModelPackageError('model-json-invalid', `model.json in ${label} is not valid JSON: ${(error as Error).message}`);
  }
  const model = json as Partial<ModelJson>;
  const nodes = model.modelTopology?.node;
  if (model.format !== 'graph-model' || !Array.isArray(nodes) || !Array.isArray(model.weightsManifest)) {
    const format = model.format ? `format "${model.format}"` : 'no "format"';
    throw new ModelPackageError(
      'not-graph-model',
      `model.json in ${label} is not a TensorFlow.js graph model (${format}; expected "graph-model" with modelTopology.node and weightsManifest)`,
    );
  }
  return model as ModelJson;
}

/** The model's input spatial size [h, w] from its signature or its Placeholder node. */
function graphInputSize(model: ModelJson): { name: string; shape: number[] | undefined }[] {
  const inputs = model.signature?.inputs;
  if (inputs && Object.keys(inputs).length > 0) {
    return Object.entries(inputs).map(([key, info]) => ({ name: key, shape: dims(info.tensorShape) }));
  }
  return model.modelTopology.node
    .filter((n) => n.op === 'Placeholder')
    .map((n) => ({ name: n.name, shape: dims((n.attr?.shape as { shape?: TensorShapeJson } | undefined)?.shape) }));
}

function stripPort(name: string): string {
  return name.replace(/:\d+$/, '');
}

/** Checks that model.json's graph is the network the card describes. */
export function checkGraphAgainstCard(model: ModelJson, card: ModelCard): void {
  const nodeNames = new Set(model.modelTopology.node.map((n) => n.name));

  const inputs = graphInputSize(model);
  if (inputs.length !== 1) {
    throw new ModelPackageError('input-size-mismatch', `model.json has ${inputs.length} inputs; expected exactly one image input`);
  }
  const shape = inputs[0]!.shape;
  const [h, w] = card.input.size;
  if (!shape || shape.length !== 4 || shape[1] !== h || shape[2] !== w || shape[3] !== card.input.channels) {
    throw new ModelPackageError(
      'input-size-mismatch',
      `input size mismatch: model.json input "${inputs[0]!.name}" has shape [${shape?.join(', ') ?? '?'}], grading.json says ${h}x${w}x${card.input.channels}`,
    );
  }

  if (card.outcome && !nodeNames.has(stripPort(card.outcome.output))) {
    throw new ModelPackageError('head-mismatch', `outcome output node "${card.outcome.output}" is not in model.json's graph`);
  }
  if (card.outcome?.logits && !nodeNames.has(stripPort(card.outcome.logits))) {
    throw new ModelPackageError('head-mismatch', `outcome logits node "${card.outcome.logits}" is not in model.json's graph`);
  }

  const outputs = model.signature?.outputs;
  if (outputs) {
    const allOutputs = Object.entries(outputs).map(([key, info]) => ({ key, node: stripPort(info.name ?? key), shape: dims(info.tensorShape) }));
    // The card's outcome output may be listed among the signature's outputs; the rest are the heads.
    const isOutcome = (o: { key: string; node: string }) => !!card.outcome && (o.node === stripPort(card.outcome.output) || o.key === card.outcome.output);
    const outcomeOutput = allOutputs.find(isOutcome);
    const outcomeValues = outcomeOutput?.shape?.[outcomeOutput.shape.length - 1];
    if (outcomeValues !== undefined && outcomeValues > 0 && outcomeValues !== 1) {
      throw new ModelPackageError('head-mismatch', `outcome output "${outcomeOutput!.key}" has ${outcomeValues} values per image in model.json; it must be one probability`);
    }
    const outputNames = allOutputs.filter((o) => !isOutcome(o));
    if (outputNames.length !== card.heads.length) {
      throw new ModelPackageError(
        'head-mismatch',
        `head count mismatch: model.json has ${outputNames.length} outputs (${outputNames.map((o) => o.key).join(', ')}), grading.json lists ${card.heads.length} heads (${card.heads.map((h) => h.name).join(', ')})`,
      );
    }
    for (const head of card.heads) {
      const out = outputNames.find((o) => o.node === head.output || o.key === head.output);
      if (!out) {
        throw new ModelPackageError('head-mismatch', `head "${head.name}": output "${head.output}" is not among model.json's outputs (${outputNames.map((o) => o.key).join(', ')})`);
      }
      const classes = out.shape?.[out.shape.length - 1];
      if (classes !== undefined && classes > 0 && classes !== head.classes.length) {
        throw new ModelPackageError(
          'class-count-mismatch',
          `class count mismatch for head "${head.name}": model.json output "${out.key}" has ${classes} classes, grading.json lists ${head.classes.length} (${head.classes.join(', ')})`,
        );
      }
    }
  }
  for (const head of card.heads) {
    if (!nodeNames.has(stripPort(head.output))) {
      throw new ModelPackageError('head-mismatch', `head "${head.name}": output node "${head.output}" is not in model.json's graph`);
    }
    if (head.logits && !nodeNames.has(stripPort(head.logits))) {
      throw new ModelPackageError('head-mismatch', `head "${head.name}": logits node "${head.logits}" is not in model.json's graph`);
    }
  }
  if (card.featureNode && !nodeNames.has(card.featureNode)) {
    throw new ModelPackageError('head-mismatch', `featureNode "${card.featureNode}" is not in model.json's graph`);
  }
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, float16: 2, uint8: 1, uint16: 2 };

/** Bytes the manifest's specs occupy: the total for the progress bar. */
export function manifestBytes(specs: WeightSpecJson[]): number {
  return specs.reduce((sum, s) => {
    const count = s.shape.reduce((a, b) => a * b, 1);
    return sum + count * (DTYPE_BYTES[s.quantization?.dtype ?? s.dtype] ?? 4);
  }, 0);
}

async function readShard(source: ModelFileSource, path: string, expected: string): Promise<ArrayBuffer> {
  const bytes = await source.read(path);
  if (!bytes) throw new ModelPackageError('shard-missing', `weight shard "${path}" is missing from ${source.label}`);
  return verified(source, path, bytes, expected, 'weight shard', 'shard-corrupted');
}

/** The bytes when their sha256 is the card's; a stale or damaged cached copy is fetched once more before refusing. */
async function verified(source: ModelFileSource, path: string, bytes: ArrayBuffer, expected: string, what: string, code: 'shard-corrupted' | 'adaptation-source-corrupted'): Promise<ArrayBuffer> {
  let actual = await sha256Hex(bytes);
  if (actual !== expected && source.reread) {
    const again = await source.reread(path);
    if (!again) throw new ModelPackageError(code === 'shard-corrupted' ? 'shard-missing' : code, `${what} "${path}" is missing from ${source.label}`);
    bytes = again;
    actual = await sha256Hex(bytes);
  }
  if (actual !== expected) {
    throw new ModelPackageError(code, `${what} "${path}" is corrupted: its sha256 is ${actual.slice(0, 12)}…, grading.json expects ${expected.slice(0, 12)}…`);
  }
  return bytes;
}

/**
 * The card's optional source statistics for adaptation, verified like a shard. Missing (or
 * unreadable offline) is not an error: grading never needs them, and the adapt job renders
 * its phantoms instead and says why. Read with the package so a URL source keeps a copy for
 * offline adaptation.
 */
async function readAdaptationSource(source: ModelFileSource, card: ModelCard, taken: Record<string, ArrayBuffer>): Promise<Record<string, ArrayBuffer>> {
  const entry = card.adaptationSource;
  if (!entry) return {};
  if (taken[entry.file] || card.weights[entry.file]) {
    throw new ModelPackageError('card-invalid', `grading.json adaptationSource.file "${entry.file}" names another file of the package`);
  }
  const bytes = await source.read(entry.file).catch(() => null);
  if (!bytes) return {};
  return { [entry.file]: await verified(source, entry.file, bytes, entry.sha256, 'adaptation source statistics', 'adaptation-source-corrupted') };
}

/** Hash identifying the exact weights: the manifest (names, shapes, dtypes) and every shard's sha256. */
export async function computeModelHash(model: ModelJson, card: ModelCard): Promise<string> {
  const lines = model.weightsManifest.flatMap((g) => g.paths.map((p) => `${p} ${card.weights[p]}`));
  return sha256Hex(`${JSON.stringify(model.weightsManifest)}\n${lines.join('\n')}\n`);
}

/** Loads and verifies a model package; throws ModelPackageError with a specific message. */
export async function loadModelPackage(source: ModelFileSource, options: LoadOptions = {}): Promise<LoadedModelPackage> {
  const modelBytes = await source.read(MODEL_JSON);
  if (!modelBytes) throw new ModelPackageError('model-json-missing', `model.json is missing from ${source.label}`);
  const modelJson = parseModelJson(modelBytes, source.label);

  const cardBytes = await source.read(CARD_JSON);
  if (!cardBytes) throw new ModelPackageError('card-missing', `grading.json (the model card) is missing from ${source.label}`);
  const card = parseModelCardText(new TextDecoder().decode(cardBytes));

  checkGraphAgainstCard(modelJson, card);

  const paths = modelJson.weightsManifest.flatMap((g) => g.paths);
  for (const path of paths) {
    if (!card.weights[path]) {
      throw new ModelPackageError('shard-unlisted', `weight shard "${path}" is not listed in grading.json "weights", so it cannot be verified`);
    }
  }
  const weightSpecs = modelJson.weightsManifest.flatMap((g) => g.weights);
  const totalBytes = manifestBytes(weightSpecs);
  let loadedBytes = 0;
  options.onProgress?.({ loadedBytes, totalBytes });

  const files: Record<string, ArrayBuffer> = { [MODEL_JSON]: modelBytes, [CARD_JSON]: cardBytes };
  const shards: ArrayBuffer[] = [];
  for (const path of paths) {
    const bytes = await readShard(source, path, card.weights[path]!);
    shards.push(bytes);
    files[path] = bytes;
    loadedBytes += bytes.byteLength;
    options.onProgress?.({ loadedBytes: Math.min(loadedBytes, totalBytes), totalBytes });
  }
  const weightData = concat(shards);
  if (weightData.byteLength !== totalBytes) {
    throw new ModelPackageError(
      'shard-corrupted',
      `weight shards hold ${weightData.byteLength} bytes but model.json's manifest needs ${totalBytes}`,
    );
  }
  Object.assign(files, await readAdaptationSource(source, card, files));
  return { card, modelJson, weightSpecs, weightData, files, modelHash: await computeModelHash(modelJson, card) };
}

function concat(buffers: ArrayBuffer[]): ArrayBuffer {
  const total = buffers.reduce((n, b) => n + b.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out.buffer;
}
