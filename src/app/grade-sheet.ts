import type { GradeSheet, GradeSheetRow } from '../features/export';
import { rankingPolicy, type RankingOptions } from '../features/ranking';
import type { EmbryoRow } from '../features/review';
import type { BatchRecord, ImageRecord } from '../lib/storage';

async function pngBytes(blob: Blob | null): Promise<Uint8Array | undefined> {
  return blob && blob.size ? new Uint8Array(await blob.arrayBuffer()) : undefined;
}

/** Exactly what the review table shows, in rank order, for every exporter. */
export async function buildGradeSheet(
  batch: BatchRecord,
  images: ImageRecord[],
  rows: EmbryoRow[],
  ranking: RankingOptions,
): Promise<GradeSheet> {
  const byId = new Map(images.map((i) => [i.id, i]));
  const ordered = [...rows].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.number - b.number);
  const sheetRows: GradeSheetRow[] = await Promise.all(
    ordered.map(async (row) => {
      const image = byId.get(row.id)!;
      return {
        rank: row.rank,
        tie: row.tie,
        file: row.fileName,
        embryo: row.number,
        aiGrade: row.aiGrade,
        finalGrade: row.finalGrade,
        overridden: Object.keys(row.overrides).length > 0,
        heads: (row.heads ?? []).map((h) => ({
          name: h.name, classes: h.classes, probabilities: h.probabilities, aiGrade: h.argmax,
          finalGrade: row.overrides[h.name] ?? null, lowConfidence: h.lowConfidence,
          ...(h.viewAgreement ? { viewAgreement: h.viewAgreement } : {}),
        })),
        ...(row.outcome ? { outcome: row.outcome } : {}),
        score: row.scoreLabel || undefined,
        flags: row.error ? [row.error, ...row.flags] : row.flags,
        decision: row.decision,
        notes: row.notes,
        thumbnailPng: await pngBytes(image.crop),
        timestamp: image.updatedAt,
      };
    }),
  );
  const prediction = images.find((i) => i.prediction)?.prediction;
  return {
    meta: {
      clinic: batch.clinic || undefined, patientId: batch.patientId, cycleId: batch.cycleId, day: batch.day,
      embryologist: batch.embryologist, date: new Date().toISOString().slice(0, 10),
    },
    model: prediction
      ? { id: prediction.modelId, version: prediction.modelVersion, hash: prediction.modelHash, intendedUse: prediction.intendedUse, ...(prediction.realSignalWarning ? { realSignalWarning: prediction.realSignalWarning } : {}) }
      : { id: 'none', version: '', hash: '', intendedUse: 'No model graded these images.' },
    ranking: { policy: rankingPolicy(ranking.policy).name, finalGradesUsed: ranking.useFinalGrades !== false },
    rows: sheetRows,
  };
}
