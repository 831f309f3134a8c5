import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openExampleStore } from '../learning/headless';
import type { LearnJobExample } from './example-features';
import { storedFeatureCache } from './stored-feature-cache';

const example = (key: string, crop?: LearnJobExample['crop']): LearnJobExample => ({
  key, name: `${key}.png`, labels: { expansion: '3' }, crop, read: async () => ({ ok: false, error: 'not read here' }),
});

describe('the app’s IndexedDB feature cache', () => {
  it('gives back, after a reload, the features of each example at its imported crop, by example key, for that model and feature set only', async () => {
    const name = 'stored-feature-cache-test';
    const a = example('a', { x: 1, y: 2, size: 30 });
    const b = example('b', { x: 0, y: 0, size: 40 });
    const first = openExampleStore(name);
    const cache = storedFeatureCache(first);
    await cache.put('m1', a, new Float32Array([1, 2, 3]), 'blocks345-mean');
    await cache.put('m1', b, new Float32Array([4, 5]), 'gap');
    first.close();

    const reopened = storedFeatureCache(openExampleStore(name));
    const got = await reopened.get('m1', [a, b, example('c', { x: 0, y: 0, size: 10 })], 'blocks345-mean');
    expect([...got.keys()]).toEqual(['a']);
    expect([...got.get('a')!]).toEqual([1, 2, 3]);
    expect([...(await reopened.get('m1', [b], 'gap')).get('b')!]).toEqual([4, 5]);
    // Another model, or the same image located elsewhere (another crop): not found.
    expect((await reopened.get('m2', [a], 'blocks345-mean')).size).toBe(0);
    expect((await reopened.get('m1', [example('a', { x: 1, y: 2, size: 31 })], 'blocks345-mean')).size).toBe(0);
  });

  it('neither keeps nor finds an example without a crop (its features are computed each run)', async () => {
    const store = openExampleStore('stored-feature-cache-no-crop');
    const cache = storedFeatureCache(store);
    await cache.put('m1', example('x'), new Float32Array([9]), 'gap');
    expect(await store.features([])).toEqual(new Map());
    expect((await cache.get('m1', [example('x'), example('x', { x: 0, y: 0, size: 5 })], 'gap')).size).toBe(0);
  });
});
