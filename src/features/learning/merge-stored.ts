// A second sheet about images already imported must not erase what the first one said: a
// sheet of grades imported after a sheet of outcomes keeps the outcomes. For each image
// already stored, the new sheet's labels are laid over the stored ones; a label the new sheet
// gives differently replaces the stored value and is reported, one sentence each, so nothing a
// person entered changes without being said. What it changed can be undone exactly (import-undo.ts).
import { undoOf, type ImportUndo } from './import-undo';
import { LABEL_COLUMNS, type ExampleLabels } from './types';

/** What merging reads of a stored example (StoredExample has these and more). */
export interface MergeableExample {
  key: string;
  fileName: string;
  labels: ExampleLabels;
  source: string;
  addedAt: string;
}

export interface MergedImport<T extends MergeableExample = MergeableExample> {
  examples: T[];
  /** One sentence per label replaced, in the import's order. */
  replaced: string[];
  /** How many of the imported images were already stored (their other labels kept). */
  alreadyStored: number;
  /** What puts the store back as it was before this import. */
  undo: ImportUndo<T>;
}

const joinSources = (before: string, now: string): string => (before.split(' + ').includes(now) ? before : `${before} + ${now}`);

export function mergeWithStored<T extends MergeableExample>(incoming: readonly T[], stored: ReadonlyMap<string, T>): MergedImport<T> {
  const replaced: string[] = [];
  let alreadyStored = 0;
  const examples = incoming.map((example): T => {
    const before = stored.get(example.key);
    if (!before) return example;
    alreadyStored++;
    const labels: ExampleLabels = { ...before.labels };
    for (const column of LABEL_COLUMNS) {
      const value = example.labels[column];
      if (value === undefined) continue;
      const old = before.labels[column];
      if (old !== undefined && old !== value) {
        replaced.push(`${example.fileName}: ${column} ${old} (from ${before.source}) replaced by ${value} (from ${example.source}).`);
      }
      (labels as Record<string, unknown>)[column] = value;
    }
    // Kept where it was in the list (addedAt), named after every sheet that labelled it.
    return { ...example, labels, addedAt: before.addedAt, source: joinSources(before.source, example.source) };
  });
  return { examples, replaced, alreadyStored, undo: undoOf(incoming, stored) };
}
