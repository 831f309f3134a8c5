// The page's trainer: the learning worker, started on first use and ended on request (a run
// that did not stop when cancelled); the app hands it to the learning panel. Like the adapt
// client, the page holds no tfjs: the engine runs in the worker.
import * as Comlink from 'comlink';
import type { LabTrainer } from '../learning';
import type { LearningWorkerApi } from './worker-api';

export function createLearnerClient(): LabTrainer {
  let worker: { api: Comlink.Remote<LearningWorkerApi>; raw: Worker } | null = null;
  const api = () => {
    if (!worker) {
      const raw = new Worker(new URL('./learning.worker.ts', import.meta.url), { type: 'module', name: 'learning' });
      worker = { api: Comlink.wrap<LearningWorkerApi>(raw), raw };
    }
    return worker.api;
  };
  return {
    // The bytes move to the worker (transferred, not copied).
    locate: (name, bytes) => api().locate(name, Comlink.transfer(bytes, [bytes])),
    train: (request, onProgress) => api().train(request, Comlink.proxy(onProgress)),
    async cancel() {
      await worker?.api.cancel();
    },
    terminate() {
      worker?.api[Comlink.releaseProxy]();
      worker?.raw.terminate();
      worker = null;
    },
  };
}
