// `blastograde learn --jobs J`: the learning job's head fits on J worker threads. tfjs runs WASM
// on one thread in Node, so a fit uses one core; the learner hands over every fit it can run at
// once (a label's folds, all the learning curve's subsets) and each worker takes the next task
// when it is free. Each worker starts the same backend as the command and runs the same fit
// (runHeadFitTask), which has no randomness: the heads, and so the package, are bit for bit those
// of an in-process run (`--jobs 1`) and of the app's learning worker.
// This module is also the worker (it registers tsx's loader first, as `phantoms --jobs` does).
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { chooseBackend, nodeWasmDir } from '../features/inference/headless';
import { runHeadFitTask, type DenseHead, type HeadFitTask, type HeadFitter } from '../features/learner/headless';
import type { NodeBackendName } from './model-options';

/** A fit task as posted: the features packed in one array (one copy, not one per example). */
type PostedTask = { id: number; kind: HeadFitTask['kind']; base?: DenseHead; flat: Float32Array; n: number; d: number; targets: readonly number[] };
type Reply = { id: number; head: DenseHead } | { id: number; error: string };
interface WorkerSetup {
  blastogradeLearnWorker: { backend: NodeBackendName };
}

function pack(id: number, task: HeadFitTask): PostedTask {
  const n = task.features.length;
  const d = task.features[0]?.length ?? 0;
  const flat = new Float32Array(n * d);
  task.features.forEach((f, i) => flat.set(f, i * d));
  return { id, kind: task.kind, ...(task.kind === 'grade' ? { base: task.base } : {}), flat, n, d, targets: task.targets };
}

function unpack(posted: PostedTask): HeadFitTask {
  const features = Array.from({ length: posted.n }, (_v, i) => posted.flat.subarray(i * posted.d, (i + 1) * posted.d));
  return posted.kind === 'grade' ? { kind: 'grade', base: posted.base!, features, targets: posted.targets } : { kind: 'outcome', features, targets: posted.targets as (0 | 1)[] };
}

// Worker side: start the backend, then fit each task posted, one at a time.
const setup = (workerData as Partial<WorkerSetup> | null)?.blastogradeLearnWorker;
if (!isMainThread && setup && parentPort) {
  const port = parentPort;
  const ready = chooseBackend(setup.backend, { paths: nodeWasmDir() });
  port.on('message', (posted: PostedTask) => {
    void ready
      .then(() => {
        const head = runHeadFitTask(unpack(posted));
        const buffers = head.layers.flatMap((l) => [l.kernel.buffer as ArrayBuffer, l.bias.buffer as ArrayBuffer]);
        port.postMessage({ id: posted.id, head } satisfies Reply, buffers);
      })
      .catch((error: unknown) => port.postMessage({ id: posted.id, error: error instanceof Error ? error.message : String(error) } satisfies Reply));
  });
}

export interface WorkerHeadFitter extends HeadFitter {
  readonly workers: number;
  close(): Promise<void>;
}

/** J worker threads that fit heads on `backend` (the one the command started); close() when the job is done. */
export function workerHeadFitter(jobs: number, backend: NodeBackendName): WorkerHeadFitter {
  const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); });`;
  const workerSetup: WorkerSetup = { blastogradeLearnWorker: { backend } };
  const idle: Worker[] = [];
  const queue: PostedTask[] = [];
  const waiting = new Map<number, { resolve: (head: DenseHead) => void; reject: (error: Error) => void; worker?: Worker }>();
  let nextId = 0;
  let broken: Error | null = null;

  const dispatch = () => {
    while (idle.length > 0 && queue.length > 0) {
      const worker = idle.pop()!;
      const posted = queue.shift()!;
      waiting.get(posted.id)!.worker = worker;
      worker.postMessage(posted, [posted.flat.buffer as ArrayBuffer]);
    }
  };
  const fail = (error: Error) => {
    broken ??= error;
    for (const [id, w] of waiting) {
      waiting.delete(id);
      w.reject(error);
    }
    queue.length = 0;
  };
  const workers = Array.from({ length: jobs }, () => {
    const worker = new Worker(bootstrap, { eval: true, workerData: workerSetup });
    worker.on('message', (reply: Reply) => {
      const w = waiting.get(reply.id);
      waiting.delete(reply.id);
      idle.push(worker);
      dispatch();
      if (!w) return;
      if ('error' in reply) w.reject(new Error(`a head fit failed in a worker thread: ${reply.error}`));
      else w.resolve(reply.head);
    });
    worker.on('error', (error) => fail(error));
    worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`a learning worker thread stopped (exit code ${code})`));
    });
    idle.push(worker);
    return worker;
  });

  return {
    workers: jobs,
    fit(task, signal) {
      signal?.throwIfAborted();
      if (broken) return Promise.reject(broken);
      const id = nextId++;
      return new Promise<DenseHead>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        queue.push(pack(id, task));
        dispatch();
        // A cancelled job stops waiting; a fit already running finishes in its worker, unread.
        signal?.addEventListener('abort', () => {
          const queued = queue.findIndex((p) => p.id === id);
          if (queued >= 0) queue.splice(queued, 1);
          if (waiting.delete(id)) reject(signal.reason ?? new DOMException('Learning was cancelled.', 'AbortError'));
        }, { once: true });
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
