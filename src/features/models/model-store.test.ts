import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { ModelCard } from '../inference';
import { openModelStore } from './model-store';

const card = (id: string): ModelCard => ({
  id, version: '2.0.0', architecture: 'vgg16', intendedUse: 'Research use only.',
  input: { size: [320, 320], channels: 3, normalization: 'samplewise', resize: 'bilinear' },
  heads: [{ name: 'icm', output: 'icm', classes: ['C', 'B', 'A'] }],
  weights: { 'group1-shard1of1.bin': 'f'.repeat(64) },
});

describe('model store (IndexedDB)', () => {
  it('keeps a user model and the selection across a reopen (a reload)', async () => {
    const indexedDB = new IDBFactory();
    const store = openModelStore('models-test', { indexedDB, IDBKeyRange });
    const shard = new Uint8Array([1, 2, 3, 4]).buffer;
    await store.save(card('mine'), { 'model.json': new TextEncoder().encode('{}').buffer, 'group1-shard1of1.bin': shard });
    await store.setPreference('selected', 'user:mine');
    await store.setPreference('backend', 'wasm');
    store.close();

    const reopened = openModelStore('models-test', { indexedDB, IDBKeyRange });
    expect(await reopened.list()).toEqual([expect.objectContaining({ id: 'mine', version: '2.0.0', bytes: 6 })]);
    const files = await reopened.files('mine');
    expect(new Uint8Array(files!['group1-shard1of1.bin']!)).toEqual(new Uint8Array([1, 2, 3, 4]));
    expect(await reopened.preferences()).toEqual({ selected: 'user:mine', backend: 'wasm', thresholds: null });
    await reopened.remove('mine');
    expect(await reopened.list()).toEqual([]);
    expect(await reopened.files('mine')).toBeNull();
  });
});
