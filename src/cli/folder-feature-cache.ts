// `blastograde learn --cache DIR`: the learner's FeatureCache as a folder, so a second run over
// the same archive (labels added, a setting changed) reads each image's pooled trunk features
// back instead of preparing the image and running the trunk again.
//
// One small file per (base model hash, image content key, locator version, crop when the host
// gives one, feature set): DIR/<model hash>/<content key>.locator<N>[.crop<x>-<y>-<size>].mean.<set>.f32.
// The locator version is the preprocess feature's LOCATOR_VERSION, so features prepared by an
// earlier localiser are never reused; the set is the learner's layout tag (e.g. blocks345-mean,
// 320 values), so files written before sets were named (`.mean.f32`, gap's 128) are never read.
// A file is written to a temporary name and renamed, so a run cut short leaves whole files only; a file that does not check (truncated, overwritten,
// another model's or image's) is not used: its features are computed again and the file
// replaced. A cache that cannot be written never stops learning: the run goes on without it.
//
// An image that could be read but not prepared (not decoded, embryo not located) is remembered
// the same way, keyed alike, with its reason: DIR/<model hash>/<content key>.locator<N>[.crop…].failed.
// A warm run lists it with the same reason without decoding it again; another locator version
// (or model, or crop) tries it again.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FeatureCache, LearnJobExample } from '../features/learner/headless';
import { LOCATOR_VERSION } from '../features/preprocess';

const MAGIC = 'BGF1';
const FAILURE_MAGIC = 'BGX1';
/** A reason longer than this is cut (a sentence for the output, never a dump). */
const MAX_REASON_BYTES = 4096;
const HEADER_BYTES = 12;
const DIGEST_BYTES = 32;
/** Files read at once (an archive of thousands must not open them all together). */
const READ_AT_ONCE = 64;
/** Model hashes and content keys are hex; anything else is not a safe file name and is not cached. */
const SAFE_NAME = /^[A-Za-z0-9_-]{1,128}$/;

export interface FolderFeatureCacheStats {
  /** Files found but not usable (corrupt or not this model's, image's or locator's): recomputed. */
  corrupt: number;
  /** Images whose failure the cache held: listed with their reason, not decoded again. */
  failuresRead: number;
  /** Files that could not be written (the first error says why). */
  writeFailures: number;
  firstWriteError?: string;
}

export interface FolderFeatureCache extends FeatureCache {
  readonly dir: string;
  getFailures: NonNullable<FeatureCache['getFailures']>;
  putFailure: NonNullable<FeatureCache['putFailure']>;
  readonly stats: FolderFeatureCacheStats;
}

type Example = Pick<LearnJobExample, 'key' | 'crop'>;

/** The file of one example's features (of one feature set) under the cache folder, or null when its key is not cacheable. */
export function featureFilePath(dir: string, modelHash: string, example: Example, featureSet: string, locatorVersion: number = LOCATOR_VERSION): string | null {
  if (!SAFE_NAME.test(featureSet)) return null;
  return cacheFilePath(dir, modelHash, example, locatorVersion, `.mean.${featureSet}.f32`);
}

/** The file that remembers why an example could not be prepared, or null when its key is not cacheable. */
export function failureFilePath(dir: string, modelHash: string, example: Example, locatorVersion: number = LOCATOR_VERSION): string | null {
  return cacheFilePath(dir, modelHash, example, locatorVersion, '.failed');
}

function cacheFilePath(dir: string, modelHash: string, example: Example, locatorVersion: number, suffix: string): string | null {
  if (!SAFE_NAME.test(modelHash) || !SAFE_NAME.test(example.key)) return null;
  const crop = example.crop ? `.crop${example.crop.x}-${example.crop.y}-${example.crop.size}` : '';
  return join(dir, modelHash, `${example.key}.locator${locatorVersion}${crop}${suffix}`);
}

/** The digest binds the bytes to what they are the features of, so a renamed or copied file does not check. */
function digest(identity: string, body: Uint8Array): Buffer {
  return createHash('sha256').update(identity).update(body).digest();
}

const identityOf = (modelHash: string, example: Example, locatorVersion: number, featureSet?: string) =>
  `${modelHash}|${example.key}|${example.crop ? `${example.crop.x},${example.crop.y},${example.crop.size}` : 'located'}|locator=${locatorVersion}|views=mean${featureSet ? `|set=${featureSet}` : ''}`;

/** A cache file: magic, u32 locator version, u32 count, the payload, sha256 of identity + all before it. */
function sealRecord(magic: string, identity: string, locatorVersion: number, count: number, payload: Uint8Array): Uint8Array {
  const body = new Uint8Array(HEADER_BYTES + payload.length);
  const view = new DataView(body.buffer);
  body.set(new TextEncoder().encode(magic), 0);
  view.setUint32(4, locatorVersion, true);
  view.setUint32(8, count, true);
  body.set(payload, HEADER_BYTES);
  const out = new Uint8Array(body.length + DIGEST_BYTES);
  out.set(body);
  out.set(digest(identity, body), body.length);
  return out;
}

/** The payload of a whole file of this kind, identity and locator version, or null (`payloadBytes` from the count). */
function openRecord(magic: string, identity: string, locatorVersion: number, bytes: Uint8Array, payloadBytes: (count: number) => number): Uint8Array | null {
  if (bytes.length < HEADER_BYTES + DIGEST_BYTES) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(8, true);
  if (new TextDecoder().decode(bytes.subarray(0, 4)) !== magic || view.getUint32(4, true) !== locatorVersion) return null;
  if (count === 0 || bytes.length !== HEADER_BYTES + payloadBytes(count) + DIGEST_BYTES) return null;
  const body = bytes.subarray(0, HEADER_BYTES + payloadBytes(count));
  if (!digest(identity, body).equals(bytes.subarray(body.length))) return null;
  return body.subarray(HEADER_BYTES);
}

