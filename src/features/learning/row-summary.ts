// The import report's first line: what became of every row of the sheet. Each row is counted
// once, under one fate (matched, naming no usable image, invalid, or with no label), so the
// figures add up to the sheet's rows and "6 of 8 rows matched" never hides a row left out.
import { plural } from './plural';

export interface RowCounts {
  /** Every non-blank row under the header. */
  rows: number;
  matched: number;
  /** Of the matched: named with another extension than the image's. */
  matchedByStem: number;
  /** Valid rows that reached no image, or an image another row reached too. */
  unmatched: number;
  /** Rows left out for a problem of their own (a value outside its scale, an empty file cell, a file named twice). */
  invalid: number;
  /** Rows with no label at all (noted, not refused). */
  unlabelled: number;
  imagesWithoutRow: number;
}

const was = (n: number): string => (n === 1 ? 'was' : 'were');

export function rowSummary(c: RowCounts): string {
  const accounted = c.matched + c.unmatched + c.invalid + c.unlabelled;
  if (accounted !== c.rows) throw new Error(`rowSummary: ${accounted} rows accounted for, the sheet has ${c.rows}`);
  const parts = [
    `${c.matched} of ${plural(c.rows, 'row')} matched an image`,
    ...(c.matchedByStem > 0 ? [`${c.matchedByStem} of them by name with a different extension`] : []),
    ...(c.unmatched > 0 ? [`${plural(c.unmatched, 'row')} did not`] : []),
    ...(c.invalid > 0 ? [`${plural(c.invalid, 'row')} ${was(c.invalid)} invalid`] : []),
    ...(c.unlabelled > 0 ? [`${plural(c.unlabelled, 'row')} had no label`] : []),
    `${plural(c.imagesWithoutRow, 'image')} had no row`,
  ];
  return `${parts.join('; ')}.`;
}
