// What a drop of files does: join the open batch, wait for the batch's identity, or first ask
// whether they belong to the open batch at all (one patient's embryos per ranked batch).
import type { ImageRecord } from '../lib/storage';

/** A batch someone has started deciding on: any decision or grade override. */
export function dropNeedsQuestion(images: ReadonlyArray<Pick<ImageRecord, 'decision' | 'overrides'>>): boolean {
  return images.some((i) => i.decision !== 'undecided' || Object.keys(i.overrides ?? {}).length > 0);
}

export type DropStep =
  /** "Add to this batch, or start a new one?" */
  | 'ask-batch'
  /** The files wait until patient, cycle and initials are filled in. */
  | 'ask-identity'
  /** Grade them into the open batch (or a new one from the typed fields). */
  | 'add';

export interface DropSituation {
  /** A batch is open. */
  batchOpen: boolean;
  /** Its images (none when no batch is open). */
  images: ReadonlyArray<Pick<ImageRecord, 'decision' | 'overrides'>>;
  /** Identity fields still blank, of the open batch or of the fields typed for a new one. */
  missing: readonly string[];
  /** The embryologist already answered "add to this batch" for these files. */
  batchConfirmed?: boolean;
}

export function planDrop({ batchOpen, images, missing, batchConfirmed = false }: DropSituation): DropStep {
  if (batchOpen && !batchConfirmed && dropNeedsQuestion(images)) return 'ask-batch';
  return missing.length ? 'ask-identity' : 'add';
}
