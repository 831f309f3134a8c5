// `blastograde learn --jobs J`: the learning job's image preparing, trunk batches and head fits on
// J worker threads. tfjs runs WASM on one thread in Node, so a prepare, a trunk execute or a fit
// uses one core. The job hands over as much as can run at once (the next images to prepare and a
// trunk batch per worker; a label's folds, all the learning curve's subsets) and each worker takes
// the next request when it is free, so the main thread only reads files. Each worker starts the
// same backend as the command, loads the same model package (checked by its hash) and runs the
// same code (prepareModelInput, extractFeatures, runHeadFitTask),
// which has no randomness: features and heads, and so the package, are bit for bit those of an
// in-process run (`--jobs 1`) and of the app's learning worker.
// This module is also the worker (it registers tsx's loader first, as `phantoms --jobs` does).
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { chooseBackend, folderSource, loadModelPackage, nodeWasmDir, type LoadedModelPackage, type PrepareModelInputOptions } from '../features/inference/headless';
import { extractFeatures, inRealmPreparer, runHeadFitTask, type DenseHead, type HeadFitTask, type HeadFitter, type ImagePreparer, type PreparedInput, type TrunkRunner } from '../features/learner/headless';
import type { NodeBackendName } from './model-options';

/** Features or images packed in one array each (one copy, not one per example); an image file's bytes to prepare. */
type Request =
  | { id: number; type: 'fit'; kind: HeadFitTask['kind']; base?: DenseHead; flat: Float32Array; n: number; d: number; targets: readonly number[] }
  | { id: number; type: 'trunk'; flat: Float32Array; n: number }
  | { id: number; type: 'prepare'; bytes: Uint8Array; options: PrepareModelInputOptions };
type Reply = { id: number; head: DenseHead } | { id: number; flat: Float32Array; n: number } | { id: number; prepared: PreparedInput } | { id: number; error: string };

/** What a message moves rather than copies. */
function transferables(message: Request | Reply): ArrayBuffer[] {
  if ('head' in message) return message.head.layers.flatMap((l) => [l.kernel.buffer as ArrayBuffer, l.bias.buffer as ArrayBuffer]);
  if ('flat' in message) return [message.flat.buffer as ArrayBuffer];
  if ('bytes' in message) return [message.bytes.buffer as ArrayBuffer];
  if ('prepared' in message && message.prepared.ok) return [message.prepared.modelInput.buffer as ArrayBuffer];
  return [];
}

/**
 * Images a trunk batch in the worker threads. The app's learning worker runs 2 (TRUNK_BATCH_IMAGES);
 * here 2 cost a cold learn of 1,000 about 4-9 % more wall time than 8 (two runs each, interleaved),
 * while 8 cost about 150 MiB more peak RSS (1,053-1,096 against 917-947 MiB), well within 1.5 GB.
 */
const CLI_TRUNK_BATCH_IMAGES = 8;

/** The bytes in an array of their own (a file read may be a view on a larger buffer), so that only they are moved. */
const ownBuffer = (bytes: Uint8Array): Uint8Array => (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice());
interface WorkerSetup {
  blastogradeLearnWorker: { backend: NodeBackendName; modelDir: string; modelHash: string };
}

function packRows(rows: readonly Float32Array[]): { flat: Float32Array; n: number; d: number } {
  const n = rows.length;
  const d = rows[0]?.length ?? 0;
  const flat = new Float32Array(n * d);
  rows.forEach((r, i) => flat.set(r, i * d));
  return { flat, n, d };
}

const unpackRows = (flat: Float32Array, n: number): Float32Array[] => {
  const d = n === 0 ? 0 : flat.length / n;
  return Array.from({ length: n }, (_v, i) => flat.subarray(i * d, (i + 1) * d));
};

function fitRequest(id: number, task: HeadFitTask): Request {
  return { id, type: 'fit', kind: task.kind, ...(task.kind === 'grade' ? { base: task.base } : {}), ...packRows(task.features), targets: task.targets };
}

function fitTask(request: Extract<Request, { type: 'fit' }>): HeadFitTask {
  const features = unpackRows(request.flat, request.n);
  return request.kind === 'grade' ? { kind: 'grade', base: request.base!, features, targets: request.targets } : { kind: 'outcome', features, targets: request.targets as (0 | 1)[] };
}

