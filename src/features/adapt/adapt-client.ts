// The page's side of adaptation: runs the adapt job in its own worker on the selected
// model, then adds the new package to the model list through the same check as any
// package a user brings (schema, graph, sha256). It is listed, not selected: the user
// chooses when to grade with it, and selecting the base model again switches back.
import * as Comlink from 'comlink';
import { addModelFromFiles, selectedModelSource, useModelStore, type StoredModelSummary } from '../models';
import { adaptedModelId } from './adapted-id';
import type { AdaptJobProgress } from './adapt-job';
import type { AdaptResponse, AdaptWorkerApi } from './adapt-worker-api';

export interface AdaptImageFile {
  name: string;
  blob: Blob;
}

export interface AdaptRunOptions {
  /** Convolutions to adapt (DEFAULT_ADAPT_LAYERS when absent). */
  layers?: number | 'all';
  /** Phantoms for the source statistics (the job's default when absent). */
  phantoms?: number;
  onProgress?: (progress: AdaptJobProgress) => void;
}

export interface AdaptOutcome extends Omit<AdaptResponse, 'files' | 'card'> {
  model: StoredModelSummary;
  /** Wall time from start to the package stored, ms. */
  totalMs: number;
}

export interface AdaptRun {
  done: Promise<AdaptOutcome>;
  /** Stops the job (ends its worker); `done` then rejects with an AbortError. Too late once the package is being stored. */
  cancel(): void;
}

export function adaptSelectedModel(images: AdaptImageFile[], options: AdaptRunOptions = {}): AdaptRun {
  const started = performance.now();
  const worker = new Worker(new URL('./adapt.worker.ts', import.meta.url), { type: 'module', name: 'adapt' });
  const api = Comlink.wrap<AdaptWorkerApi>(worker);
  let cancel: (reason: Error) => void = () => undefined;
  const cancelled = new Promise<never>((_, reject) => (cancel = reject));
  cancelled.catch(() => undefined); // a cancel after the job ended has no one left to tell
  const end = () => {
    api[Comlink.releaseProxy]();
    worker.terminate();
  };
  const done = (async (): Promise<AdaptOutcome> => {
    let result: AdaptResponse;
    try {
      const model = await Promise.race([selectedModelSource(), cancelled]);
      const progress = options.onProgress && Comlink.proxy(options.onProgress);
      // Models are kept by id: a second adaptation of the day gets its own instead of replacing the first.
      const { grader, userModels } = useModelStore.getState();
      const id = grader && adaptedModelId(grader.card.id, new Date(), userModels.map((m) => m.id));
      result = await Promise.race([api.run({ model, images, layers: options.layers, phantoms: options.phantoms, id: id ?? undefined }, progress), cancelled]);
    } finally {
      end();
    }
    const { files, card: _card, ...rest } = result;
    const model = await addModelFromFiles(Object.entries(files).map(([name, bytes]) => new File([bytes], name)), { select: false });
    return { ...rest, model, totalMs: performance.now() - started };
  })();
  return {
    done,
    cancel() {
      cancel(new DOMException('adaptation cancelled', 'AbortError'));
      end();
    },
  };
}
