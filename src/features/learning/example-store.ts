// The lab's labelled examples and the trunk features computed from them, kept in
// IndexedDB so they survive reloads. A database of its own: examples hold the image's
// bytes and are independent of any batch. Imports are written in one transaction, so
// an import either lands whole or not at all.
import Dexie, { type EntityTable } from 'dexie';
import type { CropBox } from '../../lib/types';
import type { ImportUndo } from './import-undo';
import { mergeWithStored, type MergedImport } from './merge-stored';
import type { ExampleLabels, LabelColumn } from './types';

export type { ExampleLabels } from './types';

export const LEARNING_DATABASE_NAME = 'blastograde-learning';

/** Where an example came from: an imported archive or a grade confirmed in the review table. */
export type ExampleOrigin = 'import' | 'review';

export interface StoredExample {
  /** sha256 of the image file (the app's content hash): one example per image. */
  key: string;
  fileName: string;
  /** The file as picked, so its crop can be recomputed at any base model's input size. */
  original: Blob;
  /** Where the embryo was found, in original pixels (re-cropped without locating again). */
  crop: CropBox;
  labels: ExampleLabels;
  origin: ExampleOrigin;
  /** Sheet or batch name, for the model card. */
  source: string;
  /** ISO date of the image or batch, when known. */
  date?: string;
  addedAt: string;
  /** Who entered or confirmed the grades, and when (review table's audit trail). */
  confirmedBy?: string;
  confirmedAt?: string;
}

interface FeatureRecord {
  /** featureKey(modelHash, example key, crop, locator version, feature set). */
  id: string;
  modelHash: string;
  features: ArrayBuffer;
}

type LearningDb = Dexie & {
  examples: EntityTable<StoredExample, 'key'>;
  features: EntityTable<FeatureRecord, 'id'>;
};

/**
 * Features depend on the weights, the image, where it was cropped, how the crop was made into
 * the model input (`locatorVersion`: the preprocess feature's LOCATOR_VERSION, passed in by the
 * worker so the page never loads the localiser) and how they were taken: `views=mean` marks the
 * mean over the crop's orientations, so features cached before that (the upright view alone)
 * are never mixed with them, and `set=` the feature set (the learner's layout tag, e.g.
 * 'blocks345-mean-views4': the mean over 4 orientations), so entries written before sets were
 * named (gap's 128 values, no `set=`) or over the 8 orientations ('blocks345-mean') are never
 * read as another set's.
 */
export const featureKey = (modelHash: string, exampleKey: string, crop: CropBox, locatorVersion: number, featureSet: string): string =>
  `${modelHash}|${exampleKey}|${crop.x},${crop.y},${crop.size}|locator=${locatorVersion}|views=mean|set=${featureSet}`;

export interface ExampleStore {
  list(): Promise<StoredExample[]>;
  count(): Promise<number>;
  /** Adds (or replaces, same image) all of them in one transaction. */
  putAll(examples: StoredExample[]): Promise<void>;
  /** Adds an import in one transaction, each image's labels laid over what is stored for it (merge-stored.ts). */
  importAll(examples: StoredExample[]): Promise<MergedImport<StoredExample>>;
  /** Puts back what an import changed (its `undo`), in one transaction. */
  undoImport(undo: ImportUndo<StoredExample>): Promise<void>;
  remove(keys: string[]): Promise<void>;
  /** Every example, one at a time by key (each holds its image's bytes), for a lab backup. */
  each(): AsyncIterable<StoredExample>;
  /** Adds examples whose key is not stored, in one transaction; a key already here fails it (never overwritten). */
  addAll(examples: StoredExample[]): Promise<void>;
  clear(): Promise<void>;
  /** Cached features by feature key; missing keys are absent from the map. */
  features(ids: string[]): Promise<Map<string, Float32Array>>;
  putFeatures(modelHash: string, entries: [id: string, features: Float32Array][]): Promise<void>;
  close(): void;
}

export function openExampleStore(name = LEARNING_DATABASE_NAME, options?: ConstructorParameters<typeof Dexie>[1]): ExampleStore {
  const db = new Dexie(name, options) as LearningDb;
  db.version(1).stores({ examples: 'key, origin, source, addedAt', features: 'id, modelHash' });
  return {
    list: () => db.examples.orderBy('addedAt').toArray(),
    count: () => db.examples.count(),
    async putAll(examples) {
      await db.transaction('rw', db.examples, () => db.examples.bulkPut(examples));
    },
    async importAll(examples) {
      return db.transaction('rw', db.examples, async () => {
        const stored = await db.examples.bulkGet(examples.map((e) => e.key));
        const merged = mergeWithStored(examples, new Map(stored.filter((e): e is StoredExample => !!e).map((e) => [e.key, e])));
        await db.examples.bulkPut(merged.examples);
        return merged;
      });
    },
    async undoImport(undo) {
      await db.transaction('rw', db.examples, async () => {
        await db.examples.bulkDelete(undo.remove);
        await db.examples.bulkPut(undo.restore);
      });
    },
    async remove(keys) {
      await db.examples.bulkDelete(keys);
    },
    async *each() {
      const keys = await db.examples.orderBy('key').primaryKeys();
      for (let at = 0; at < keys.length; at += 16) {
        for (const example of await db.examples.bulkGet(keys.slice(at, at + 16))) if (example) yield example;
      }
    },
    async addAll(examples) {
      await db.transaction('rw', db.examples, () => db.examples.bulkAdd(examples));
    },
    async clear() {
      await db.transaction('rw', db.examples, db.features, async () => {
        await db.examples.clear();
        await db.features.clear();
      });
    },
    async features(ids) {
      const records = await db.features.bulkGet(ids);
      const out = new Map<string, Float32Array>();
      records.forEach((r) => r && out.set(r.id, new Float32Array(r.features)));
      return out;
    },
    async putFeatures(modelHash, entries) {
      await db.features.bulkPut(
        entries.map(([id, features]) => ({ id, modelHash, features: features.buffer.slice(features.byteOffset, features.byteOffset + features.byteLength) as ArrayBuffer })),
      );
    },
    close: () => db.close(),
  };
}

/** The labels an example carries, in the sheet's column order. */
export const labelledColumns = (labels: ExampleLabels): LabelColumn[] =>
  (['expansion', 'icm', 'te', 'outcome'] as const).filter((c) => labels[c] !== undefined);
