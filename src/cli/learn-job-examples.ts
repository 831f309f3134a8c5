// The examples `blastograde learn` hands the learning job: one per image content (hashed as a
// stream, only path and key kept), each reading its file only when the job takes it, so at most
// the image being prepared is in memory however large the archive. A file that could not be
// read goes to the job as what it is (its read fails), so the job leaves it out with the images
// it cannot prepare and counts the classes without it.
import type { LearnJobExample } from '../features/learner/headless';
import type { ReadImageResult } from '../features/pipeline';
import { oneExamplePerImage, type ExamplesPerImage, type ImageFile } from './one-example-per-image';
import { hashImageFile, readImageFile, type HashImageResult } from './read-image-file';

export interface LearnJobExamples {
  examples: LearnJobExample[];
  twins: ExamplesPerImage<ImageFile>['twins'];
  unreadable: ExamplesPerImage<ImageFile>['unreadable'];
}

export interface FileAccess {
  hash?: (path: string) => Promise<HashImageResult>;
  read?: (path: string) => Promise<ReadImageResult>;
}

/** `files` in sheet order; the readable ones in content-hash order, then the unreadable ones. */
export async function learnJobExamples(files: readonly ImageFile[], source: string, access: FileAccess = {}): Promise<LearnJobExamples> {
  const read = access.read ?? readImageFile;
  const { examples: keyed, twins, unreadable } = await oneExamplePerImage(files, access.hash ?? hashImageFile);
  const examples: LearnJobExample[] = [
    ...keyed.map((m) => ({ key: m.key, name: m.image, labels: m.labels, source, read: () => read(m.path) })),
    ...unreadable.map((f) => ({ key: `unreadable:${f.image}`, name: f.image, labels: f.labels, source, read: async () => ({ ok: false as const, error: f.error }) })),
  ];
  return { examples, twins, unreadable };
}
