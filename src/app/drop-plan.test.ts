import { describe, expect, it } from 'vitest';
import { dropNeedsQuestion, planDrop } from './drop-plan';

const untouched = { decision: 'undecided' as const, overrides: {} };
const decided = { decision: 'freeze' as const, overrides: {} };
const overridden = { decision: 'undecided' as const, overrides: { te: 'C' } };

describe('dropNeedsQuestion', () => {
  it('asks once any embryo has a decision or a grade override, not before', () => {
    expect(dropNeedsQuestion([])).toBe(false);
    expect(dropNeedsQuestion([untouched, untouched])).toBe(false);
    expect(dropNeedsQuestion([untouched, decided])).toBe(true);
    expect(dropNeedsQuestion([overridden])).toBe(true);
  });
});

describe('planDrop', () => {
  it('asks about the batch first, then about the identity, then adds', () => {
    expect(planDrop({ batchOpen: true, images: [decided], missing: [] })).toBe('ask-batch');
    expect(planDrop({ batchOpen: true, images: [decided], missing: ['patientId'] })).toBe('ask-batch');
    expect(planDrop({ batchOpen: true, images: [decided], missing: [], batchConfirmed: true })).toBe('add');
    expect(planDrop({ batchOpen: true, images: [decided], missing: ['cycleId'], batchConfirmed: true })).toBe('ask-identity');
    expect(planDrop({ batchOpen: true, images: [untouched], missing: [] })).toBe('add');
    expect(planDrop({ batchOpen: false, images: [], missing: ['patientId', 'cycleId', 'embryologist'] })).toBe('ask-identity');
    expect(planDrop({ batchOpen: false, images: [], missing: [] })).toBe('add');
  });
});
