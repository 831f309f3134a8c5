import { gradeString, rankEmbryos, rankingEmbryo, type RankedEmbryo, type RankingOptions } from '../features/ranking';
import type { EmbryoRow } from '../features/review';
import type { ImageRecord } from '../lib/storage';
import type { HeadName, HeadPrediction } from '../lib/types';

const gradeOf = (heads: HeadPrediction[] | null, pick: (h: HeadPrediction) => string | undefined) => {
  if (!heads) return '';
  const g = (name: HeadName) => { const h = heads.find((x) => x.name === name); return h ? pick(h) : undefined; };
  return gradeString(g('expansion'), g('icm'), g('te'));
};

export function rankImages(images: ImageRecord[], options: RankingOptions, day: RankingOptions['day']): Map<string, RankedEmbryo> {
  const done = images.filter((i) => i.status === 'done');
  const ranked = rankEmbryos(
    done.map((i) => rankingEmbryo(i.id, i.prediction, i.overrides)),
    { ...options, day },
  );
  return new Map(ranked.map((r) => [r.id, r]));
}

/** The crop's geometry: a crop placed by hand (or re-located) is a different picture. */
const cropKey = (image: ImageRecord) => {
  const c = image.localisation?.crop;
  return c ? `${c.x},${c.y},${c.size}` : '';
};

/** Storage records + ranking → what the review table shows. */
export function buildRows(images: ImageRecord[], ranking: Map<string, RankedEmbryo>, url: (blob: Blob | null, key: string) => string | null): EmbryoRow[] {
  return images.map((image) => {
    const heads = image.prediction?.heads ?? null;
    const ranked = ranking.get(image.id);
    return {
      id: image.id,
      number: image.index + 1,
      fileName: image.fileName,
      status: image.status,
      error: image.error,
      warnings: image.warnings,
      thumbnailUrl: url(image.thumbnail, `${image.id}:thumbnail`),
      cropUrl: url(image.crop, `${image.id}:crop:${cropKey(image)}`),
      imageSize: image.width && image.height ? { width: image.width, height: image.height } : null,
      ellipse: image.localisation?.ellipse ?? null,
      crop: image.localisation?.crop ?? null,
      manualCrop: image.localisation?.manual ?? false,
      heads,
      ...(image.prediction?.outcome ? { outcome: image.prediction.outcome } : {}),
      aiGrade: gradeOf(heads, (h) => h.argmax),
      finalGrade: gradeOf(heads, (h) => image.overrides[h.name] ?? h.argmax),
      overrides: image.overrides,
      rank: ranked?.rank ?? null,
      tie: ranked?.tie ?? false,
      flags: ranked?.flags.map((f) => f.message) ?? [],
      scoreLabel: ranked?.scoreLabel ?? '',
      decision: image.decision,
      notes: image.notes,
    };
  });
}
