import { describe, expect, it } from 'vitest';
import { stratifiedSubsets } from './stratified-subsets';

describe('stratifiedSubsets', () => {
  const labels = [...Array<string>(40).fill('A'), ...Array<string>(20).fill('B'), ...Array<string>(8).fill('C')];
  it('keeps each class in proportion, nested, seeded', () => {
    const [quarter, half, all] = stratifiedSubsets(labels, [0.25, 0.5, 1], 'seed');
    const count = (subset: number[], c: string) => subset.filter((i) => labels[i] === c).length;
    expect([count(quarter!, 'A'), count(quarter!, 'B'), count(quarter!, 'C')]).toEqual([10, 5, 2]);
    expect([count(half!, 'A'), count(half!, 'B'), count(half!, 'C')]).toEqual([20, 10, 4]);
    expect(all).toEqual(labels.map((_l, i) => i));
    expect(quarter!.every((i) => half!.includes(i))).toBe(true);
    expect(stratifiedSubsets(labels, [0.25, 0.5, 1], 'seed')).toEqual([quarter, half, all]);
    expect(stratifiedSubsets(labels, [0.25], 'other')[0]).not.toEqual(quarter);
  });
  it('keeps at least one of each class and refuses a fraction outside (0, 1]', () => {
    expect(stratifiedSubsets(['A', 'A', 'A', 'A', 'B'], [0.1], 's')[0]!.length).toBe(2);
    expect(() => stratifiedSubsets(labels, [0], 's')).toThrow(/fraction/);
    expect(() => stratifiedSubsets(labels, [1.5], 's')).toThrow(/fraction/);
  });
});
