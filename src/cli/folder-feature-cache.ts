// `blastograde learn --cache DIR`: the learner's FeatureCache as a folder, so a second run over
// the same archive (labels added, a setting changed) reads each image's pooled trunk features
// back instead of preparing the image and running the trunk again.
//
// One small file per (base model hash, image content key, locator version, crop when the host
// gives one): DIR/<model hash>/<content key>.locator<N>[.crop<x>-<y>-<size>].mean.f32. The
// locator version is the preprocess feature's LOCATOR_VERSION, so features prepared by an
// earlier localiser are never reused. A file is written to a temporary name and renamed, so a
// run cut short leaves whole files only; a file that does not check (truncated, overwritten,
// another model's or image's) is not used: its features are computed again and the file
// replaced. A cache that cannot be written never stops learning: the run goes on without it.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FeatureCache, LearnJobExample } from '../features/learner/headless';
import { LOCATOR_VERSION } from '../features/preprocess';

const MAGIC = 'BGF1';
const HEADER_BYTES = 12;
const DIGEST_BYTES = 32;
/** Files read at once (an archive of thousands must not open them all together). */
const READ_AT_ONCE = 64;
/** Model hashes and content keys are hex; anything else is not a safe file name and is not cached. */
const SAFE_NAME = /^[A-Za-z0-9_-]{1,128}$/;

export interface FolderFeatureCacheStats {
  /** Files found but not usable (corrupt or not this model's, image's or locator's): recomputed. */
  corrupt: number;
  /** Files that could not be written (the first error says why). */
  writeFailures: number;
  firstWriteError?: string;
}

export interface FolderFeatureCache extends FeatureCache {
  readonly dir: string;
  readonly stats: FolderFeatureCacheStats;
}

type Example = Pick<LearnJobExample, 'key' | 'crop'>;

/** The file of one example's features under the cache folder, or null when its key is not cacheable. */
export function featureFilePath(dir: string, modelHash: string, example: Example, locatorVersion: number = LOCATOR_VERSION): string | null {
  if (!SAFE_NAME.test(modelHash) || !SAFE_NAME.test(example.key)) return null;
  const crop = example.crop ? `.crop${example.crop.x}-${example.crop.y}-${example.crop.size}` : '';
  return join(dir, modelHash, `${example.key}.locator${locatorVersion}${crop}.mean.f32`);
}

/** The digest binds the bytes to what they are the features of, so a renamed or copied file does not check. */
function digest(identity: string, body: Uint8Array): Buffer {
  return createHash('sha256').update(identity).update(body).digest();
}

const identityOf = (modelHash: string, example: Example, locatorVersion: number) =>
  `${modelHash}|${example.key}|${example.crop ? `${example.crop.x},${example.crop.y},${example.crop.size}` : 'located'}|locator=${locatorVersion}|views=mean`;

/** MAGIC, u32 locator version, u32 feature count, the float32 features (little-endian), sha256 of identity + all before it. */
export function encodeFeatures(identity: string, locatorVersion: number, features: Float32Array): Uint8Array {
  const body = new Uint8Array(HEADER_BYTES + features.length * 4);
  const view = new DataView(body.buffer);
  body.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(4, locatorVersion, true);
  view.setUint32(8, features.length, true);
  features.forEach((f, i) => view.setFloat32(HEADER_BYTES + i * 4, f, true));
  const out = new Uint8Array(body.length + DIGEST_BYTES);
  out.set(body);
  out.set(digest(identity, body), body.length);
  return out;
}

/** The features, or null when the bytes are not a whole, matching file. */
export function decodeFeatures(identity: string, locatorVersion: number, bytes: Uint8Array): Float32Array | null {
  if (bytes.length < HEADER_BYTES + DIGEST_BYTES) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(8, true);
  if (new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC || view.getUint32(4, true) !== locatorVersion) return null;
  if (count === 0 || bytes.length !== HEADER_BYTES + count * 4 + DIGEST_BYTES) return null;
  const body = bytes.subarray(0, HEADER_BYTES + count * 4);
  if (!digest(identity, body).equals(bytes.subarray(body.length))) return null;
  const features = new Float32Array(count);
  for (let i = 0; i < count; i++) features[i] = view.getFloat32(HEADER_BYTES + i * 4, true);
  return features.every(Number.isFinite) ? features : null;
}

/** A folder cache; `locatorVersion` is LOCATOR_VERSION unless a test says otherwise. */
export function folderFeatureCache(dir: string, options: { locatorVersion?: number } = {}): FolderFeatureCache {
  const locatorVersion = options.locatorVersion ?? LOCATOR_VERSION;
  const stats: FolderFeatureCacheStats = { corrupt: 0, writeFailures: 0 };

  async function readOne(modelHash: string, example: Example): Promise<Float32Array | null> {
    const file = featureFilePath(dir, modelHash, example, locatorVersion);
    if (!file) return null;
    const bytes = await readFile(file).catch(() => null);
    if (!bytes) return null;
    const features = decodeFeatures(identityOf(modelHash, example, locatorVersion), locatorVersion, new Uint8Array(bytes));
    if (!features) stats.corrupt++;
    return features;
  }

  return {
    dir,
    stats,
    async get(modelHash, examples) {
      const found = new Map<string, Float32Array>();
      for (let start = 0; start < examples.length; start += READ_AT_ONCE) {
        const chunk = examples.slice(start, start + READ_AT_ONCE);
        const read = await Promise.all(chunk.map((e) => readOne(modelHash, e)));
        chunk.forEach((e, i) => read[i] && found.set(e.key, read[i]));
      }
      return found;
    },
    async put(modelHash, example, features) {
      const file = featureFilePath(dir, modelHash, example, locatorVersion);
      if (!file) return;
      const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await mkdir(join(dir, modelHash), { recursive: true });
        await writeFile(temporary, encodeFeatures(identityOf(modelHash, example, locatorVersion), locatorVersion, features));
        await rename(temporary, file);
      } catch (error) {
        stats.writeFailures++;
        stats.firstWriteError ??= error instanceof Error ? error.message : String(error);
        await rm(temporary, { force: true }).catch(() => undefined);
      }
    },
  };
}
