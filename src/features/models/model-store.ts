// Models the user brought (their folder's files), kept across reloads in IndexedDB,
// and which model / backend / thresholds are selected. A separate database from the
// batches: models are large and independent of any batch.
import Dexie, { type EntityTable } from 'dexie';
import type { BackendPreference, ModelCard, ModelAdaptation, ConfidenceThresholds } from '../inference';

export const MODEL_DATABASE_NAME = 'blastograde-models';

/** 'default' (the app's bundled model) or 'user:<card id>'. */
export type ModelKey = 'default' | `user:${string}`;

export interface StoredModelSummary {
  id: string;
  version: string;
  architecture: string;
  intendedUse: string;
  savedAt: string;
  bytes: number;
  /** The card's adaptation record, for a model adapted to a lab's images (shown in the model list). */
  adaptation?: ModelAdaptation;
}

interface StoredModelRecord extends StoredModelSummary {
  card: ModelCard;
  files: Record<string, ArrayBuffer>;
}

interface PreferenceRecord {
  key: string;
  value: unknown;
}

type ModelDb = Dexie & {
  models: EntityTable<StoredModelRecord, 'id'>;
  preferences: EntityTable<PreferenceRecord, 'key'>;
};

export interface ModelPreferences {
  selected: ModelKey;
  backend: BackendPreference;
  thresholds: ConfidenceThresholds | null;
}

/**
 * A stored package as a lab backup carries it: the card, the files by name and when it was
 * saved here (the summary fields are derived from the card when it is added back).
 */
export interface ModelPackage {
  id: string;
  savedAt: string;
  card: ModelCard;
  files: Record<string, ArrayBuffer>;
}

export interface ModelStore {
  save(card: ModelCard, files: Record<string, ArrayBuffer>): Promise<StoredModelSummary>;
  list(): Promise<StoredModelSummary[]>;
  files(id: string): Promise<Record<string, ArrayBuffer> | null>;
  remove(id: string): Promise<void>;
  count(): Promise<number>;
  /** Every stored package, one at a time (each holds a whole model's bytes). */
  packages(): AsyncIterable<ModelPackage>;
  /** Adds packages whose id is not stored, in one transaction; an id already here fails it (never overwritten). */
  addPackages(packages: ModelPackage[]): Promise<void>;
  preferences(): Promise<ModelPreferences>;
  setPreference<K extends keyof ModelPreferences>(key: K, value: ModelPreferences[K]): Promise<void>;
  close(): void;
}

const DEFAULTS: ModelPreferences = { selected: 'default', backend: 'auto', thresholds: null };

export function openModelStore(name = MODEL_DATABASE_NAME, options?: ConstructorParameters<typeof Dexie>[1]): ModelStore {
  const db = new Dexie(name, options) as ModelDb;
  db.version(1).stores({ models: 'id, savedAt', preferences: 'key' });
  const record = (card: ModelCard, files: Record<string, ArrayBuffer>, savedAt: string): StoredModelRecord => ({
    id: card.id, version: card.version, architecture: card.architecture, intendedUse: card.intendedUse,
    savedAt, bytes: Object.values(files).reduce((n, b) => n + b.byteLength, 0), card, files,
  });
  const summary = ({ id, version, architecture, intendedUse, savedAt, bytes, card }: StoredModelRecord): StoredModelSummary => ({
    id, version, architecture, intendedUse, savedAt, bytes, ...(card.adaptation && { adaptation: card.adaptation }),
  });
  return {
    async save(card, files) {
      const stored = record(card, files, new Date().toISOString());
      await db.models.put(stored);
      return summary(stored);
    },
    async list() {
      // Read the summaries only: each record holds the whole model's bytes.
      const records: StoredModelSummary[] = [];
      await db.models.orderBy('savedAt').each((r) => records.push(summary(r)));
      return records;
    },
    async files(id) {
      return (await db.models.get(id))?.files ?? null;
    },
    async remove(id) {
      await db.models.delete(id);
    },
    count: () => db.models.count(),
    async *packages() {
      for (const id of await db.models.orderBy('id').primaryKeys()) {
        const stored = await db.models.get(id);
        if (stored) yield { id: stored.id, savedAt: stored.savedAt, card: stored.card, files: stored.files };
      }
    },
    async addPackages(packages) {
      await db.transaction('rw', db.models, () => db.models.bulkAdd(packages.map((p) => ({ ...record(p.card, p.files, p.savedAt), id: p.id }))));
    },
    async preferences() {
      const rows = await db.preferences.toArray();
      const stored = Object.fromEntries(rows.map((r) => [r.key, r.value])) as Partial<ModelPreferences>;
      return { ...DEFAULTS, ...stored };
    },
    async setPreference(key, value) {
      await db.preferences.put({ key, value });
    },
    close() {
      db.close();
    },
  };
}
