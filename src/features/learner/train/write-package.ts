// The learned package: the base graph with re-fitted head weights and, when outcomes were
// learned, the outcome head added; each head's first layer reads the feature set chosen for it
// (gap, or the multi-depth node added to the graph: Mean of block3_pool and block4_pool and a
// ConcatV2 with gap, the first kernel grown to match); one shard in the base's storage dtype;
// a card naming the base, the data and the cross-validated report.
import { computeModelHash, parseModelCard, sha256Hex, type LoadedModelPackage, type ModelJson } from '../../inference/headless';
import {
  addMultiDepthNodes,
  addOutcomeHead,
  asStored,
  MULTI_DEPTH_CONSTANTS,
  MULTI_DEPTH_NODE,
  OUTCOME_BIAS,
  OUTCOME_KERNEL,
  OUTCOME_LOGITS,
  OUTCOME_OUTPUT,
  rewireFirstLayer,
  withoutMultiDepthNodes,
  writeShard,
} from './graph';
import type { BaseHead } from './base-heads';
import type { DenseHead } from './dense-head';
import type { FeatureLayout, FeatureSet } from './feature-layout';
import type { LearnedPackage, LearnLabel, LearnOptions, LearnReport, LearningExample } from './types';

export const LEARNED_SHARD = 'group1-shard1of1.bin';

export interface FittedHeads {
  /** Each re-fitted grade head and the feature set it reads. */
  grades: { base: BaseHead; set: FeatureSet; head: DenseHead }[];
  outcome?: { set: FeatureSet; head: DenseHead };
}

function learnedId(base: string, date: Date): string {
  const day = date.toISOString().slice(0, 10).replaceAll('-', '');
  return `${base.slice(0, 64 - 17)}-learned-${day}`;
}

/** What the card says of labelled images the run could not use (their names and reasons are in learning.validation.skippedImages). */
const skippedNote = (n: number) => (n === 0 ? '' : ` (${n} more labelled image${n === 1 ? '' : 's'} could not be read, decoded or located and ${n === 1 ? 'was' : 'were'} left out)`);

function dateRange(examples: readonly LearningExample[]): { from: string; to: string } | undefined {
  const dates = examples.map((e) => e.date).filter((d): d is string => !!d).sort();
  return dates.length ? { from: dates[0]!, to: dates[dates.length - 1]! } : undefined;
}

/** The weights as the written graph will hold them (float16 rounding where the base stores float16). */
export function storedHead(model: ModelJson, names: { kernel: string; bias: string }[], head: DenseHead): DenseHead {
  const specs = new Map(model.weightsManifest.flatMap((g) => g.weights).map((w) => [w.name, w]));
  return {
    layers: head.layers.map((l, i) => ({
      ...l,
      kernel: asStored(specs.get(names[i]!.kernel)!, l.kernel),
      bias: asStored(specs.get(names[i]!.bias)!, l.bias),
    })),
  };
}

/**
 * The base graph with every re-fitted grade head's first layer reading its set's node (kernel
 * rows = the set's size), the multi-depth nodes present exactly when some head reads them, and
 * the outcome head when one was learned.
 */
export function learnedModelJson(base: LoadedModelPackage, layout: FeatureLayout, fitted: FittedHeads): ModelJson {
  // A head left as the base had it (not re-fitted, or the base's outcome head when none is learned) may read the multi-depth node too.
  const rewired = new Set(fitted.grades.map((g) => g.base.nodes.layers[0]!.kernel));
  const keptReader = base.modelJson.modelTopology.node.some(
    (n) => n.input?.includes(MULTI_DEPTH_NODE) && !n.input.some((i) => rewired.has(i)) && !(fitted.outcome && n.name.startsWith(`${OUTCOME_OUTPUT}/`)),
  );
  const needed = keptReader || fitted.grades.some((g) => g.set.node === MULTI_DEPTH_NODE) || fitted.outcome?.set.node === MULTI_DEPTH_NODE;
  const gapNode = layout.sets[0]!.node;
  let model = needed ? addMultiDepthNodes(base.modelJson, gapNode) : withoutMultiDepthNodes(base.modelJson);
  for (const { base: head, set } of fitted.grades) model = rewireFirstLayer(model, head.nodes.layers[0]!.kernel, set.node, set.size);
  if (!fitted.outcome) return model;
  const kernelSpec = fitted.grades[0]?.base.nodes.layers[0]!.kernel ?? base.weightSpecs.find((w) => w.dtype === 'float32')!.name;
  const storedAs = base.weightSpecs.find((w) => w.name === kernelSpec)!;
  const inputs = fitted.outcome.head.layers[0]!.inputs;
  return addOutcomeHead(model, fitted.outcome.set.node, inputs, { dtype: storedAs.dtype, ...(storedAs.quantization ? { quantization: storedAs.quantization } : {}) });
}

