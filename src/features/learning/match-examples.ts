// Pairs a label sheet's rows with the images of a picked folder. A row matches the image
// of the same name (folders and case ignored); failing that, the one image with the same
// name before its extension, reported so a lab sees e.g. ".tif" in the sheet against ".jpg".
import { fileKey } from './parse-label-sheet';
import type { LabelRow } from './types';

export interface MatchedExample {
  row: LabelRow;
  /** The image's name as given (with its folder, if the list had one). */
  image: string;
  /** The sheet named the image with another extension. */
  extensionDiffers: boolean;
}

export type UnmatchedReason = 'no-image' | 'ambiguous' | 'image-shared';

export interface UnmatchedRow {
  row: LabelRow;
  reason: UnmatchedReason;
  /** The images it could have meant (empty for no-image). */
  candidates: string[];
  message: string;
}

export interface MatchReport {
  matched: MatchedExample[];
  unmatchedRows: UnmatchedRow[];
  /** Images no row names, in the order given. */
  imagesWithoutRow: string[];
}

const stem = (key: string): string => key.replace(/\.[^.]*$/, '');

export function matchExamples(rows: readonly LabelRow[], imageNames: readonly string[]): MatchReport {
  const byName = new Map<string, string[]>();
  const byStem = new Map<string, string[]>();
  for (const image of imageNames) {
    const key = fileKey(image);
    byName.set(key, [...(byName.get(key) ?? []), image]);
    byStem.set(stem(key), [...(byStem.get(stem(key)) ?? []), image]);
  }

  const tentative: Array<MatchedExample | UnmatchedRow> = rows.map((row) => {
    const key = fileKey(row.file);
    const exact = byName.get(key) ?? [];
    const sameStem = exact.length > 0 ? exact : (byStem.get(stem(key)) ?? []);
    if (sameStem.length === 1) return { row, image: sameStem[0]!, extensionDiffers: exact.length === 0 };
    if (sameStem.length === 0) {
      return { row, reason: 'no-image', candidates: [], message: `Row ${row.row}: no image named "${row.file}" in the folder.` };
    }
    return {
      row,
      reason: 'ambiguous',
      candidates: sameStem,
      message: `Row ${row.row}: "${row.file}" could be any of ${sameStem.map((c) => `"${c}"`).join(', ')}; rename so one image matches.`,
    };
  });

  // Two rows reaching one image (say "a.jpg" and "a.tif" against a lone a.jpg) cannot both be right.
  const claims = new Map<string, LabelRow[]>();
  for (const result of tentative) if ('image' in result) claims.set(result.image, [...(claims.get(result.image) ?? []), result.row]);
  const results = tentative.map((result): MatchedExample | UnmatchedRow => {
    if (!('image' in result)) return result;
    const claimants = claims.get(result.image)!;
    if (claimants.length === 1) return result;
    const others = claimants.filter((r) => r !== result.row).map((r) => r.row);
    return {
      row: result.row,
      reason: 'image-shared',
      candidates: [result.image],
      message: `Row ${result.row.row}: "${result.row.file}" and row ${others.join(', ')} both point to image "${result.image}"; neither is used.`,
    };
  });

  const matched = results.filter((r): r is MatchedExample => 'image' in r);
  const unmatchedRows = results.filter((r): r is UnmatchedRow => !('image' in r));
  const claimed = new Set([...claims.keys()]);
  const imagesWithoutRow = imageNames.filter((image) => !claimed.has(image));
  return { matched, unmatchedRows, imagesWithoutRow };
}
