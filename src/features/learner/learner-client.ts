// The page's trainer: the learning worker, started on first use and ended on request (a run
// that did not stop when cancelled), and an import's locate workers, one per core, started with
// its first image and ended when it is done; the app hands it to the learning panel. Like the
// adapt client, the page holds no tfjs: the engine runs in the worker.
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
  const api = () => {
    if (!worker) {
      const raw = new Worker(new URL('./learning.worker.ts', import.meta.url), { type: 'module', name: 'learning' });
      worker = { api: Comlink.wrap<LearningWorkerApi>(raw), raw };
    }
    return worker.api;
  };
  return {
    locators: locatorCount(),
    locate: (name, bytes) => (locators ??= locatorPool(locatorCount(), options.locateTimeLimitMs?.())).locate(name, bytes),
    endLocating,
    train: (request, onProgress) => api().train(request, Comlink.proxy(onProgress)),
    async cancel() {
      await worker?.api.cancel();
    },
    terminate() {
      endLocating();
      worker?.api[Comlink.releaseProxy]();
      worker?.raw.terminate();
      worker = null;
    },
  };
}