/** The features as float32 (little-endian). */
export function encodeFeatures(identity: string, locatorVersion: number, features: Float32Array): Uint8Array {
  const payload = new Uint8Array(features.length * 4);
  const view = new DataView(payload.buffer);
  features.forEach((f, i) => view.setFloat32(i * 4, f, true));
  return sealRecord(MAGIC, identity, locatorVersion, features.length, payload);
}

/** The features, or null when the bytes are not a whole, matching file. */
export function decodeFeatures(identity: string, locatorVersion: number, bytes: Uint8Array): Float32Array | null {
  const payload = openRecord(MAGIC, identity, locatorVersion, bytes, (count) => count * 4);
  if (!payload) return null;
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const features = new Float32Array(payload.length / 4);
  for (let i = 0; i < features.length; i++) features[i] = view.getFloat32(i * 4, true);
  return features.every(Number.isFinite) ? features : null;
}

/** The reason as UTF-8 (cut to MAX_REASON_BYTES on a character boundary). */
export function encodeFailure(identity: string, locatorVersion: number, reason: string): Uint8Array {
  let text = new TextEncoder().encode(reason);
  if (text.length > MAX_REASON_BYTES) text = new TextEncoder().encode(new TextDecoder().decode(text.subarray(0, MAX_REASON_BYTES)).replace(/\uFFFD$/, ''));
  return sealRecord(FAILURE_MAGIC, identity, locatorVersion, text.length, text);
}

/** The reason, or null when the bytes are not a whole, matching failure file. */
export function decodeFailure(identity: string, locatorVersion: number, bytes: Uint8Array): string | null {
  const payload = openRecord(FAILURE_MAGIC, identity, locatorVersion, bytes, (length) => length);
  return payload ? new TextDecoder().decode(payload) : null;
}

/** A folder cache; `locatorVersion` is LOCATOR_VERSION unless a test says otherwise. */
export function folderFeatureCache(dir: string, options: { locatorVersion?: number } = {}): FolderFeatureCache {
  const locatorVersion = options.locatorVersion ?? LOCATOR_VERSION;
  const stats: FolderFeatureCacheStats = { corrupt: 0, failuresRead: 0, writeFailures: 0 };

  async function readOne(modelHash: string, example: Example, featureSet: string): Promise<Float32Array | null> {
    const file = featureFilePath(dir, modelHash, example, featureSet, locatorVersion);
    if (!file) return null;
    const bytes = await readFile(file).catch(() => null);
    if (!bytes) return null;
    const features = decodeFeatures(identityOf(modelHash, example, locatorVersion, featureSet), locatorVersion, new Uint8Array(bytes));
    if (!features) stats.corrupt++;
    return features;
  }

  async function readFailure(modelHash: string, example: Example): Promise<string | null> {
    const file = failureFilePath(dir, modelHash, example, locatorVersion);
    if (!file) return null;
    const bytes = await readFile(file).catch(() => null);
    if (!bytes) return null;
    const reason = decodeFailure(identityOf(modelHash, example, locatorVersion), locatorVersion, new Uint8Array(bytes));
    if (reason === null) stats.corrupt++;
    else stats.failuresRead++;
    return reason;
  }

  /** Written to a temporary name and renamed: a run cut short leaves whole files only. */
  async function writeWhole(modelHash: string, file: string, bytes: Uint8Array) {
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(join(dir, modelHash), { recursive: true });
      await writeFile(temporary, bytes);
      await rename(temporary, file);
    } catch (error) {
      stats.writeFailures++;
      stats.firstWriteError ??= error instanceof Error ? error.message : String(error);
      await rm(temporary, { force: true }).catch(() => undefined);
    }
  }

  /** Each example's answer from `readAnswer`, READ_AT_ONCE files at a time, keyed by example key. */
  async function readAll<T>(modelHash: string, examples: readonly Example[], readAnswer: (modelHash: string, example: Example) => Promise<T | null>) {
    const found = new Map<string, T>();
    for (let start = 0; start < examples.length; start += READ_AT_ONCE) {
      const chunk = examples.slice(start, start + READ_AT_ONCE);
      const read = await Promise.all(chunk.map((e) => readAnswer(modelHash, e)));
      chunk.forEach((e, i) => read[i] !== null && found.set(e.key, read[i]!));
    }
    return found;
  }

  return {
    dir,
    stats,
    get: (modelHash, examples, featureSet) => readAll(modelHash, examples, (hash, example) => readOne(hash, example, featureSet)),
    async put(modelHash, example, features, featureSet) {
      const file = featureFilePath(dir, modelHash, example, featureSet, locatorVersion);
      if (file) await writeWhole(modelHash, file, encodeFeatures(identityOf(modelHash, example, locatorVersion, featureSet), locatorVersion, features));
    },
    getFailures: (modelHash, examples) => readAll(modelHash, examples, readFailure),
    async putFailure(modelHash, example, reason) {
      const file = failureFilePath(dir, modelHash, example, locatorVersion);
      if (file && reason) await writeWhole(modelHash, file, encodeFailure(identityOf(modelHash, example, locatorVersion), locatorVersion, reason));
    },
  };
}
