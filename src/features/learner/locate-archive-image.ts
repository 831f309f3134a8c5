// An archive image as its import locates it (the learning worker's `locate`): its content hash
// (the example's key) and where the embryo is (the crop its features are taken at and cached
// under), found by the grading pipeline on a small crop (only the box is kept).
import { contentHash } from '../ingest';
import type { LocatedArchiveImage } from '../learning/headless';
import { prepareImage } from '../pipeline';

/** Size the crop is made at to locate an archive image (only the crop box is kept). */
const LOCATE_INPUT: [number, number] = [64, 64];

export async function locateArchiveImage(name: string, bytes: ArrayBuffer | Uint8Array): Promise<LocatedArchiveImage> {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const key = await contentHash(data);
  const prepared = await prepareImage(data, { inputSize: LOCATE_INPUT, resize: 'bilinear', decoder: 'native-png' });
  if (!prepared.ok) return { ok: false, name, error: prepared.error };
  return { ok: true, name, key, crop: prepared.localisation.crop, warnings: prepared.warnings };
}
