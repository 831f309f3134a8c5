import { describe, expect, it } from 'vitest';
import { toHeadPrediction } from './confidence';

const icm = { name: 'icm' as const, output: 'icm', classes: ['C', 'B', 'A'] };
const thresholds = { minTop1: 0.5, minMargin: 0.15 };

describe('toHeadPrediction', () => {
  it('takes the argmax in the card class order', () => {
    const p = toHeadPrediction(icm, [0.1, 0.2, 0.7], thresholds);
    expect(p).toEqual({ name: 'icm', classes: ['C', 'B', 'A'], probabilities: [0.1, 0.2, 0.7], argmax: 'A', lowConfidence: false });
    expect(toHeadPrediction(icm, [0.8, 0.15, 0.05], thresholds).argmax).toBe('C');
  });

  it('flags a low top-1 probability', () => {
    expect(toHeadPrediction(icm, [0.3, 0.25, 0.45], { minTop1: 0.5, minMargin: 0 }).lowConfidence).toBe(true);
    expect(toHeadPrediction(icm, [0.3, 0.15, 0.55], { minTop1: 0.5, minMargin: 0 }).lowConfidence).toBe(false);
  });

  it('flags a small margin between the top two', () => {
    expect(toHeadPrediction(icm, [0.05, 0.44, 0.51], { minTop1: 0, minMargin: 0.1 }).lowConfidence).toBe(true);
    expect(toHeadPrediction(icm, [0.05, 0.35, 0.6], { minTop1: 0, minMargin: 0.1 }).lowConfidence).toBe(false);
  });

  it('thresholds come from the caller', () => {
    const probs = [0.1, 0.3, 0.6];
    expect(toHeadPrediction(icm, probs, { minTop1: 0.5, minMargin: 0.2 }).lowConfidence).toBe(false);
    expect(toHeadPrediction(icm, probs, { minTop1: 0.7, minMargin: 0.2 }).lowConfidence).toBe(true);
    expect(toHeadPrediction(icm, probs, { minTop1: 0.5, minMargin: 0.4 }).lowConfidence).toBe(true);
  });

  it('works for any class count and refuses a mismatch', () => {
    const exp = { name: 'expansion' as const, output: 'expansion', classes: ['1', '2', '3', '4', '5', '6'] };
    expect(toHeadPrediction(exp, [0, 0, 0, 0.1, 0.8, 0.1], thresholds).argmax).toBe('5');
    expect(() => toHeadPrediction(icm, [0.5, 0.5], thresholds)).toThrow(/2 probabilities for 3 classes/);
  });
});
