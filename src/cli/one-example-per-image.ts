// The CLI's examples keyed the way the app keys them: by the sha256 of the image's bytes (the
// app's IndexedDB key). Twins, their labels and the order are then settled by the learning
// feature's oneExamplePerContent, the function the app's import uses, so both learn on the
// same examples in the same order and say the same about twins.
import { contentHash } from '../features/ingest';
import { oneExamplePerContent, type ExampleLabels, type ImageTwin } from '../features/learning';

export interface ImageFile {
  /** The image's file name as the sheet matched it. */
  image: string;
  labels: ExampleLabels;
  bytes: Uint8Array;
}

/** `items` in sheet order; returns one example per image content, in content-hash order, and the twins. */
export async function oneExamplePerImage<Item extends ImageFile>(items: readonly Item[]): Promise<{ examples: (Item & { key: string })[]; twins: ImageTwin[] }> {
  const keyed: (Item & { key: string })[] = [];
  for (const item of items) keyed.push({ ...item, key: await contentHash(item.bytes) });
  return oneExamplePerContent(keyed);
}
