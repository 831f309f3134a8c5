import { describe, expect, it } from 'vitest';
import { summariseLabels } from './example-summary';

describe('summariseLabels', () => {
  it('counts each label by class in scale order and says how many more a short class needs', () => {
    const examples = [
      ...Array.from({ length: 6 }, () => ({ labels: { outcome: 1 as const, icm: 'B' } })),
      ...Array.from({ length: 3 }, () => ({ labels: { outcome: 0 as const, icm: 'A' } })),
    ];
    const [icm, outcome] = summariseLabels(examples);
    expect(icm).toMatchObject({ label: 'icm', counts: [['A', 3], ['B', 6]], total: 9 });
    expect(icm!.refusal).toMatch(/"A" has 3 \(2 more needed\)/);
    expect(outcome).toMatchObject({ label: 'outcome', counts: [['0', 3], ['1', 6]] });
  });

  it('warns about heavy imbalance when training can go ahead', () => {
    const examples = [...Array.from({ length: 60 }, () => ({ labels: { te: 'A' } })), ...Array.from({ length: 5 }, () => ({ labels: { te: 'C' } }))];
    const [te] = summariseLabels(examples);
    expect(te!.refusal).toBeNull();
    expect(te!.warnings[0]).toMatch(/heavily imbalanced/);
  });
});
