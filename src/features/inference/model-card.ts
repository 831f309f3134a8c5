// grading.json: the model card (docs/model-package.md). Validated against model-card.schema.json
// (precompiled by scripts/build/generate-card-validator.ts) plus the rules a schema cannot say. The types
// are generated from the same schema (model-card.generated.ts).
import { ModelPackageError } from './errors';
import type { ModelCard, ModelCardHead } from './model-card.generated';
import { validate, type CardSchemaError } from './validate-card.generated.js';

export type { ModelCard, ModelCardHead, ModelCardOutcome, Normalization, ResizeMode } from './model-card.generated';

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
  const problem = gradingRuleProblem(card.heads);
  if (problem) throw new ModelPackageError('card-invalid', `grading.json is invalid: ${problem}`);
  return card;
}

/** A head's `gradedFromExpansion` must name one of the expansion head's classes, and not sit on expansion itself. */
function gradingRuleProblem(heads: readonly ModelCardHead[]): string | null {
  const expansion = heads.find((h) => h.name === 'expansion');
  for (const head of heads) {
    const from = head.gradedFromExpansion;
    if (from === undefined) continue;
    if (head.name === 'expansion') return 'the expansion head cannot carry gradedFromExpansion';
    if (expansion && !expansion.classes.includes(from)) {
      return `head "${head.name}": gradedFromExpansion "${from}" is not an expansion class (${expansion.classes.join(', ')})`;
    }
  }
  return null;
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
