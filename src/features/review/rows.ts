// Stored images + ranking → the review's rows: the one place a graded image becomes what the
// table shows and what every grade sheet is made from (the app's and `blastograde grade`'s).
import { embryoGrades, rankEmbryos, rankingEmbryo, type RankedEmbryo, type RankingOptions } from '../ranking';
import type { ImageRecord } from '../../lib/storage';
import type { Decision, HeadName, HeadPrediction, OutcomePrediction } from '../../lib/types';
import type { EmbryoRow, ReviewedEmbryo } from './types';

/** What the review needs of a graded image; a stored ImageRecord is one, and the CLI makes one per file. */
export interface ReviewedImage {
  id: string;
  /** Order of arrival, from 0. */
  index: number;
  fileName: string;
  error: string | null;
  prediction: { heads: HeadPrediction[]; outcome?: OutcomePrediction } | null;
  overrides: Partial<Record<HeadName, string>>;
  decision: Decision;
  notes: string;
  /** Absent on an image stored before dish and well were recorded, and in the CLI. */
  dish?: string;
  well?: string;
}

/** Ranks the finished images of a batch (the others stay unranked), by id. */
export function rankImages(images: ImageRecord[], options: RankingOptions, day: RankingOptions['day']): Map<string, RankedEmbryo> {
  const done = images.filter((i) => i.status === 'done');
  const ranked = rankEmbryos(
    done.map((i) => rankingEmbryo(i.id, i.prediction, i.overrides)),
    { ...options, day },
  );
  return new Map(ranked.map((r) => [r.id, r]));
}

/** One image and its place in the ranking (none: not ranked) → the reviewed facts. */
export function reviewedEmbryo(image: ReviewedImage, ranked: RankedEmbryo | undefined): ReviewedEmbryo {
  const heads = image.prediction?.heads ?? null;
  // The grading rule (ICM/TE not graded below expansion 3) decided once, for the table and every sheet.
  const grades = embryoGrades(heads, image.overrides);
  return {
    id: image.id,
    number: image.index + 1,
    fileName: image.fileName,
    error: image.error,
    heads,
    ...(image.prediction?.outcome ? { outcome: image.prediction.outcome } : {}),
    aiGrade: grades.aiGrade,
    finalGrade: grades.finalGrade,
    grades: grades.heads,
    overrides: image.overrides,
    rank: ranked?.rank ?? null,
    tie: ranked?.tie ?? false,
    flags: ranked?.flags.map((f) => f.message) ?? [],
    demotion: ranked?.demotion ?? null,
    scoreLabel: ranked?.scoreLabel ?? '',
    decision: image.decision,
    notes: image.notes,
    dish: image.dish ?? '',
    well: image.well ?? '',
  };
}

/** The crop's geometry: a crop placed by hand (or re-located) is a different picture. */
const cropKey = (image: ImageRecord) => {
  const c = image.localisation?.crop;
  return c ? `${c.x},${c.y},${c.size}` : '';
};

/** Storage records + ranking → what the review table shows; `url` gives each picture's object URL. */
export function buildRows(images: ImageRecord[], ranking: Map<string, RankedEmbryo>, url: (blob: Blob | null, key: string) => string | null): EmbryoRow[] {
  return images.map((image) => ({
    ...reviewedEmbryo(image, ranking.get(image.id)),
    status: image.status,
    warnings: image.warnings,
    thumbnailUrl: url(image.thumbnail, `${image.id}:thumbnail`),
    cropUrl: url(image.crop, `${image.id}:crop:${cropKey(image)}`),
    imageSize: image.width && image.height ? { width: image.width, height: image.height } : null,
    ellipse: image.localisation?.ellipse ?? null,
    crop: image.localisation?.crop ?? null,
    manualCrop: image.localisation?.manual ?? false,
  }));
}
