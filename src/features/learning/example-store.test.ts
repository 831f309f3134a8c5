import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { featureKey, openExampleStore, type StoredExample } from './example-store';

let n = 0;
const example = (key: string, addedAt: string, labels: StoredExample['labels']): StoredExample => ({
  key, fileName: `${key}.jpg`, original: new Blob([key]), crop: { x: 0, y: 0, size: 10 }, labels, origin: 'import', source: 'sheet.csv', addedAt,
});

describe('example store', () => {
  it('keeps examples across connections (a reload), one per image, and features per model, crop and locator version', async () => {
    const name = `learning-test-${++n}`;
    const store = openExampleStore(name);
    await store.putAll([example('b', '2026-01-02', { outcome: 0 }), example('a', '2026-01-01', { outcome: 1 })]);
    await store.putAll([example('b', '2026-01-03', { outcome: 1, icm: 'A' })]);
    const id = featureKey('m1', 'a', { x: 0, y: 0, size: 10 }, 1, 'blocks345-mean');
    await store.putFeatures('m1', [[id, new Float32Array([1, 2, 3])]]);
    store.close();

    const reopened = openExampleStore(name);
    const list = await reopened.list();
    expect(list.map((e) => [e.key, e.labels])).toEqual([['a', { outcome: 1 }], ['b', { outcome: 1, icm: 'A' }]]);
    expect(await new Response(list[0]!.original).text()).toBe('a');
    // Another model, the same model and crop under another locator version, another feature set, or
    // the key written before feature sets were named (gap's 128 values): not found.
    const unnamed = 'm1|a|0,0,10|locator=1|views=mean';
    await reopened.putFeatures('m1', [[unnamed, new Float32Array(128)]]);
    const others = [featureKey('m2', 'a', { x: 0, y: 0, size: 10 }, 1, 'blocks345-mean'), featureKey('m1', 'a', { x: 0, y: 0, size: 10 }, 2, 'blocks345-mean'), featureKey('m1', 'a', { x: 0, y: 0, size: 10 }, 1, 'gap')];
    expect(others.concat(id).every((k) => k !== unnamed)).toBe(true);
    const cached = await reopened.features([id, ...others]);
    expect([...cached.keys()]).toEqual([id]);
    expect([...cached.get(id)!]).toEqual([1, 2, 3]);
    await reopened.clear();
    expect(await reopened.count()).toBe(0);
  });

  it('imports a second sheet over the first in one transaction: labels it does not give survive a reload, changed ones are said', async () => {
    const name = `learning-test-${++n}`;
    const store = openExampleStore(name);
    await store.importAll([example('a', '2026-01-01', { outcome: 1 }), example('b', '2026-01-01', { outcome: 0 })]);
    const second = await store.importAll([{ ...example('a', '2026-02-01', { expansion: '4', outcome: 0 }), source: 'grades.csv' }]);
    expect(second.alreadyStored).toBe(1);
    expect(second.replaced).toEqual(['a.jpg: outcome 1 (from sheet.csv) replaced by 0 (from grades.csv).']);
    store.close();
    const list = await openExampleStore(name).list();
    expect(list.map((e) => [e.key, e.labels, e.source, e.addedAt])).toEqual([
      ['a', { outcome: 0, expansion: '4' }, 'sheet.csv + grades.csv', '2026-01-01'],
      ['b', { outcome: 0 }, 'sheet.csv', '2026-01-01'],
    ]);
  });

  it('undoes an import in one transaction: replaced labels put back as they were, examples it added removed, across a reload', async () => {
    const name = `learning-test-${++n}`;
    const store = openExampleStore(name);
    await store.importAll([example('a', '2026-01-01', { outcome: 1 }), example('b', '2026-01-01', { outcome: 0, icm: 'B' })]);
    const snapshot = async (s: ReturnType<typeof openExampleStore>) =>
      Promise.all((await s.list()).map(async (e) => ({ ...e, original: await new Response(e.original).text() })));
    const before = await snapshot(store);
    const second = await store.importAll([
      { ...example('a', '2026-02-01', { outcome: 0, expansion: '4' }), source: 'grades.csv' },
      { ...example('c', '2026-02-01', { expansion: '3' }), source: 'grades.csv' },
    ]);
    expect(await store.count()).toBe(3);
    store.close();

    const reopened = openExampleStore(name);
    await reopened.undoImport(second.undo);
    expect(await snapshot(reopened)).toEqual(before);
    // The first import undone too leaves nothing.
    const first = await reopened.importAll([example('d', '2026-03-01', { outcome: 1 })]);
    await reopened.undoImport(first.undo);
    expect((await reopened.list()).map((e) => e.key)).toEqual(['a', 'b']);
  });
});
