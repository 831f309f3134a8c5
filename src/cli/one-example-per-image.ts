// The CLI's examples keyed the way the app keys them: by the sha256 of the image's bytes (the
// app's IndexedDB key). Twins, their labels and the order are then settled by the learning
// feature's oneExamplePerContent, the function the app's import uses, so both learn on the
// same examples in the same order and say the same about twins.
//
// Only the file's path and key are kept: each file is hashed as a stream (hashImageFile) and
// its bytes dropped, so an archive of thousands costs its list of names, not its bytes. The
// learning job reads each image again when its turn comes.
import { oneExamplePerContent, type ExampleLabels, type ImageTwin } from '../features/learning';
import { hashImageFile, type HashImageResult } from './read-image-file';
import { runAtOnce } from '../lib/run-at-once';

export interface ImageFile {
  /** The image's file name as the sheet matched it. */
  image: string;
  labels: ExampleLabels;
  /** Where the file is read from. */
  path: string;
}

/** Files hashed at once (reading ahead of the hash, never a whole archive). */
const HASH_AT_ONCE = 4;

export interface ExamplesPerImage<Item extends ImageFile> {
  /** One per image content, in content-hash order. */
  examples: (Item & { key: string })[];
  twins: ImageTwin[];
  /** Files that could not be read, in the items' order, with why. */
  unreadable: (Item & { error: string })[];
}

/** `items` in sheet order; returns one example per image content, in content-hash order, the twins and the files not read. */
export async function oneExamplePerImage<Item extends ImageFile>(
  items: readonly Item[],
  hash: (path: string) => Promise<HashImageResult> = hashImageFile,
): Promise<ExamplesPerImage<Item>> {
  const hashed: HashImageResult[] = new Array(items.length);
  await runAtOnce(items.length, HASH_AT_ONCE, async (i) => {
    hashed[i] = await hash(items[i]!.path);
  });
  const keyed: (Item & { key: string })[] = [];
  const unreadable: (Item & { error: string })[] = [];
  items.forEach((item, i) => {
    const result = hashed[i]!;
    if (result.ok) keyed.push({ ...item, key: result.key });
    else unreadable.push({ ...item, error: result.error });
  });
  return { ...oneExamplePerContent(keyed), unreadable };
}
