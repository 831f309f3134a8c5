import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { toHeadPrediction } from './confidence';
import { ModelPackageError } from './errors';
import { GENERATED_PATH, GENERATED_TYPE_PATH, generateCardType, generateCardValidator } from '../../../scripts/build/generate-card-validator';
import { isNotForClinicalUse, parseModelCard, parseModelCardText, type ModelCard } from './model-card';

const hash = 'a'.repeat(64);
function card(): ModelCard {
  return {
    id: 'vgg16-demo',
    version: '1.0.0',
    architecture: 'vgg16',
    input: { size: [320, 320], channels: 3, normalization: 'samplewise', resize: 'bilinear' },
    heads: [
      { name: 'expansion', output: 'expansion', logits: 'expansion/logits', classes: ['1', '2', '3', '4', '5', '6'] },
      { name: 'icm', output: 'icm', classes: ['C', 'B', 'A'] },
    ],
    featureNode: 'features',
    weights: { 'group1-shard1of1.bin': hash },
    training: { data: 'phantoms', date: '2026-11-26', codeVersion: 'x' },
    metrics: {},
    intendedUse: 'Research demonstration only: trained on synthetic images. Not for clinical use.',
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests damage arbitrary JSON
type LooseJson = Record<string, any>;

function invalid(edit: (c: LooseJson) => void): string {
  const c = card() as unknown as LooseJson;
  edit(c);
  try {
    parseModelCard(c);
  } catch (error) {
    expect(error).toBeInstanceOf(ModelPackageError);
    expect((error as ModelPackageError).code).toBe('card-invalid');
    return (error as Error).message;
  }
  throw new Error('accepted an invalid card');
}

describe('parseModelCard', () => {
  it('accepts a complete card, with any class list (heads are data)', () => {
    expect(parseModelCard(card()).heads[0]!.classes).toHaveLength(6);
  });

  it('names what is wrong', () => {
    expect(invalid((c) => delete c.intendedUse)).toMatch(/must have required property 'intendedUse'/);
    expect(invalid((c) => (c.input.size = [320]))).toMatch(/\/input\/size must NOT have fewer than 2 items/);
    expect(invalid((c) => (c.input.channels = 1))).toMatch(/\/input\/channels must be equal to constant/);
    expect(invalid((c) => (c.heads[0].name = 'morphology'))).toMatch(/\/heads\/0\/name must be equal to one of the allowed values/);
    expect(invalid((c) => (c.heads[1].classes = ['A', 'A']))).toMatch(/\/heads\/1\/classes must NOT have duplicate items/);
    expect(invalid((c) => (c.weights = { 'a.bin': 'xyz' }))).toMatch(/\/weights\/a\.bin must match pattern/);
    expect(invalid((c) => (c.weights = {}))).toMatch(/\/weights must NOT have fewer than 1 properties/);
    expect(invalid((c) => (c.intendedUse = '  '))).toMatch(/\/intendedUse must match pattern/);
    expect(invalid((c) => (c.heads = [c.heads[1], c.heads[1]]))).toMatch(/head "icm" is listed twice/);
    expect(invalid((c) => (c.id = '../evil'))).toMatch(/\/id must match pattern/);
  });

  it('accepts a per-head grading rule on an expansion class, and names a wrong one', () => {
    const ruled = card();
    ruled.heads[1]!.gradedFromExpansion = '4';
    expect(parseModelCard(ruled).heads[1]!.gradedFromExpansion).toBe('4');
    expect(invalid((c) => (c.heads[1].gradedFromExpansion = '7'))).toMatch(/head "icm": gradedFromExpansion "7" is not an expansion class/);
    expect(invalid((c) => (c.heads[0].gradedFromExpansion = '3'))).toMatch(/expansion head cannot carry gradedFromExpansion/);
    expect(invalid((c) => (c.heads[1].gradedFromExpansion = 3))).toMatch(/\/heads\/1\/gradedFromExpansion must be string/);
  });

  it("carries a head's grading rule onto its predictions, and none where the card states none", () => {
    const c = card();
    c.heads[1]!.gradedFromExpansion = '4';
    expect(toHeadPrediction(c.heads[1]!, [0.1, 0.2, 0.7]).gradedFromExpansion).toBe('4');
    expect(toHeadPrediction(c.heads[0]!, [0, 0, 1, 0, 0, 0])).not.toHaveProperty('gradedFromExpansion');
  });

  it('accepts the shipped default card, which states its grading rule', async () => {
    const text = await readFile(new URL('../../../public/models/default/grading.json', import.meta.url), 'utf8');
    const heads = parseModelCardText(text).heads;
    expect(Object.fromEntries(heads.map((h) => [h.name, h.gradedFromExpansion ?? null]))).toEqual({ expansion: null, icm: '3', te: '3' });
  });

  it('recognises a not-for-clinical-use card', () => {
    expect(isNotForClinicalUse(card())).toBe(true);
    expect(isNotForClinicalUse({ ...card(), intendedUse: 'Decision support for embryologists.' })).toBe(false);
  });

  it('the precompiled validator is up to date with model-card.schema.json', async () => {
    expect(await readFile(GENERATED_PATH, 'utf8')).toBe(await generateCardValidator());
  });

  it('the generated ModelCard type is up to date with model-card.schema.json', async () => {
    expect(await readFile(GENERATED_TYPE_PATH, 'utf8')).toBe(await generateCardType());
  });
});
