// grading.json: the model card (DESIGN.md 3.1). Validated against model-card.schema.json
// (precompiled, see generate-card-validator.ts) plus the rules a schema cannot say.
import type { HeadName } from '../../lib/types';
import { ModelPackageError } from './errors';
import { validate, type CardSchemaError } from './validate-card.generated.js';

export type Normalization = 'samplewise' | 'imagenet' | 'none';
export type ResizeMode = 'bilinear' | 'nearest';

export interface ModelCardHead {
  name: HeadName;
  /** Graph output node with the head's probabilities (softmax). */
  output: string;
  /** Graph node with the pre-softmax scores; Grad-CAM differentiates it. */
  logits?: string;
  /** Labels in the model's output order. */
  classes: string[];
}

export interface ModelCard {
  id: string;
  version: string;
  architecture: string;
  input: { size: [number, number]; channels: 3; normalization: Normalization; resize: ResizeMode };
  heads: ModelCardHead[];
  /** Last conv features node (Grad-CAM input); absent: no heatmaps. */
  featureNode?: string;
  /** Shard file name -> sha256 (hex). */
  weights: Record<string, string>;
  weightsDtype?: 'float32' | 'float16';
  training?: { data?: string; date?: string; codeVersion?: string; [key: string]: unknown };
  metrics?: Record<string, unknown>;
  /** Shown prominently: a synthetic-data model must say it is not for clinical use. */
  intendedUse: string;
}

function describe(errors: CardSchemaError[]): string {
  return errors
    .slice(0, 5)
    .map((e) => {
      const where = e.instancePath || '(top level)';
      const extra = e.keyword === 'enum' ? ` (${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)})` : '';
      return `${where} ${e.message ?? e.keyword}${extra}`;
    })
    .join('; ');
}

/** Parses and validates grading.json; throws ModelPackageError('card-invalid'). */
export function parseModelCard(json: unknown): ModelCard {
  if (!validate(json)) {
    throw new ModelPackageError('card-invalid', `grading.json is invalid: ${describe(validate.errors ?? [])}`);
  }
  const card = json as ModelCard;
  const names = card.heads.map((h) => h.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) {
    throw new ModelPackageError('card-invalid', `grading.json is invalid: head "${duplicate}" is listed twice`);
  }
  return card;
}

/** Text of grading.json -> ModelCard, with a message that names the file on bad JSON. */
export function parseModelCardText(text: string): ModelCard {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ModelPackageError('card-invalid', `grading.json is not valid JSON: ${(error as Error).message}`);
  }
  return parseModelCard(json);
}

/** True when the card says the model was trained on synthetic data / is not for clinical use. */
export function isNotForClinicalUse(card: ModelCard): boolean {
  return /synthetic|not for clinical|research (use|demonstration) only/i.test(card.intendedUse);
}
