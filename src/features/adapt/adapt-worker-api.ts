// The typed boundary between the page and the adapt worker.
import type { ModelCard, WorkerModelSource } from '../inference';
import type { AdaptJobProgress, SourceFrom } from './adapt-job';

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
  /** Where the phantoms' statistics came from: shipped in the package, kept from an earlier adaptation of the same base, or rendered now. */
  sourceFrom: SourceFrom;
  /** Why statistics the package ships were not used, when it ships some. */
  sourceNote?: string;
  backend: string;
  timings: { prepareMs: number; phantomMs: number; adaptMs: number };
}

export interface AdaptWorkerApi {
  run(request: AdaptRequest, onProgress?: (progress: AdaptJobProgress) => void): Promise<AdaptResponse>;
}
