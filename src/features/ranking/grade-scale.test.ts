import { describe, expect, it } from 'vitest';
import { gradeScale } from './grade-scale';

describe('gradeScale', () => {
  it('orders expansion numerically on the 1-6 Gardner scale, whatever classes the model has', () => {
    const seed = gradeScale('expansion', ['2', '3', '4']);
    const full = gradeScale('expansion', ['1', '2', '3', '4', '5', '6']);
    expect(seed.kind).toBe('gardner');
    expect(seed.ordinal('2')).toBeCloseTo(0.2);
    expect(seed.ordinal('4')).toBeCloseTo(0.6);
    expect(full.ordinal('4')).toBe(seed.ordinal('4'));
    expect(full.ordinal('1')).toBe(0);
    expect(full.ordinal('6')).toBe(1);
    expect(seed.ordinal('5')).toBeCloseTo(0.8); // an override outside the model's classes still has a place
    expect(seed.ordinal('A')).toBeNull();
  });

  it('puts A above B above C regardless of the model output order', () => {
    for (const classes of [['C', 'B', 'A'], ['A', 'B', 'C'], ['B', 'A', 'C']]) {
      const scale = gradeScale('te', classes);
      expect([scale.ordinal('A'), scale.ordinal('B'), scale.ordinal('C')]).toEqual([1, 0.5, 0]);
    }
    expect(gradeScale('icm', ['A', 'B']).ordinal('B')).toBe(0.5);
    const withD = gradeScale('icm', ['A', 'B', 'C', 'D']);
    expect(withD.ordinal('D')).toBe(0);
    expect(withD.ordinal('C')).toBeCloseTo(1 / 3);
  });

  it('falls back to the model order (worst to best) for unknown labels', () => {
    const scale = gradeScale('icm', ['poor', 'fair', 'good']);
    expect(scale.kind).toBe('model-order');
    expect([scale.ordinal('poor'), scale.ordinal('fair'), scale.ordinal('good')]).toEqual([0, 0.5, 1]);
    expect(scale.ordinal('excellent')).toBeNull();
    expect(gradeScale('expansion', ['early', 'full', 'expanded']).kind).toBe('model-order');
  });
});
