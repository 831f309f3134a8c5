// The adapt worker: the same adaptation job as `blastograde adapt`, on the WASM backend as
// the grader runs here, off the page's thread. Cancelling ends the worker (the page
// terminates it): nothing is written until the job has finished.
import * as Comlink from 'comlink';
import { chooseBackend, loadModelPackage, memorySource, urlSource } from '../inference/headless';
import { wasmBinaryUrls } from '../inference/wasm-assets';
import { runAdaptJob, type AdaptJobImage, type SourceStatisticsCache } from './adapt-job';
import type { AdaptWorkerApi } from './adapt-worker-api';

const READ_FAILED = 'the file could not be read (it may have been moved or changed)';

/**
 * Source statistics kept in Cache Storage (not the app shell's cache, which the service
 * worker replaces on each release): a second adaptation of the same base renders no phantom.
 */
const SOURCE_CACHE = 'blastograde-adapt-source-v1';
const cacheUrl = (key: string) => new URL(`adapt-source/${encodeURIComponent(key)}`, self.location.origin).href;
const sourceCache: SourceStatisticsCache = {
  async get(key) {
    const hit = await (await caches.open(SOURCE_CACHE)).match(cacheUrl(key));
    if (!hit) return null;
    const { stats, images } = (await hit.json()) as { stats: { mean: number[]; std: number[] }[]; images: number };
    return { images, stats: stats.map((s) => ({ mean: Float64Array.from(s.mean), std: Float64Array.from(s.std) })) };
  },
  async put(key, { stats, images }) {
    const json = JSON.stringify({ images, stats: stats.map((s) => ({ mean: Array.from(s.mean), std: Array.from(s.std) })) });
    await (await caches.open(SOURCE_CACHE)).put(cacheUrl(key), new Response(json, { headers: { 'Content-Type': 'application/json' } }));
  },
};

const api: AdaptWorkerApi = {
  async run(request, onProgress) {
    const [backend, pkg] = await Promise.all([
      chooseBackend('wasm', { paths: wasmBinaryUrls }),
      loadModelPackage(request.model.kind === 'url' ? urlSource(request.model.url, { cacheName: request.model.cacheName }) : memorySource(request.model.files, request.model.label)),
    ]);
    const images: AdaptJobImage[] = request.images.map(({ name, blob }) => ({
      name,
      read: () => blob.arrayBuffer().then((buffer) => ({ ok: true as const, bytes: new Uint8Array(buffer) }), () => ({ ok: false as const, error: READ_FAILED })),
    }));
    const job = await runAdaptJob(pkg, images, { layers: request.layers, phantoms: request.phantoms, id: request.id, decoder: 'native-png', onProgress, sourceCache });
    const files = Object.fromEntries(Object.entries(job.adapted.files).map(([name, bytes]) => [name, bytes.slice().buffer as ArrayBuffer]));
    return Comlink.transfer(
      { files, card: job.adapted.card, modelHash: job.adapted.modelHash, images: job.images, sourceImages: job.sourceImages, sourceFrom: job.sourceFrom, ...(job.sourceNote ? { sourceNote: job.sourceNote } : {}), backend: backend.name, timings: job.timings },
      Object.values(files),
    );
  },
};

Comlink.expose(api);
