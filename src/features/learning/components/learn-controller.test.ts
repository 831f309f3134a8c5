import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { openExampleStore, type StoredExample } from '../example-store';
import { useLearnStore, watchExamples, type LearnHost } from './learn-controller';

const example = (key: string): StoredExample => ({
  key, fileName: `${key}.jpg`, original: new Blob([new TextEncoder().encode(key)], { type: 'image/jpeg' }),
  crop: { x: 0, y: 0, size: 10 }, labels: { outcome: 1 }, origin: 'import', source: 'labels.csv', addedAt: `2026-12-06T00:00:0${key.length}.000Z`,
});

describe('the learning panel keeps its examples current (watchExamples)', () => {
  it('shows examples another writer added (a lab restore opens its own store) without a reload, and reads the grades again when told', async () => {
    let gradesChanged = () => {};
    let reads = 0;
    const host = {
      trainer: null as never,
      confirmedGrades: {
        reviewedGrades: async () => { reads++; return { images: [], batches: [], audits: [] }; },
        watch: (onChange: () => void) => { gradesChanged = onChange; onChange(); return () => { gradesChanged = () => {}; }; },
      },
    } satisfies LearnHost;
    const stop = watchExamples(host);
    await vi.waitFor(() => expect(reads).toBe(1));
    // As LabBackup restores: another Dexie instance of the same database.
    const other = openExampleStore();
    await other.addAll([example('a'), example('bb')]);
    await vi.waitFor(() => expect(useLearnStore.getState().examples.map((e) => e.key)).toEqual(['a', 'bb']));
    gradesChanged();
    await vi.waitFor(() => expect(reads).toBe(2));
    stop();
    await other.addAll([example('ccc')]);
    await new Promise((r) => setTimeout(r, 50));
    expect(useLearnStore.getState().examples).toHaveLength(2);
    other.close();
  });
});