export async function writeLearnedPackage(
  base: LoadedModelPackage,
  layout: FeatureLayout,
  examples: readonly LearningExample[],
  fitted: FittedHeads,
  report: LearnReport,
  options: LearnOptions,
): Promise<LearnedPackage> {
  const model = learnedModelJson(base, layout, fitted);
  const values = new Map<string, Float32Array | Int32Array>();
  for (const { base: b, head } of fitted.grades) {
    b.nodes.layers.forEach((names, i) => {
      values.set(names.kernel, head.layers[i]!.kernel);
      values.set(names.bias, head.layers[i]!.bias);
    });
  }
  if (fitted.outcome) {
    values.set(OUTCOME_KERNEL, fitted.outcome.head.layers[0]!.kernel);
    values.set(OUTCOME_BIAS, fitted.outcome.head.layers[0]!.bias);
  }
  const trainedNodes = [...values.keys()];
  const specs = model.weightsManifest.flatMap((g) => g.weights);
  for (const [name, constant] of MULTI_DEPTH_CONSTANTS) if (specs.some((w) => w.name === name)) values.set(name, constant);
  const shard = writeShard(base, specs, values);
  const modelJson: ModelJson = { ...model, weightsManifest: [{ paths: [LEARNED_SHARD], weights: specs }] };

  const date = options.date ?? new Date();
  // The base's source statistics file is bound to the base's model hash, which the new shard changes: not carried.
  const { metrics: _baseMetrics, outcome: _baseOutcome, learning: _baseLearning, adaptationSource: _baseSource, ...rest } = base.card;
  const labels: LearnLabel[] = report.labels;
  const sources = options.sources ?? [...new Set(examples.map((e) => e.source).filter((s): s is string => !!s))];
  const range = dateRange(examples);
  const outcome = fitted.outcome
    ? { outcome: { output: OUTCOME_OUTPUT, logits: OUTCOME_LOGITS, positiveLabel: options.positiveLabel ?? 'good' } }
    : base.card.outcome
      ? { outcome: base.card.outcome }
      : {};
  const card = parseModelCard({
    ...rest,
    ...outcome,
    id: options.id ?? learnedId(base.card.id, date),
    version: options.version ?? `${base.card.version}+learned.${date.toISOString().slice(0, 10)}`,
    weights: { [LEARNED_SHARD]: await sha256Hex(shard) },
    intendedUse:
      `Heads re-fitted on ${examples.length} of this lab's own labelled images (${labels.join(', ')}) on top of ${base.card.id} ${base.card.version}` +
      `${skippedNote(report.skippedImages?.length ?? 0)}; ` +
      'validated by cross-validation on those images only, not on an independent set. Not for clinical use unless the lab has validated it on its own data. ' +
      `The base model's intended use still applies to its trunk: ${base.card.intendedUse}`,
    learning: {
      method: 'heads-retrained',
      baseModel: { id: base.card.id, version: base.card.version, hash: base.modelHash },
      examples: examples.length,
      ...(sources.length ? { sources } : {}),
      labels,
      ...(range ? { dateRange: range } : {}),
      date: date.toISOString(),
      seed: report.seed,
      folds: report.folds,
      trainedNodes,
      validation: JSON.parse(JSON.stringify(report)),
    },
  });
  const text = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
  return {
    card,
    report,
    files: { 'model.json': new TextEncoder().encode(JSON.stringify(modelJson)), 'grading.json': text(card), [LEARNED_SHARD]: shard },
    modelHash: await computeModelHash(modelJson, card),
  };
}
