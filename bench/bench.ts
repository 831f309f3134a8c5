// `npm run bench`: builds the bench page with the app's Vite config, serves it with the
// app's headers, drives headless Chromium through the app's own inference/preprocess
// code, runs PyTorch and onnxruntime-web on the same network in the same run, prints a
// table and writes bench/results.json (the ratios are the figures).
//
// Env: BENCH_WIDTH (VGG16 width multiplier, default 1 = the real VGG16), BENCH_RUNS
// (timed images per backend, default 5), BENCH_SKIP_ORT=1, BENCH_SKIP_TORCH=1,
// BENCH_ONLY=preprocess (only the pipeline-worker preprocessing figures; no results.json),
// BENCH_BATCH_SIZES (batch entry: images per batch, default 10,40), BENCH_BATCH_FORMATS
// (default bmp,png,jpeg; jpeg only for JPEG sources), BENCH_BATCH_CONTEXT (batch entry: `profile`,
// a fresh Chromium profile on disk as a user's browser has, the default; `incognito`, a context
// whose IndexedDB lives in memory, as the batch entry ran before; `profile,incognito` both), BENCH_BACKUP_SIZES (backup entry: images per
// synthetic lab, default 100,300,1000), BENCH_BACKUP_BROWSER=0 (backup entry without the app's
// restore in Chromium).
import { spawnSync } from 'node:child_process';
import { cp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { orientationCount, type ModelCard } from '../src/features/inference/headless';
import { renderPhantom } from '../src/features/phantom';
import { ADAPT_LAYERS, adaptRows, architectureWidth, benchAdapt } from './adapt-bench';
import { D5_SET, d5Folders, prepareD5Crops } from './d5-crops';
import { benchLearn, learnRows } from './learn-bench';
import { archiveRows, benchLearnArchive, withEarlierLegs } from './learn-archive-bench';
import UTIF from 'utif2';
import { encodePngRgba } from '../src/lib/image/png';
import { filteredPng } from '../src/features/ingest/testing/png-builder';
import { fmt, type Row } from './table';
import { buildApp, openPage, serve } from './browser';
import { batchRows, benchBatch, type BatchContext } from './batch-bench';
import { backupRows, benchBackup } from './backup-bench';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const out = path.join(here, 'out');
const sharedData = process.env.BLASTOGRADE_SHARED_DATA ?? path.resolve(repo, '../shared/data');
const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';
const width = Number(process.env.BENCH_WIDTH ?? 1);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const size = 320;
const cores = cpus().length;
const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

function run(cmd: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(cmd, args, { cwd: options.cwd ?? repo, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...options.env } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

async function prepareModel(): Promise<{ dir: string; checkpoint: string; onnx: string }> {
  const dir = path.join(out, `model-w${width}`);
  const checkpoint = path.join(out, `model-w${width}.pt`);
  const onnx = path.join(out, `model-w${width}.onnx`);
  if (!existsSync(path.join(dir, 'grading.json')) || !existsSync(checkpoint) || !existsSync(onnx)) {
    log(`exporting VGG16 (width ${width}, ${size}x${size}, random weights) with training/'s exporter`);
    run(PYTHON, [path.join(repo, 'training/tests/export_test_model.py'), dir,
      JSON.stringify({ inputSize: size, width, seed: 3, id: 'bench-vgg16', checkpoint, onnx })]);
  }
  return { dir, checkpoint, onnx };
}

async function benchImages(): Promise<string[]> {
  const dirs = ['real/pcrm-lockhart/input', 'real/blastscoringnet'];
  const files: string[] = [];
  for (const d of dirs) {
    const full = path.join(sharedData, d);
    if (!existsSync(full)) continue;
    for (const f of (await readdir(full)).sort()) if (/\.(bmp|jpe?g|png)$/i.test(f)) files.push(path.join(full, f));
  }
  return files;
}

/** The CPU's widest SIMD (PyTorch's oneDNN uses it; WebAssembly has 128-bit SIMD only). */
async function cpuSimd(): Promise<{ model: string; widestSimd: string }> {
  const model = cpus()[0]?.model ?? 'unknown';
  try {
    const info = await readFile('/proc/cpuinfo', 'utf8');
    const flags = new Set(/^flags\s*:\s*(.*)$/m.exec(info)?.[1]?.split(/\s+/) ?? []);
    return { model, widestSimd: flags.has('avx512f') ? 'AVX-512' : flags.has('avx2') ? 'AVX2' : flags.has('sse4_2') ? 'SSE4.2' : 'unknown' };
  } catch {
    return { model, widestSimd: 'unknown' };
  }
}

/** Input size and width of the default model the app ships (public/models/default). */
async function shippedGeometry(): Promise<{ label: string; size: number; width: number }> {
  const card = JSON.parse(await readFile(path.join(repo, 'public/models/default/grading.json'), 'utf8')) as ModelCard;
  const [size] = card.input.size;
  return { label: `${card.id} ${card.version}, ${card.architecture}, ${size}x${size}`, size, width: architectureWidth(card.architecture) };
}

/** Images prepared untimed before each worker timing (JIT warm-up, as in a batch). */
const WARM_UP_IMAGES = 2;

/**
 * A typical microscope frame and a large camera frame as PNG, the large frame again as an
 * RGB PNG filtered as libpng-based software writes it, and the microscope frame as an
 * uncompressed TIFF (../shared/data has neither PNG nor TIFF): default-nuisance phantoms
 * rendered here, served to the page. fast-png's encoder (the first two) writes filter
 * type 0 only, the cheapest to undo; Paeth on every row is the costliest.
 */
const PREPROCESS_SETS: { key: string; width: number; height: number; format: 'png' | 'png-paeth' | 'tiff' }[] = [
  { key: '720x480', width: 720, height: 480, format: 'png' },
  { key: '2048x1536', width: 2048, height: 1536, format: 'png' },
  { key: '2048x1536-paeth', width: 2048, height: 1536, format: 'png-paeth' },
  { key: '720x480-tiff', width: 720, height: 480, format: 'tiff' },
];

const FORMAT_LABELS = { png: '', 'png-paeth': ' RGB PNG, Paeth-filtered', tiff: ' TIFF' };
const phantomLabel = (set: (typeof PREPROCESS_SETS)[number]) => `phantom ${set.width}x${set.height}${FORMAT_LABELS[set.format]}`;

type DecodeByFormat = Record<string, { images: number; medianMs: number }>;
type WorkerPreprocess = Record<string, { images: number; medianMs: number; stageMediansMs: Record<string, number>; decodeByFormat: DecodeByFormat; times: number[]; failures: string[] }>;

/** The table's preprocessing rows: each set's median per image, then its decode median per format. */
function preprocessRows(figures: WorkerPreprocess): Row[] {
  const targets: Record<string, string> = { 'phantom 720x480': ' (target <= 150 ms)', 'phantom 2048x1536': ' (target <= 400 ms)' };
  return Object.entries(figures).flatMap(([label, v]): Row[] => [
    [`preprocess in worker, ${label}${targets[label] ?? ''}`, fmt(v.medianMs)],
    ...Object.entries(v.decodeByFormat).map(([format, d]): Row => [`  decode stage, ${format} (median of ${d.images})`, fmt(d.medianMs)]),
  ]);
}

function benchPhantoms({ width, height, format }: (typeof PREPROCESS_SETS)[number], n: number): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => {
    const { image } = renderPhantom({ seed: `bench-${width}x${height}/${i}`, width, height, nuisance: 'default' });
    if (format === 'png') return encodePngRgba(image);
    if (format === 'png-paeth') {
      const sample = (x: number, y: number, c: number) => image.data[(y * width + x) * 4 + c]!;
      return filteredPng({ width, height, channels: 3, depth: 8, sample, filterOf: () => 4 });
    }
    return new Uint8Array(UTIF.encodeImage(new Uint8Array(image.data.buffer), width, height));
  });
}

/** Builds the bench page into bench/out/dist (the app's Vite config and minifier). */
function buildPage(): string {
  log('building the bench page (vite build, app config + minifier)');
  run(process.execPath, [path.join(repo, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'bench/vite.bench.config.ts', '--logLevel', 'error']);
  return path.join(out, 'dist');
}

/**
 * Model load, inference per backend, preprocessing, end to end on real images, against
 * onnxruntime-web and PyTorch forward: fills `results`, returns the table's rows (none
 * for BENCH_ONLY=preprocess).
 */
async function benchInference(dist: string, results: Record<string, unknown>): Promise<Row[]> {
  const preprocessOnly = process.env.BENCH_ONLY === 'preprocess';
  // The preprocessing figures need no model: BENCH_ONLY=preprocess skips the VGG16 export.
  const model = preprocessOnly ? null : await prepareModel();
  if (model) {
    await cp(model.dir, path.join(dist, 'models', 'bench'), { recursive: true });
    await cp(model.onnx, path.join(dist, 'bench.onnx'));
  }
  const weightsBytes = model ? (await readdir(model.dir)).filter((f) => f.endsWith('.bin')).length : 0;

  const images = await benchImages();
  const { url, server } = await serve(dist);
  // A grade runs the crop in every orientation as one batch; the baselines run the same batch.
  const views = orientationCount([size, size]);
  Object.assign(results, { network: `VGG16 width ${width}, ${size}x${size}, 3 heads`, shards: weightsBytes, runs, viewsPerGrade: views });
  const b = await openPage(url, ['--enable-blink-features=ForceEagerMeasureMemory']);
  // Real images are served to the page from ../shared/data by the driver (never copied).
  await b.page.route('**/bench-images/*', async (route) => {
    const index = Number(new URL(route.request().url()).pathname.split('/').pop());
    await route.fulfill({ body: await readFile(images[index]!), contentType: 'application/octet-stream' });
  });
  const phantomRuns = Math.max(7, runs) + WARM_UP_IMAGES;
  log(`rendering ${phantomRuns} phantoms for each of ${PREPROCESS_SETS.map((s) => s.key).join(', ')}`);
  const phantoms = new Map(PREPROCESS_SETS.map((set) => [set.key, benchPhantoms(set, phantomRuns)]));
  await b.page.route('**/bench-phantoms/*/*', async (route) => {
    const [, , sizeKey, index] = new URL(route.request().url()).pathname.split('/');
    await route.fulfill({ body: Buffer.from(phantoms.get(sizeKey!)![Number(index)]!), contentType: 'application/octet-stream' });
  });
  type Bench = {
    load(u: string, b: string, t?: number): Promise<{ ms: number; backend: { name: string; reason: string; threads?: number }; warmUpMs: number; crossOriginIsolated: boolean }>;
    inferTimes(n: number): Promise<number[]>;
    preprocessTimes(urls: string[]): Promise<number[]>;
    endToEnd(urls: string[], overlap?: boolean): Promise<{ ms: number; grades: string[]; memory: { numTensors: number } }>;
    heapBytes(): Promise<number | null>;
    workerPreprocessTimes(urls: string[], warmUpImages?: number): Promise<{ times: number[]; stageMedians: Record<string, number>; decodeByFormat: DecodeByFormat; failures: string[] }>;
    ort(u: string, threads: number, n: number, size: number, batch: number): Promise<{ loadMs: number; threads: number; median: number }>;
  };
  // Preprocessing speed as users get it: the app's pipeline worker, per image size.
  const workerPreprocessFigures = async (urls: string[]) => {
    const workerPreprocess: WorkerPreprocess = {};
    const timeInWorker = async (label: string, list: string[]) => {
      const r = await b.page.evaluate(([x, warm]) => (globalThis as unknown as { bench: Bench }).bench.workerPreprocessTimes(x, warm), [list, WARM_UP_IMAGES] as const);
      workerPreprocess[label] = { images: list.length - WARM_UP_IMAGES, medianMs: median(r.times), stageMediansMs: r.stageMedians, decodeByFormat: r.decodeByFormat, times: r.times, failures: r.failures };
      const stages = Object.entries(r.stageMedians).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ');
      const decodes = Object.entries(r.decodeByFormat).map(([f, d]) => `${f} ${d.medianMs.toFixed(0)}`).join(', ');
      log(`  ${label}: median ${median(r.times).toFixed(0)} ms over ${r.times.length} images (stage medians: ${stages}; decode by format: ${decodes})${r.failures.length ? ` (${r.failures.length} not localised)` : ''}`);
    };
    log('preprocess in the app\'s pipeline worker (decode, thumbnail, localise, crop)');
    for (const set of PREPROCESS_SETS) await timeInWorker(phantomLabel(set), phantoms.get(set.key)!.map((_, i) => `/bench-phantoms/${set.key}/${i}`));
    // Warmed up on copies of its last images: the first two are the only BMPs, which
    // the warm-up used to take, so no BMP was ever timed.
    await timeInWorker('real images (lockhart BMP, blastscoringnet 500x500)', [...urls.slice(-WARM_UP_IMAGES), ...urls]);
    return workerPreprocess;
  };
  if (preprocessOnly) {
    // Quick loop for decode and localisation work: no model, no inference, no results.json.
    try {
      return preprocessRows(await workerPreprocessFigures(images.map((_, i) => `/bench-images/${i}`)));
    } finally {
      await b.close();
      await server.close();
    }
  }
  try {
    log('model load, cold (empty Cache Storage)');
    const cold = await b.page.evaluate(() => (globalThis as unknown as { bench: Bench }).bench.load('/models/bench/', 'auto'));
    results.backend = cold.backend;
    results.crossOriginIsolated = cold.crossOriginIsolated;
    log(`  ${cold.ms.toFixed(0)} ms on ${cold.backend.name}: ${cold.backend.reason}`);
    await b.page.reload();
    await b.page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
    const cached = await b.page.evaluate(() => (globalThis as unknown as { bench: Bench }).bench.load('/models/bench/', 'auto'));
    log(`  cached ${cached.ms.toFixed(0)} ms`);
    results.modelLoadMs = { cold: cold.ms, cached: cached.ms, warmUpCold: cold.warmUpMs, warmUpCached: cached.warmUpMs };

    const perBackend: Record<string, { threads?: number; medianMs: number; times: number[] } | { skipped: string }> = {};
    log(`inference, wasm with all threads (${runs} images)`);
    const allTimes = await b.page.evaluate((n) => (globalThis as unknown as { bench: Bench }).bench.inferTimes(n), runs);
    perBackend[`wasm-${cached.backend.threads ?? '?'}threads`] = { threads: cached.backend.threads, medianMs: median(allTimes), times: allTimes };

    const urls = images.map((_, i) => `/bench-images/${i}`);
    log(`end to end, ${Math.min(12, urls.length)} real images (decode, localise, crop, grade)`);
    const e2eUrls: string[] = [];
    const prepTimes: number[] = [];
    for (const u of urls) {
      if (e2eUrls.length === 12) break;
      try {
        prepTimes.push(...(await b.page.evaluate((x) => (globalThis as unknown as { bench: Bench }).bench.preprocessTimes([x]), u)));
        e2eUrls.push(u);
      } catch (error) {
        // e.g. no embryo found in that image: not part of the batch
        log(`  ${images[Number(u.split('/').pop())]}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    const e2e = await b.page.evaluate((x) => (globalThis as unknown as { bench: Bench }).bench.endToEnd(x, false), e2eUrls);
    const e2eOverlapped = await b.page.evaluate((x) => (globalThis as unknown as { bench: Bench }).bench.endToEnd(x, true), e2eUrls);
    const heap = await b.page.evaluate(() => (globalThis as unknown as { bench: Bench }).bench.heapBytes());
    results.preprocessMedianMs = median(prepTimes);
    // The figure is the pipelined batch (as the app runs it); one-at-a-time is kept to
    // show what overlapping preprocessing with inference buys on this machine.
    results.endToEnd = { images: e2eUrls.length, ms: e2eOverlapped.ms, perImageMs: e2eOverlapped.ms / e2eUrls.length, numTensorsAfter: e2eOverlapped.memory.numTensors, oneAtATimeMs: e2e.ms };
    results.peakJsHeapBytes = heap;
    log(`  ${e2eOverlapped.ms.toFixed(0)} ms for ${e2eUrls.length} images pipelined (${e2e.ms.toFixed(0)} ms one at a time); preprocess median ${median(prepTimes).toFixed(0)} ms`);

    results.workerPreprocess = await workerPreprocessFigures(urls);

    log(`inference, wasm with 1 thread (${runs} images)`);
    const one = await b.page.evaluate(() => (globalThis as unknown as { bench: Bench }).bench.load('/models/bench/', 'wasm', 1));
    const oneTimes = await b.page.evaluate((n) => (globalThis as unknown as { bench: Bench }).bench.inferTimes(n), runs);
    perBackend['wasm-1thread'] = { threads: one.backend.threads, medianMs: median(oneTimes), times: oneTimes };
    // The shipped model at its own input size and width (the figures above are the full VGG16).
    const shipped = await shippedGeometry();
    log(`inference of the shipped default model (${shipped.label}), wasm with all threads (${runs} images)`);
    await b.page.evaluate(() => (globalThis as unknown as { bench: Bench }).bench.load('/models/default/', 'auto'));
    const shippedTimes = await b.page.evaluate((n) => (globalThis as unknown as { bench: Bench }).bench.inferTimes(n), runs);
    results.shippedModel = { ...shipped, medianMs: median(shippedTimes), times: shippedTimes };
    const gpuNote = 'skipped: no real GPU here (' + cold.backend.reason + ')';
    if (cold.backend.name === 'webgpu' || cold.backend.name === 'webgl') {
      perBackend[cold.backend.name] = { medianMs: median(allTimes), times: allTimes };
    } else {
      perBackend.webgpu = { skipped: gpuNote };
      perBackend.webgl = { skipped: gpuNote };
    }
    results.inference = perBackend;

    if (process.env.BENCH_SKIP_ORT !== '1') {
      log(`onnxruntime-web wasm, ${cores} threads (${runs} images)`);
      try {
        results.onnxruntimeWeb = await b.page.evaluate(([n, t, s, v]) => (globalThis as unknown as { bench: Bench }).bench.ort('/bench.onnx', t, n, s, v), [runs, cores, size, views] as const);
      } catch (error) {
        results.onnxruntimeWeb = { error: (error as Error).message };
      }
    }
  } finally {
    await b.close();
    await server.close();
  }
  if (process.env.BENCH_SKIP_TORCH !== '1') {
    log(`PyTorch forward, ${cores} threads`);
    const torchArgs = [path.join(here, 'torch_forward.py'), model!.checkpoint, '--threads', String(cores), '--runs', String(runs), '--batch', String(views)];
    results.pytorch = JSON.parse(run(PYTHON, torchArgs));
    // oneDNN picks AVX-512 kernels where the CPU has them (16 float lanes with FMA, against
    // WASM's 4 without): this second run caps it at AVX2, a fairer baseline for the browser.
    log('PyTorch forward with oneDNN capped at AVX2');
    results.pytorchAvx2 = { ...JSON.parse(run(PYTHON, torchArgs, { env: { ONEDNN_MAX_CPU_ISA: 'AVX2', DNNL_MAX_CPU_ISA: 'AVX2' } })), isa: 'AVX2 (ONEDNN_MAX_CPU_ISA)' };
    const shipped = results.shippedModel as { size: number; width: number };
    log(`PyTorch forward of the shipped model's geometry, ${cores} threads`);
    const shippedViews = orientationCount([shipped.size, shipped.size]);
    results.pytorchShipped = JSON.parse(run(PYTHON, [path.join(here, 'torch_forward.py'), '--size', String(shipped.size), '--width', String(shipped.width), '--threads', String(cores), '--runs', String(runs), '--batch', String(shippedViews)]));
  }
  const shipped = results.shippedModel as { label: string; medianMs: number };
  const torchShippedMs = (results.pytorchShipped as { medianMs?: number } | undefined)?.medianMs;

  const inf = results.inference as Record<string, { medianMs?: number; threads?: number }>;
  const allKey = Object.keys(inf).find((k) => k.startsWith('wasm-') && k !== 'wasm-1thread')!;
  const wasmAll = inf[allKey]!.medianMs!;
  const torchMs = (results.pytorch as { medianMs?: number } | undefined)?.medianMs;
  const torchAvx2Ms = (results.pytorchAvx2 as { medianMs?: number } | undefined)?.medianMs;
  const ortMs = (results.onnxruntimeWeb as { median?: number } | undefined)?.median;
  const e2e = results.endToEnd as { ms: number; images: number };
  results.ratios = {
    wasmAllThreadsOverPytorch: torchMs ? wasmAll / torchMs : null,
    wasmAllThreadsOverPytorchAvx2: torchAvx2Ms ? wasmAll / torchAvx2Ms : null,
    wasmAllThreadsOverOnnxruntimeWeb: ortMs ? wasmAll / ortMs : null,
    endToEndOverImagesTimesInference: e2e.ms / (e2e.images * wasmAll),
    wasmOneThreadOverAllThreads: inf['wasm-1thread']!.medianMs! / wasmAll,
  };

  const r = results.ratios as Record<string, number | null>;
  return [
    ['network', String(results.network)],
    ['backend chosen', `${(results.backend as { name: string }).name} (${(results.backend as { reason: string }).reason})`],
    ['model load, cold', fmt((results.modelLoadMs as { cold: number }).cold)],
    ['model load, cached', fmt((results.modelLoadMs as { cached: number }).cached)],
    ['preprocess / image, page main thread (median)', fmt(results.preprocessMedianMs as number)],
    ...preprocessRows(results.workerPreprocess as WorkerPreprocess),
    ...Object.entries(inf).map(([k, v]): [string, string] => [`inference ${k}`, 'medianMs' in v && v.medianMs ? fmt(v.medianMs) : String((v as { skipped?: string }).skipped ?? 'n/a').slice(0, 60)]),
    ['views per grade (one batch; every figure above and below is per grade)', String(results.viewsPerGrade)],
    ['onnxruntime-web wasm, same batch', ortMs ? fmt(ortMs) : JSON.stringify(results.onnxruntimeWeb ?? 'skipped').slice(0, 80)],
    ['PyTorch forward of the same batch (oneDNN, best ISA of this CPU)', fmt(torchMs)],
    ['PyTorch forward of the same batch, oneDNN capped at AVX2', fmt(torchAvx2Ms)],
    [`inference, shipped model (${shipped.label}), wasm all threads`, fmt(shipped.medianMs)],
    ['PyTorch forward, same geometry and batch', fmt(torchShippedMs)],
    ['ratio wasm / PyTorch, shipped model geometry', fmt(torchShippedMs ? shipped.medianMs / torchShippedMs : null, 'x')],
    [`end to end, ${e2e.images} images (pipelined)`, fmt(e2e.ms)],
    [`end to end, one image at a time`, fmt((results.endToEnd as { oneAtATimeMs: number }).oneAtATimeMs)],
    ['peak JS heap (page + workers)', results.peakJsHeapBytes ? `${((results.peakJsHeapBytes as number) / 2 ** 20).toFixed(0)} MiB` : 'n/a'],
    ['ratio wasm / PyTorch (target <= 2)', fmt(r.wasmAllThreadsOverPytorch, 'x')],
    ['ratio wasm / PyTorch at AVX2', fmt(r.wasmAllThreadsOverPytorchAvx2, 'x')],
    ['ratio wasm / onnxruntime-web (target < 1)', fmt(r.wasmAllThreadsOverOnnxruntimeWeb, 'x')],
    ['ratio e2e / (n x inference) (target <= 1.25)', fmt(r.endToEndOverImagesTimesInference, 'x')],
    ['ratio 1 thread / all threads', fmt(r.wasmOneThreadOverAllThreads, 'x')],
  ];
}

const ENTRIES = ['inference', 'adapt', 'learn', 'batch', 'backup'] as const;
type Entry = (typeof ENTRIES)[number];
/** What `npm run bench` runs without --only: batch (minutes per format) and backup run only when named. */
const DEFAULT_ENTRIES: Entry[] = ['inference', 'adapt', 'learn'];
const HELP = `npm run bench [-- --only ${ENTRIES.join(',')}]   (default: ${DEFAULT_ENTRIES.join(',')})
  inference  model load, inference per backend, preprocessing, end to end (browser), beside onnxruntime-web and PyTorch
  adapt      blastograde adapt --layers ${ADAPT_LAYERS} on the ${D5_SET} images (200), with the shipped source statistics and with phantoms rendered, beside AdaBN in PyTorch
  learn      learning from the labelled ${D5_SET} images: CLI (Node), bench page (Chromium WASM), beside PyTorch;
             with BENCH_LEARN_ARCHIVE=N instead an archive of N microscope phantoms: CLI cold learn with --cache and the
             re-learn after 100 labels are added (time, peak RSS), and the app's learning job in Chromium (time, peak RSS);
             the relearn leg: in Chromium, the import's locating, the first N learned filling the app's IndexedDB feature
             cache, then all N + 100 through it (time, split, peak RSS per Chromium process kind)
  batch      N real frames dropped into the app (built into dist/ first) per format: s/image steady,
             drop to first grade, peak RSS (by process kind); against the sum of the stage medians and OpenCV + PyTorch; in a
             fresh Chromium profile on disk, as a user's browser keeps IndexedDB (BENCH_BATCH_CONTEXT=incognito,profile adds
             the incognito context the entry used before, whose IndexedDB lives in memory) (not in the default run)
  backup     a synthetic lab of BENCH_BACKUP_SIZES images (default 100,300,1000) backed up to a file, listed, exported and
             merged, each step's time and peak memory; then restored by the app in Chromium (built into dist/ first;
             BENCH_BACKUP_BROWSER=0 skips it): time, first progress, peak RSS, the report's counts (not in the default run)
Env: BENCH_WIDTH, BENCH_RUNS, BENCH_SKIP_ORT=1, BENCH_SKIP_TORCH=1, BENCH_ONLY=preprocess,
     BENCH_BATCH_SIZES (default 10,40), BENCH_BATCH_FORMATS (default bmp,png,jpeg), BENCH_BATCH_CONTEXT (default profile), BENCH_BACKUP_SIZES (see bench/bench.ts),
     BENCH_LEARN_ARCHIVE=N, BENCH_LEARN_ARCHIVE_LEGS (cli,browser,relearn,trunk-batch; default cli,browser).`;

function chosenEntries(argv: string[]): Set<Entry> | null {
  const { values } = parseArgs({ args: argv, options: { only: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return null;
  const only = values.only?.split(',').map((x) => x.trim()) ?? [...DEFAULT_ENTRIES];
  const unknown = only.filter((x) => !(ENTRIES as readonly string[]).includes(x));
  if (unknown.length) throw new Error(`unknown bench entry ${unknown.join(', ')}\n${HELP}`);
  return new Set(only as Entry[]);
}

/**
 * This run's figures laid over the file's earlier ones, so `--only learn` does not erase the
 * inference and adaptation figures; `measured` says when, on what and under what load each
 * entry was last measured (compare ratios within one entry's run only).
 */
async function mergedResults(results: Record<string, unknown>, entries: Set<Entry>): Promise<Record<string, unknown>> {
  const file = path.join(here, 'results.json');
  const earlier = await readFile(file, 'utf8').then((text) => JSON.parse(text) as Record<string, unknown>, () => ({}) as Record<string, unknown>);
  const { date, cores: runCores, cpu, loadAverage } = results;
  const measured = { ...((earlier.measured as Record<string, unknown> | undefined) ?? {}) };
  for (const entry of entries) measured[entry] = { date, cores: runCores, cpu, loadAverage };
  return { ...earlier, ...results, measured };
}

async function main() {
  // PyTorch's OpenMP threads spin while they wait; on a machine shared with other work that
  // made a 2-thread forward ten times slower than 1 thread (673 against 62 ms measured here).
  // Passive waiting is the fair baseline for the browser, which never spins like that.
  process.env.OMP_WAIT_POLICY ??= 'PASSIVE';
  const entries = chosenEntries(process.argv.slice(2));
  if (!entries) return void process.stdout.write(`${HELP}\n`);
  await mkdir(out, { recursive: true });
  // Other work on the machine skews every figure; the load average says how much.
  const results: Record<string, unknown> = { date: new Date().toISOString(), cores, cpu: await cpuSimd(), loadAverage: [loadavg()[0]!] };
  const cpu = results.cpu as { model: string; widestSimd: string };
  const rows: Row[] = [['CPU', `${cpu.model}, widest SIMD ${cpu.widestSimd}`]];
  // BENCH_LEARN_ARCHIVE=N: the learn entry measures a phantom archive of N images instead of the clinic's 140.
  const archiveImages = Number(process.env.BENCH_LEARN_ARCHIVE ?? 0);
  const archiveLegs = new Set((process.env.BENCH_LEARN_ARCHIVE_LEGS ?? 'cli,browser').split(',').map((l) => l.trim()) as ('cli' | 'browser' | 'relearn' | 'trunk-batch')[]);
  const learnClinic = entries.has('learn') && !(archiveImages > 0);
  const learnArchive = entries.has('learn') && archiveImages > 0;
  const dist = entries.has('inference') || learnClinic || (learnArchive && (archiveLegs.has('browser') || archiveLegs.has('relearn') || archiveLegs.has('trunk-batch'))) || entries.has('batch') ? buildPage() : '';
  if (entries.has('inference')) {
    rows.push(...(await benchInference(dist, results)));
    if (process.env.BENCH_ONLY === 'preprocess') return printRows([...rows, loadRow(results)]);
  }
  if (entries.has('adapt') || learnClinic) {
    const modelDir = path.join(repo, 'public/models/default');
    const card = JSON.parse(await readFile(path.join(modelDir, 'grading.json'), 'utf8')) as ModelCard;
    if (!d5Folders(sharedData)) {
      log(`${D5_SET} is not in ${sharedData}: adapt and learn skipped`);
    } else {
      log(`preparing the ${D5_SET} crops for ${card.id} ${card.version} (${card.input.size.join('x')}), as the CLI does`);
      const crops = await prepareD5Crops(sharedData, card);
      if (entries.has('adapt')) {
        log(`adapt: blastograde adapt --layers ${ADAPT_LAYERS} on ${D5_SET} (labelled + unlabelled)`);
        const adapt = await benchAdapt({ sharedData, modelDir, card, crops, out, python: PYTHON, cores, skipTorch: process.env.BENCH_SKIP_TORCH === '1' });
        results.adapt = adapt;
        rows.push(...adaptRows(adapt));
      }
      if (learnClinic) {
        log(`learn: blastograde learn, then the same engine in Chromium (WASM), then PyTorch, on the labelled ${D5_SET} images`);
        const learn = await benchLearn({ dist, sharedData, modelDir, card, crops, out, python: PYTHON, cores, skipTorch: process.env.BENCH_SKIP_TORCH === '1' });
        results.learn = learn;
        rows.push(...learnRows(learn));
      }
    }
  }
  if (learnArchive) {
    const earlier = await readFile(path.join(here, 'results.json'), 'utf8').then((text) => (JSON.parse(text) as { learnArchive?: unknown }).learnArchive, () => undefined);
    const figures = withEarlierLegs(earlier, await benchLearnArchive({ dist, modelDir: path.join(repo, 'public/models/default'), out, n: archiveImages, legs: archiveLegs, log }));
    results.learnArchive = figures;
    rows.push(...archiveRows(figures));
  }
  if (entries.has('batch')) {
    const sizes = (process.env.BENCH_BATCH_SIZES ?? '10,40').split(',').map(Number).filter((n) => n >= 2);
    const formats = (process.env.BENCH_BATCH_FORMATS ?? 'bmp,png,jpeg').split(',').map((f) => f.trim().toLowerCase());
    const contexts = (process.env.BENCH_BATCH_CONTEXT ?? 'profile').split(',').map((c) => c.trim()).filter((c): c is BatchContext => c === 'profile' || c === 'incognito');
    const batch = await benchBatch({ repo, benchDist: dist, sharedData, python: PYTHON, cores, sizes, formats, contexts, skipTorch: process.env.BENCH_SKIP_TORCH === '1', log });
    results.batch = batch;
    rows.push(...batchRows(batch));
  }
  if (entries.has('backup')) {
    const sizes = (process.env.BENCH_BACKUP_SIZES ?? '100,300,1000').split(',').map(Number).filter((n) => n > 0);
    // The app's own restore runs in the built app (dist/), as the batch entry's drop does.
    const browser = process.env.BENCH_BACKUP_BROWSER !== '0';
    if (browser) {
      log('backup: building the app (vite build into dist/)');
      buildApp(repo);
    }
    results.backup = await benchBackup(sizes, log, { browser });
    rows.push(...backupRows(results.backup as Awaited<ReturnType<typeof benchBackup>>));
  }
  rows.push(loadRow(results));
  await writeFile(path.join(here, 'results.json'), `${JSON.stringify(await mergedResults(results, entries), null, 2)}\n`);
  printRows(rows);
  process.stdout.write('wrote bench/results.json\n');
}

function loadRow(results: Record<string, unknown>): Row {
  (results.loadAverage as number[]).push(loadavg()[0]!);
  return ['load average (1 min) at start / end', `${(results.loadAverage as number[]).map((x) => x.toFixed(1)).join(' / ')} on ${cores} cores`];
}

function printRows(rows: Row[]): void {
  const w = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`${rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
