import { describe, expect, it } from 'vitest';
import type { AuditRecord, BatchRecord, ImageRecord } from '../../lib/storage';
import { combineExamples, confirmedExamples } from './confirmed-examples';
import type { StoredExample } from './example-store';

const batch: BatchRecord = { id: 'b1', patientId: 'P7', cycleId: 'C2', day: 'D5', embryologist: 'AB', clinic: '', createdAt: '2026-03-04T10:00:00Z', updatedAt: '' };

function image(id: string, hash: string, overrides: ImageRecord['overrides'], located = true): ImageRecord {
  return {
    id, batchId: 'b1', index: 0, fileName: `${id}.jpg`, contentHash: hash, byteSize: 1, status: 'done', error: null, warnings: [],
    width: 100, height: 100, original: new Blob([hash]), thumbnail: null, crop: null,
    localisation: located ? { ellipse: null, crop: { x: 1, y: 2, size: 90 }, quality: 1, warnings: [], manual: false } : null,
    prediction: null, overrides, decision: 'undecided', notes: '', updatedAt: '2026-03-04T11:00:00Z',
  };
}
const audit = (imageId: string, field: string, at: string, who: string): AuditRecord => ({ batchId: 'b1', imageId, at, who, action: 'override', field, from: 'AI 3', to: '4', modelId: null });

describe('confirmedExamples', () => {
  it('takes the grades entered in the review table as labels, with who and when from the audit trail', () => {
    const examples = confirmedExamples(
      [image('i1', 'h1', { expansion: '4', icm: 'NG' }), image('i2', 'h2', {}), image('i3', 'h3', { te: 'B' }, false)],
      [batch],
      [audit('i1', 'grade.expansion', '2026-03-04T10:30:00Z', 'AB'), audit('i1', 'grade.expansion', '2026-03-04T10:40:00Z', 'CD'), audit('i1', 'notes', '2026-03-05T00:00:00Z', 'EF')],
    );
    expect(examples).toHaveLength(1);
    expect(examples[0]).toMatchObject({
      key: 'h1', labels: { expansion: '4' }, origin: 'review', source: 'batch P7 / C2', date: '2026-03-04',
      crop: { x: 1, y: 2, size: 90 }, confirmedBy: 'CD', confirmedAt: '2026-03-04T10:40:00Z',
    });
  });

  it('lets a confirmed grade take precedence over an imported label of the same image, keeping the rest', () => {
    const imported = { key: 'h1', labels: { expansion: '3', outcome: 1 }, origin: 'import', source: 'sheet.csv' } as StoredExample;
    const [confirmed] = confirmedExamples([image('i1', 'h1', { expansion: '4' })], [batch], []);
    const combined = combineExamples([imported], [confirmed!]);
    expect(combined).toHaveLength(1);
    expect(combined[0]).toMatchObject({ labels: { expansion: '4', outcome: 1 }, source: 'sheet.csv' });
  });
});
