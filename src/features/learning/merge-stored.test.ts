import { describe, expect, it } from 'vitest';
import type { StoredExample } from './example-store';
import { mergeWithStored } from './merge-stored';

const example = (key: string, labels: StoredExample['labels'], source: string, addedAt: string): StoredExample => ({
  key,
  fileName: `${key}.jpg`,
  original: new Blob([key]),
  crop: { x: 0, y: 0, size: 10 },
  labels,
  origin: 'import',
  source,
  addedAt,
});

describe('mergeWithStored', () => {
  it('keeps the labels an earlier sheet gave that the new one does not, and the place in the list', () => {
    const stored = new Map([['a', example('a', { outcome: 1 }, 'outcomes.csv', '2026-01-01T00:00:00Z')]]);
    const { examples, replaced, alreadyStored } = mergeWithStored([example('a', { expansion: '4', icm: 'B' }, 'grades.xlsx', '2026-02-01T00:00:00Z')], stored);
    expect(examples[0]).toMatchObject({ labels: { outcome: 1, expansion: '4', icm: 'B' }, addedAt: '2026-01-01T00:00:00Z', source: 'outcomes.csv + grades.xlsx' });
    expect(replaced).toEqual([]);
    expect(alreadyStored).toBe(1);
  });

  it('says each value it replaces, with both sheets', () => {
    const stored = new Map([['a', example('a', { outcome: 1, te: 'A' }, 'first.csv', 't0')]]);
    const { examples, replaced } = mergeWithStored([example('a', { outcome: 0, te: 'A' }, 'second.csv', 't1')], stored);
    expect(examples[0]!.labels).toEqual({ outcome: 0, te: 'A' });
    expect(replaced).toEqual(['a.jpg: outcome 1 (from first.csv) replaced by 0 (from second.csv).']);
  });

  it('gives what undoes it: the stored example as it was, and the new images to remove', () => {
    const before = example('a', { outcome: 1 }, 'first.csv', 't0');
    const { undo } = mergeWithStored([example('a', { outcome: 0 }, 'second.csv', 't1'), example('b', { outcome: 1 }, 'second.csv', 't1')], new Map([['a', before]]));
    expect(undo.restore).toEqual([before]);
    expect(undo.restore[0]!.labels).toEqual({ outcome: 1 });
    expect(undo.remove).toEqual(['b']);
  });

  it('leaves new images as they are and names a sheet once when it is imported again', () => {
    const stored = new Map([['a', example('a', { outcome: 1 }, 'same.csv', 't0')]]);
    const fresh = example('b', { expansion: '2' }, 'same.csv', 't1');
    const { examples, alreadyStored } = mergeWithStored([example('a', { outcome: 1 }, 'same.csv', 't1'), fresh], stored);
    expect(examples[0]!.source).toBe('same.csv');
    expect(examples[1]).toBe(fresh);
    expect(alreadyStored).toBe(1);
  });
});
