// The CLI's examples taken the way the app keeps them: one per image content (the app's
// IndexedDB key is the file's sha256), the first sheet row naming that content wins, and
// training sees them in content-hash order (the order IndexedDB lists them in). So the learned
// package depends on the images and their labels, not on the sheet's row order or on a picture
// saved twice under two names.
import { contentHash } from '../features/ingest';

export interface ImageRow<Row> {
  /** The image's file name as the sheet matched it. */
  image: string;
  row: Row;
  bytes: Uint8Array;
}

export interface KeyedExample<Row> extends ImageRow<Row> {
  /** sha256 of the image's bytes, hex: the app's example key. */
  key: string;
}

export interface DuplicateImage {
  image: string;
  sameAs: string;
  /** The dropped row's labels differ from the kept row's (they were not used). */
  labelsDiffer: boolean;
  message: string;
}

type Labels = { expansion?: string; icm?: string; te?: string; outcome?: 0 | 1 };
const sameLabels = (a: Labels, b: Labels) => a.expansion === b.expansion && a.icm === b.icm && a.te === b.te && a.outcome === b.outcome;

/** `items` in sheet order; returns the kept examples sorted by content hash and the dropped twins. */
export async function oneExamplePerImage<Row extends Labels>(items: readonly ImageRow<Row>[]): Promise<{ examples: KeyedExample<Row>[]; duplicates: DuplicateImage[] }> {
  const byKey = new Map<string, KeyedExample<Row>>();
  const duplicates: DuplicateImage[] = [];
  for (const item of items) {
    const key = await contentHash(item.bytes);
    const kept = byKey.get(key);
    if (!kept) {
      byKey.set(key, { ...item, key });
      continue;
    }
    const labelsDiffer = !sameLabels(kept.row, item.row);
    const message = `${item.image}: same image as ${kept.image}, kept once${labelsDiffer ? ` with the labels of ${kept.image}; its own labels differ and were not used` : ''}`;
    duplicates.push({ image: item.image, sameAs: kept.image, labelsDiffer, message });
  }
  // Plain code-unit order, as IndexedDB orders string keys.
  const examples = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { examples, duplicates };
}
