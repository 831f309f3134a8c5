// Grades an embryologist entered in the review table, offered as labelled examples: each
// grade overridden in the table (not "not gradable") is a label; grades left as the AI gave
// them are not, since learning from the model's own calls teaches it nothing. Who and when
// come from the audit trail, which the app hands over (ConfirmedGradeSource).
import type { AuditRecord, BatchRecord, ImageRecord } from '../../lib/storage';
import { HEAD_NAMES, NOT_GRADABLE } from '../../lib/types';
import type { ExampleLabels, StoredExample } from './example-store';

/** What confirmedExamples reads: images with a grade overridden in the review table, the batches and the audit trail. */
export interface ReviewedGrades {
  images: ImageRecord[];
  batches: BatchRecord[];
  audits: AuditRecord[];
}

/** The app owns the batches' database; it hands the learning feature this instead of learning opening it. */
export interface ConfirmedGradeSource {
  reviewedGrades(): Promise<ReviewedGrades>;
  /**
   * Calls `onChange` at once and whenever the reviewed grades may have changed (an edit in the
   * review table, here or in another tab, or a lab restore); returns the unsubscribe.
   */
  watch(onChange: () => void): () => void;
}

const batchName = (batch: BatchRecord | undefined): string => {
  if (!batch) return 'review table';
  const name = [batch.patientId, batch.cycleId].filter(Boolean).join(' / ');
  return `batch ${name || batch.createdAt.slice(0, 10)}`;
};

export function confirmedExamples(images: readonly ImageRecord[], batches: readonly BatchRecord[], audits: readonly AuditRecord[]): StoredExample[] {
  const batchById = new Map(batches.map((b) => [b.id, b]));
  const lastGradeAudit = new Map<string, AuditRecord>();
  for (const audit of audits) {
    if (!audit.imageId || !audit.field.startsWith('grade.')) continue;
    const seen = lastGradeAudit.get(audit.imageId);
    if (!seen || seen.at <= audit.at) lastGradeAudit.set(audit.imageId, audit);
  }
  const byKey = new Map<string, StoredExample>();
  for (const image of images) {
    if (!image.localisation) continue;
    const labels: ExampleLabels = {};
    for (const head of HEAD_NAMES) {
      const grade = image.overrides[head];
      if (grade && grade !== NOT_GRADABLE) labels[head] = grade;
    }
    if (Object.keys(labels).length === 0) continue;
    const batch = batchById.get(image.batchId);
    const audit = lastGradeAudit.get(image.id);
    const example: StoredExample = {
      key: image.contentHash,
      fileName: image.fileName,
      original: image.original,
      crop: image.localisation.crop,
      labels,
      origin: 'review',
      source: batchName(batch),
      date: batch?.createdAt.slice(0, 10),
      addedAt: image.updatedAt,
      confirmedBy: audit?.who,
      confirmedAt: audit?.at ?? image.updatedAt,
    };
    const earlier = byKey.get(example.key);
    // The same image graded in two batches: the later confirmation stands.
    if (!earlier || (earlier.confirmedAt ?? '') <= (example.confirmedAt ?? '')) byKey.set(example.key, example);
  }
  return [...byKey.values()];
}

/**
 * The examples a training run uses: the imported ones, and (when chosen) the confirmed
 * grades, whose labels take precedence over an import's for the same image.
 */
export function combineExamples(imported: readonly StoredExample[], confirmed: readonly StoredExample[]): StoredExample[] {
  const byKey = new Map(imported.map((e) => [e.key, e]));
  for (const example of confirmed) {
    const earlier = byKey.get(example.key);
    byKey.set(example.key, earlier ? { ...earlier, labels: { ...earlier.labels, ...example.labels }, confirmedBy: example.confirmedBy, confirmedAt: example.confirmedAt } : example);
  }
  return [...byKey.values()];
}
