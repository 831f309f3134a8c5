// The app's grade sheet: its batch, stored images and review rows → the sheet every exporter
// (CSV, XLSX, PDF, batch JSON) writes.
import { rankingPolicy, resolveWeights, weightsSummary, type LeftOutHead, type RankingOptions } from '../ranking';
import type { ReviewedEmbryo } from '../review';
import type { BatchRecord, ImageRecord } from '../../lib/storage';
import { gradeSheetRow } from './sheet-row';
import type { GradeSheet, GradeSheetRow } from './types';

async function pngBytes(blob: Blob | null): Promise<Uint8Array | undefined> {
  return blob && blob.size ? new Uint8Array(await blob.arrayBuffer()) : undefined;
}

/** Exactly what the review table shows, in rank order (unranked last, by embryo number). */
export async function buildGradeSheet(
  batch: BatchRecord,
  images: ImageRecord[],
  rows: ReviewedEmbryo[],
  ranking: RankingOptions,
  /** The heads the model card's default weights left out (effectiveRanking), for the sheet's ranking line. */
  leftOut: readonly LeftOutHead[] = [],
): Promise<GradeSheet> {
  const byId = new Map(images.map((i) => [i.id, i]));
  const ordered = [...rows].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.number - b.number);
  const sheetRows: GradeSheetRow[] = await Promise.all(
    ordered.map(async (row) => {
      const image = byId.get(row.id)!;
      return gradeSheetRow(row, { thumbnailPng: await pngBytes(image.crop), timestamp: image.updatedAt });
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
    ranking: {
      policy: rankingPolicy(ranking.policy).name, finalGradesUsed: ranking.useFinalGrades !== false,
      ...(ranking.policy === 'expected-score' ? { weights: weightsSummary(resolveWeights(ranking.weights), leftOut) } : {}),
    },
    rows: sheetRows,
  };
}
