// The page's trainer: a learning worker per run, started with it and ended when it settles (or
// on request: a run that did not stop when cancelled), and an import's locate workers, one per
// core, started with its first image and ended when it is done; the app hands it to the learning
// panel. Like the adapt client, the page holds no tfjs: the engine runs in the worker.
//
// Why a worker per run: a WASM heap never shrinks, so a worker kept between runs held the
// largest run's heap and the next run grew from there (a +100 re-learn at 5,100 peaked 80-120
// MiB above the cold learn before it, by PSS). Each run loaded its base model afresh anyway;
// a new worker adds its start and the WASM backend's (docs/learning.md, "A learning worker per run").
import * as Comlink from 'comlink';
import type { LabTrainer } from '../learning';
import { locatorCount, locatorPool, type LocatorPool } from './locator-pool';
import type { LearningWorkerApi } from './worker-api';

export interface LearnerClientOptions {
  /** The per-image limit an import's locating runs under, read when an import starts (default LOCATE_TIME_LIMIT_MS). */
  locateTimeLimitMs?: () => number;
}

export function createLearnerClient(options: LearnerClientOptions = {}): LabTrainer {
  let worker: { api: Comlink.Remote<LearningWorkerApi>; raw: Worker } | null = null;
  let locators: LocatorPool | null = null;
  const endLocating = () => {
    locators?.close();
    locators = null;
  };
  const end = (ended: NonNullable<typeof worker>) => {
    ended.api[Comlink.releaseProxy]();
    ended.raw.terminate();
    if (worker === ended) worker = null;
  };
  return {
    locators: locatorCount(),
    locate: (name, bytes) => (locators ??= locatorPool(locatorCount(), options.locateTimeLimitMs?.())).locate(name, bytes),
    endLocating,
    async train(request, onProgress) {
      // A new run stops the one going, as one worker did for both: that run's train rejects and its worker ends.
      await worker?.api.cancel();
      const raw = new Worker(new URL('./learning.worker.ts', import.meta.url), { type: 'module', name: 'learning' });
      const current = { api: Comlink.wrap<LearningWorkerApi>(raw), raw };
      worker = current;
      try {
        return await current.api.train(request, Comlink.proxy(onProgress));
      } finally {
        end(current);
      }
    },
    async cancel() {
      await worker?.api.cancel();
    },
    terminate() {
      endLocating();
      if (worker) end(worker);
    },
  };
}
