// The app's head fits on fit workers (fit.worker.ts) started by the learning worker: one per
// core, each taking the next fit when it is free, so a learning job's folds and curve subsets
// run side by side. The heads are those an in-process fit gives (the same code and backend).
import * as Comlink from 'comlink';
import type { FitWorkerApi } from './fit.worker';
import type { HeadFitter } from './train/head-fitter';

export interface PooledFitter extends HeadFitter {
  terminate(): void;
}

export function fitWorkerPool(workers: number): PooledFitter {
  const started = Array.from({ length: workers }, (_v, i) => {
    const raw = new Worker(new URL('./fit.worker.ts', import.meta.url), { type: 'module', name: `learning-fit-${i + 1}` });
    return { raw, api: Comlink.wrap<FitWorkerApi>(raw) };
  });
  const idle = [...started];
  const queue: (() => void)[] = [];
  const take = async () => {
    const free = idle.pop();
    if (free) return free;
    await new Promise<void>((resolve) => queue.push(resolve));
    return idle.pop()!;
  };
  const giveBack = (worker: (typeof started)[number]) => {
    idle.push(worker);
    queue.shift()?.();
  };
  return {
    async fit(task, signal) {
      signal?.throwIfAborted();
      const worker = await take();
      try {
        signal?.throwIfAborted();
        return await worker.api.fit(task);
      } finally {
        giveBack(worker);
      }
    },
    terminate() {
      for (const w of started) {
        w.api[Comlink.releaseProxy]();
        w.raw.terminate();
      }
    },
  };
}
