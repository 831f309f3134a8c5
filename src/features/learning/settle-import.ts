// What an accepted archive import keeps once its images have been decoded and located: one
// example per image content (twins settled as the CLI's learn settles them), and the report a
// person reads: images that could not be used, twins, rows noted, images without a row. When
// no image is left, nothing is imported.
import { plural } from './plural';
import type { ArchivePlan } from './archive-import';
import { oneExamplePerContent, type ContentExample } from './image-twins';
import type { MatchedExample } from './match-examples';
import { rowLabels } from './types';

/**
 * What decoding and locating a matched row's image gave: its content key and what the host
 * keeps (`extra`), or why it cannot be used. (Not pipeline's PreparedImage: no pixels here.)
 */
export type RowImageOutcome<Extra> = { match: MatchedExample } & ({ ok: true; key: string; extra: Extra } | { ok: false; error: string });

export interface SettledImport<Extra> {
  ok: boolean;
  headline: string;
  /** One sentence each, in the order a person would fix them. */
  problems: string[];
  /** In content-hash order; empty when not ok. */
  examples: (ContentExample & { extra: Extra })[];
}

const baseName = (name: string): string => name.split(/[\\/]/).pop() ?? name;

export function settleImport<Extra>(sheetName: string, plan: Extract<ArchivePlan, { ok: true }>, located: readonly RowImageOutcome<Extra>[]): SettledImport<Extra> {
  const problems: string[] = [];
  const usable: (ContentExample & { extra: Extra })[] = [];
  for (const item of located) {
    const image = baseName(item.match.image);
    if (item.ok) usable.push({ image, key: item.key, labels: rowLabels(item.match.row), extra: item.extra });
    else problems.push(`Row ${item.match.row.row}: "${image}" was not imported: ${item.error}.`);
  }
  const { examples, twins } = oneExamplePerContent(usable);
  problems.push(...twins.map((t) => t.message), ...plan.notes);
  if (plan.imagesWithoutRow.length > 0) {
    problems.push(`${plural(plan.imagesWithoutRow.length, 'picked image')} had no row and ${plan.imagesWithoutRow.length === 1 ? 'was' : 'were'} not imported: ${plan.imagesWithoutRow.map(baseName).join(', ')}.`);
  }
  if (examples.length === 0) return { ok: false, headline: `${sheetName}: ${plan.summary} No image could be used. Nothing was imported.`, problems, examples: [] };
  return { ok: true, headline: `${sheetName}: ${plan.summary} ${plural(examples.length, 'example')} imported.`, problems, examples };
}
