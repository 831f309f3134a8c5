// Every image this browser holds, across batches, once each (the same bytes in two batches
// count once): what "Adapt to this lab's images" adapts to by default. The app owns the
// batches' database, so it hands this to the adaptation dialog.
import type { AdaptImageFile } from '../features/adapt';
import type { Repository } from '../lib/storage';

export async function heldImages(repo: Repository): Promise<{ images: AdaptImageFile[]; batches: number }> {
  const seen = new Set<string>();
  const images: AdaptImageFile[] = [];
  const batches = await repo.listBatches();
  for (const batch of batches) {
    for (const image of await repo.imagesOf(batch.id)) {
      if (seen.has(image.contentHash)) continue;
      seen.add(image.contentHash);
      images.push({ name: image.fileName, blob: image.original });
    }
  }
  return { images, batches: batches.length };
}
