// The learned package: the base graph with re-fitted head weights (same nodes) and, when
// outcomes were learned, the outcome head added; one shard in the base's storage dtype;
// a card naming the base, the data and the cross-validated report.
import { computeModelHash, parseModelCard, sha256Hex, type LoadedModelPackage, type ModelJson } from '../../inference/headless';
import { addOutcomeHead, asStored, OUTCOME_BIAS, OUTCOME_KERNEL, OUTCOME_LOGITS, OUTCOME_OUTPUT, writeShard } from './graph';
import type { BaseHead } from './base-heads';
import type { DenseHead } from './dense-head';
import type { LearnedPackage, LearnLabel, LearnOptions, LearnReport, LearningExample } from './types';

export const LEARNED_SHARD = 'group1-shard1of1.bin';

export interface FittedHeads {
  grades: { base: BaseHead; head: DenseHead }[];
  outcome?: { featureNode: string; head: DenseHead };
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

export function learnedModelJson(base: LoadedModelPackage, fitted: FittedHeads): ModelJson {
  if (!fitted.outcome) return base.modelJson;
  const kernelSpec = fitted.grades[0]?.base.nodes.layers[0]!.kernel ?? base.weightSpecs.find((w) => w.dtype === 'float32')!.name;
  const storedAs = base.weightSpecs.find((w) => w.name === kernelSpec)!;
  const inputs = fitted.outcome.head.layers[0]!.inputs;
  return addOutcomeHead(base.modelJson, fitted.outcome.featureNode, inputs, { dtype: storedAs.dtype, ...(storedAs.quantization ? { quantization: storedAs.quantization } : {}) });
}

export async function writeLearnedPackage(
  base: LoadedModelPackage,
  examples: readonly LearningExample[],
  fitted: FittedHeads,
  report: LearnReport,
  options: LearnOptions,
): Promise<LearnedPackage> {
  const model = learnedModelJson(base, fitted);
  const values = new Map<string, Float32Array>();
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
  const specs = model.weightsManifest.flatMap((g) => g.weights);
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
      trainedNodes: [...values.keys()],
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
