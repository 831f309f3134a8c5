import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { confirmedExamples } from '../features/learning';
import { createRepository, openDatabase, type ImageRecord } from '../lib/storage';
import { confirmedGradeSource } from './confirmed-grades';

function image(batchId: string, index: number, overrides: ImageRecord['overrides']): ImageRecord {
  return {
    id: `img-${index}`, batchId, index, fileName: `e${index}.png`, contentHash: `h${index}`, byteSize: 3,
    status: 'done', error: null, warnings: [], width: 100, height: 100,
    original: new Blob([new Uint8Array([index])]), thumbnail: null, crop: null,
    localisation: { ellipse: null, crop: { x: 1, y: 2, size: 50 }, quality: 1, warnings: [], manual: false },
    prediction: null, overrides, decision: 'undecided', notes: '', updatedAt: '2026-12-01T10:00:00.000Z',
  };
}

describe('confirmedGradeSource', () => {
  it("hands the learning panel the review table's overridden grades, their batch and who confirmed them", async () => {
    const repo = createRepository(openDatabase('confirmed-grades-test'));
    const batch = await repo.createBatch({ patientId: 'P1', cycleId: 'C1', day: 'D5', embryologist: 'AB', clinic: '' });
    await repo.addImages([image(batch.id, 0, { expansion: '4', icm: 'NG' }), image(batch.id, 1, {})]);
    await repo.appendAudit({ batchId: batch.id, imageId: 'img-0', who: 'AB', action: 'override', field: 'grade.expansion', from: '3', to: '4', modelId: null, at: '2026-12-01T10:05:00.000Z' });

    const { images, batches, audits } = await confirmedGradeSource(repo).reviewedGrades();
    expect(images.map((i) => i.id)).toEqual(['img-0']); // an image with no override is no example
    const [example] = confirmedExamples(images, batches, audits);
    expect(example).toMatchObject({ key: 'h0', labels: { expansion: '4' }, origin: 'review', source: 'batch P1 / C1', confirmedBy: 'AB', crop: { x: 1, y: 2, size: 50 } });
  });

  it('tells the panel at once and again when an audited edit (or a restore) may have changed the grades', async () => {
    const repo = createRepository(openDatabase('confirmed-grades-watch-test'));
    const batch = await repo.createBatch({ patientId: 'P1', cycleId: 'C1', day: 'D5', embryologist: 'AB', clinic: '' });
    let calls = 0;
    const stop = confirmedGradeSource(repo).watch(() => calls++);
    await vi.waitFor(() => expect(calls).toBe(1));
    await repo.appendAudit({ batchId: batch.id, imageId: 'img-0', who: 'AB', action: 'override', field: 'grade.icm', from: 'B', to: 'A', modelId: null });
    await vi.waitFor(() => expect(calls).toBe(2));
    stop();
    await repo.appendAudit({ batchId: batch.id, imageId: 'img-0', who: 'AB', action: 'override', field: 'grade.te', from: 'B', to: 'A', modelId: null });
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toBe(2);
  });
});