// Worker side: start the backend and load the model (checked by its hash) at once, then answer each request, one at a time.
const setup = (workerData as Partial<WorkerSetup> | null)?.blastogradeLearnWorker;
if (!isMainThread && setup && parentPort) {
  const port = parentPort;
  const ready = chooseBackend(setup.backend, { paths: nodeWasmDir() });
  const model = ready.then(async (): Promise<LoadedModelPackage> => {
    const pkg = await loadModelPackage(folderSource(setup.modelDir));
    if (pkg.modelHash !== setup.modelHash) throw new Error(`the model in ${setup.modelDir} changed while learning (hash ${pkg.modelHash}, not ${setup.modelHash})`);
    return pkg;
  });
  model.catch(() => undefined); // said when a trunk batch asks for it
  const answer = async (request: Request): Promise<Reply> => {
    await ready;
    if (request.type === 'fit') return { id: request.id, head: runHeadFitTask(fitTask(request)) };
    const pkg = await model;
    if (request.type === 'prepare') return { id: request.id, prepared: await inRealmPreparer(pkg.card).prepare(request.bytes, request.options) };
    const features = await extractFeatures(pkg, unpackRows(request.flat, request.n), { batchSize: request.n });
    return { id: request.id, ...packRows(features) };
  };
  // Requests queue behind each other: a worker runs one at a time.
  let previous: Promise<unknown> = Promise.resolve();
  port.on('message', (request: Request) => {
    previous = previous.then(() =>
      answer(request).then(
        (reply) => port.postMessage(reply, transferables(reply)),
        (error: unknown) => port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies Reply),
      ),
    );
  });
}

export interface LearnWorkerPool {
  readonly workers: number;
  fitter: HeadFitter;
  trunk: TrunkRunner;
  preparer: ImagePreparer;
  close(): Promise<void>;
}

/**
 * J worker threads that prepare images for and run trunk batches of the package in `modelDir`
 * (its hash checked) and fit heads, on `backend` (the one the command started); close() when the job is done.
 */
export function learnWorkerPool(jobs: number, options: WorkerSetup['blastogradeLearnWorker']): LearnWorkerPool {
  const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); });`;
  const workerSetup: WorkerSetup = { blastogradeLearnWorker: options };
  const idle: Worker[] = [];
  const queue: Request[] = [];
  const waiting = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let broken: Error | null = null;
  let closing = false;

  const dispatch = () => {
    while (idle.length > 0 && queue.length > 0) {
      const request = queue.shift()!;
      idle.pop()!.postMessage(request, transferables(request));
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
      idle.push(worker);
      dispatch();
      const w = waiting.get(reply.id);
      waiting.delete(reply.id);
      if (!w) return; // cancelled while it ran
      if ('error' in reply) w.reject(new Error(`a learning worker thread failed: ${reply.error}`));
      else w.resolve(reply);
    });
    worker.on('error', (error) => fail(error));
    worker.on('exit', (code) => {
      if (!closing) fail(new Error(`a learning worker thread stopped (exit code ${code})`));
    });
    idle.push(worker);
    return worker;
  });

  /** Queues the request; a cancelled job stops waiting (a request already running finishes in its worker, unread). */
  const request = (make: (id: number) => Request, signal?: AbortSignal): Promise<Reply> => {
    signal?.throwIfAborted();
    if (broken) return Promise.reject(broken);
    const posted = make(nextId++);
    return new Promise<Reply>((resolve, reject) => {
      waiting.set(posted.id, { resolve, reject });
      queue.push(posted);
      dispatch();
      signal?.addEventListener(
        'abort',
        () => {
          const queued = queue.indexOf(posted);
          if (queued >= 0) queue.splice(queued, 1);
          if (waiting.delete(posted.id)) reject(signal.reason ?? new DOMException('Learning was cancelled.', 'AbortError'));
        },
        { once: true },
      );
    });
  };

  return {
    workers: jobs,
    fitter: {
      fit: async (task, signal) => (await request((id) => fitRequest(id, task), signal) as { head: DenseHead }).head,
    },
    trunk: {
      // One batch more than workers: the next waits queued, so no worker idles while the main thread prepares.
      concurrency: jobs + 1,
      batchImages: CLI_TRUNK_BATCH_IMAGES,
      features: async (inputs, signal) => {
        const reply = (await request((id) => ({ id, type: 'trunk', ...packRows(inputs) }), signal)) as { flat: Float32Array; n: number };
        return unpackRows(reply.flat, reply.n).map((f) => f.slice());
      },
    },
    preparer: {
      // One image more than workers, as for the trunk: the job reads that many ahead.
      concurrency: jobs + 1,
      prepare: async (bytes, options, signal) => ((await request((id) => ({ id, type: 'prepare', bytes: ownBuffer(bytes), options }), signal)) as { prepared: PreparedInput }).prepared,
    },
    async close() {
      closing = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
