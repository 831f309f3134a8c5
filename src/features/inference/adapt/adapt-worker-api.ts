// The typed boundary between the page and the adapt worker.
import type { ModelCard } from '../model-card';
import type { WorkerModelSource } from '../worker-api';
import type { AdaptJobProgress } from './adapt-job';

export interface AdaptRequest {
  /** The base model's package (the selected model). */
  model: WorkerModelSource;
  /** The lab's images: Blobs cross to the worker without copying and are read one at a time. */
  images: { name: string; blob: Blob }[];
  layers?: number | 'all';
  phantoms?: number;
  /** The new package's id (default `<base>-adapted-<yyyymmdd>`). */
  id?: string;
}

export interface AdaptResponse {
  /** The new package's files by name. */
  files: Record<string, ArrayBuffer>;
  card: ModelCard;
  modelHash: string;
  images: { given: number; used: number; failed: { name: string; error: string }[] };
  sourceImages: number;
  /** The phantoms' statistics came from an earlier adaptation of the same base (none rendered). */
  sourceCached: boolean;
  backend: string;
  timings: { prepareMs: number; phantomMs: number; adaptMs: number };
}

export interface AdaptWorkerApi {
  run(request: AdaptRequest, onProgress?: (progress: AdaptJobProgress) => void): Promise<AdaptResponse>;
}
