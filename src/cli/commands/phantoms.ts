// `blastograde phantoms`: a set of synthetic blastocysts with exact truth,
// for tests, training and demos. Writes DIR/images/*.png,
// DIR/masks/<name>_{zona,te,icm,blastocoel}.png, DIR/labels.csv and
// DIR/contact-sheet.png; JSON summary on stdout, progress on stderr.
// Rendering is spread over worker threads (this same module is the worker).
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { crc32, deflateSync } from 'node:zlib';
import {
  contactSheet,
  fitInto,
  gradeCode,
  NUISANCE_PRESETS,
  parseGradeSpec,
  PHANTOM_STYLES,
  renderPhantom,
  type NuisancePreset,
  type PhantomStyle,
} from '../../features/phantom';
import type { RgbaImage } from '../../lib/types';
import { defineCommand } from '../command';

const USAGE = `usage: blastograde phantoms --n N --seed S --out DIR [--style default|clinic] [--nuisance none|default|high] [--grades SPEC] [--size WxH|random] [--jobs J] [--sheet N]
  --style    "default" (the phantoms the shipped model was trained on) or "clinic" (tight colour
             Hoffman captures like a clinic's day-5 archive: epithelial TE, granular ICM, cavity
             debris, crops that cut the embryo)
  --grades   "balanced" (default: every expansion x ICM x TE combination equally often),
             constraints "exp=3-5,icm=A|B,te=*" (balanced within them),
             or codes "4AA,3BC,5**" cycled over the set ("*" = sampled)
  --size     image size, default 640x480 (clinic: random, mostly 256x256); "random" samples per image
  --jobs     worker threads (default: the number of CPUs, at most 4); 1 = in-process
  --sheet    at most this many images on the contact sheet (default 48)
Image i (0-based) is rendered from seed "S/i", so a set is the same whatever --jobs is.`;

const THUMB_W = 160;
const THUMB_H = 120;

// ---------------------------------------------------------------------------
// PNG writing. Hand-written around node:zlib because its native deflate is
// several times faster than the pure-JS deflate in fast-png (the browser's
// encoder), and writing five PNGs per image otherwise dominates the run.

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** 8-bit PNG, colour type 0 (grey), 2 (RGB) or 6 (RGBA); rows unfiltered. */
export function encodePngFast(width: number, height: number, channels: 1 | 3 | 4, pixels: Uint8Array): Buffer {
  const rowBytes = width * channels;
  const raw = Buffer.alloc((rowBytes + 1) * height);
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * rowBytes, (y + 1) * rowBytes), y * (rowBytes + 1) + 1);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = channels === 1 ? 0 : channels === 3 ? 2 : 6;
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 1 })), chunk('IEND', new Uint8Array(0))]);
}

function rgbOf(image: RgbaImage): Uint8Array {
  const rgb = new Uint8Array(image.width * image.height * 3);
  for (let i = 0, j = 0; j < rgb.length; i += 4, j += 3) {
    rgb[j] = image.data[i];
    rgb[j + 1] = image.data[i + 1];
    rgb[j + 2] = image.data[i + 2];
  }
  return rgb;
}

// ---------------------------------------------------------------------------
// One image: render, write image and masks, return its CSV row.

interface Job {
  seed: string;
  style: PhantomStyle;
  nuisance: NuisancePreset;
  grades: string;
  width?: number;
  height?: number;
  out: string;
  digits: number;
  sheetMax: number;
}

interface Done {
  index: number;
  row: string;
  code: string;
  renderMs: number;
  thumb: RgbaImage | null;
}

function makeOne(job: Job, index: number): Done {
  const name = `phantom-${String(index + 1).padStart(job.digits, '0')}`;
  const spec = parseGradeSpec(job.grades);
  const t0 = performance.now();
  const phantom = renderPhantom({ seed: `${job.seed}/${index}`, grades: spec.gradesFor(index, job.seed), nuisance: job.nuisance, width: job.width, height: job.height, style: job.style });
  const renderMs = performance.now() - t0;
  const { grades, ellipse, masks } = phantom.truth;
  const { width, height } = phantom.image;
  writeFileSync(join(job.out, 'images', `${name}.png`), encodePngFast(width, height, 3, rgbOf(phantom.image)));
  const maskFiles = { zona: masks.zona, te: masks.trophectoderm, icm: masks.icm, blastocoel: masks.blastocoel };
  for (const [part, mask] of Object.entries(maskFiles)) writeFileSync(join(job.out, 'masks', `${name}_${part}.png`), encodePngFast(width, height, 1, mask));
  const csvNumber = (v: number) => String(Math.round(v * 100) / 100);
  // every style writes the stage (the default style only draws blastocysts), so label files of both styles concatenate
  const stage = phantom.truth.stage ?? 'blastocyst';
  const row = [`${name}.png`, grades.expansion, grades.icm, grades.te, ...[ellipse.cx, ellipse.cy, ellipse.rx, ellipse.ry, ellipse.angleDeg].map(csvNumber), stage].join(',');
  return { index, row, code: gradeCode(grades), renderMs, thumb: index < job.sheetMax ? fitInto(phantom.image, THUMB_W, THUMB_H) : null };
}

// Worker side: render the indices the main thread sends, one at a time.
if (!isMainThread && (workerData as { blastogradePhantoms?: Job } | null)?.blastogradePhantoms && parentPort) {
  const job = (workerData as { blastogradePhantoms: Job }).blastogradePhantoms;
  const port = parentPort;
  port.on('message', (index: number) => {
    try {
      const done = makeOne(job, index);
      port.postMessage(done, done.thumb ? [done.thumb.data.buffer as ArrayBuffer] : []);
    } catch (error) {
      port.postMessage({ index, error: error instanceof Error ? error.message : String(error) });
    }
  });
}

function runInWorkers(job: Job, n: number, jobs: number, onDone: (d: Done) => void): Promise<void> {
  return new Promise((resolveAll, reject) => {
    let next = 0;
    let finished = 0;
    const workers: Worker[] = [];
    const stopAll = () => workers.forEach((w) => void w.terminate());
    // The worker runs this TypeScript module, so it registers tsx's loader first.
    const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); });`;
    for (let w = 0; w < Math.min(jobs, n); w++) {
      const worker = new Worker(bootstrap, { eval: true, workerData: { blastogradePhantoms: job } });
      workers.push(worker);
      worker.on('message', (msg: Done | { index: number; error: string }) => {
        if ('error' in msg) {
          stopAll();
          reject(new Error(`image ${msg.index + 1}: ${msg.error}`));
          return;
        }
        onDone(msg);
        finished++;
        if (finished === n) {
          stopAll();
          resolveAll();
        } else if (next < n) worker.postMessage(next++);
      });
      worker.on('error', (error) => {
        stopAll();
        reject(error);
      });
      if (next < n) worker.postMessage(next++);
    }
    if (n === 0) resolveAll();
  });
}

function parseSize(text: string): { width?: number; height?: number } {
  if (text === 'random') return {};
  const match = /^(\d+)x(\d+)$/.exec(text);
  if (!match) throw new Error(`--size must be WxH (e.g. 640x480) or "random", got "${text}"`);
  return { width: Number(match[1]), height: Number(match[2]) };
}

function nonNegativeInt(name: string, text: string): number {
  const v = Number(text);
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} must be a non-negative integer, got "${text}"`);
  return v;
}

const PHANTOM_OPTIONS = {
  n: { type: 'string' },
  seed: { type: 'string', default: '1' },
  out: { type: 'string' },
  nuisance: { type: 'string', default: 'default' },
  grades: { type: 'string', default: 'balanced' },
  style: { type: 'string', default: 'default' },
  size: { type: 'string' },
  jobs: { type: 'string', default: String(Math.min(4, availableParallelism())) },
  sheet: { type: 'string', default: '48' },
} as const;

// A bad --n, --jobs, --nuisance, --style, --size or --grades throws: main says `blastograde phantoms: ...`, exit 1.
export const run = defineCommand({ name: 'phantoms', usage: USAGE, options: PHANTOM_OPTIONS }, async ({ values }, { say, usageError, json }) => {
  if (values.n === undefined || values.out === undefined) return usageError();
  const n = nonNegativeInt('n', values.n);
  const jobs = Math.max(1, nonNegativeInt('jobs', values.jobs));
  const nuisance = values.nuisance as NuisancePreset;
  if (!NUISANCE_PRESETS.includes(nuisance)) throw new Error(`--nuisance must be none, default or high, got "${values.nuisance}"`);
  const style = values.style as PhantomStyle;
  if (!PHANTOM_STYLES.includes(style)) throw new Error(`--style must be default or clinic, got "${values.style}"`);
  const size = values.size ?? (style === 'clinic' ? 'random' : '640x480');
  const spec = parseGradeSpec(values.grades); // validates before any work
  const out = resolve(values.out);
  mkdirSync(join(out, 'images'), { recursive: true });
  mkdirSync(join(out, 'masks'), { recursive: true });
  const job: Job = {
    seed: values.seed,
    style,
    nuisance,
    grades: values.grades,
    ...parseSize(size),
    out,
    digits: Math.max(5, String(n).length),
    sheetMax: nonNegativeInt('sheet', values.sheet),
  };

  const results: Done[] = new Array(n);
  const started = performance.now();
  const cpuStart = process.cpuUsage(); // process-wide: includes the worker threads
  let lastReport = started;
  let count = 0;
  const onDone = (d: Done) => {
    results[d.index] = d;
    count++;
    const now = performance.now();
    if (now - lastReport > 2000 || count === n) {
      lastReport = now;
      say(`${count}/${n}, ${((1000 * count) / (now - started)).toFixed(1)} images/s`);
    }
  };
  if (jobs === 1 || n < 4) for (let i = 0; i < n; i++) onDone(makeOne(job, i));
  else await runInWorkers(job, n, jobs, onDone);

  writeFileSync(join(out, 'labels.csv'), ['file,expansion,icm,te,cx,cy,rx,ry,angle,stage', ...results.map((r) => r.row)].join('\n') + '\n');
  const thumbs = results.filter((r) => r.thumb).map((r) => ({ image: r.thumb!, label: `${r.index + 1} ${r.code}` }));
  const sheetPath = join(out, 'contact-sheet.png');
  if (thumbs.length > 0) {
    const sheet = contactSheet(
      thumbs.map((t) => t.image),
      thumbs.map((t) => t.label),
      { cellWidth: THUMB_W, cellHeight: THUMB_H },
    );
    writeFileSync(sheetPath, encodePngFast(sheet.width, sheet.height, 3, rgbOf(sheet)));
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  // CPU time per image does not depend on what else the machine is running.
  const cpuMsPerImage = (cpu.user + cpu.system) / 1000 / Math.max(1, n);
  const renderSeconds = results.reduce((s, r) => s + r.renderMs, 0) / 1000;
  const gradeCounts: Record<string, number> = {};
  for (const r of results) gradeCounts[r.code] = (gradeCounts[r.code] ?? 0) + 1;
  const imagesPerSecond = n / seconds;
  say(
    `${n} images in ${seconds.toFixed(1)} s = ${imagesPerSecond.toFixed(1)} images/s with ${jobs === 1 || n < 4 ? 1 : Math.min(jobs, n)} thread(s); rendering alone averages ${((1000 * renderSeconds) / Math.max(1, n)).toFixed(0)} ms/image; ${cpuMsPerImage.toFixed(0)} CPU ms/image in all`,
  );
  const summary = {
    out,
    n,
    seed: values.seed,
    style,
    nuisance,
    grades: spec.source,
    size,
    jobs,
    seconds: Math.round(seconds * 1000) / 1000,
    imagesPerSecond: Math.round(imagesPerSecond * 100) / 100,
    renderMsPerImage: Math.round((1000 * renderSeconds) / Math.max(1, n)),
    cpuMsPerImage: Math.round(cpuMsPerImage),
    gradeCounts,
    labels: join(out, 'labels.csv'),
    contactSheet: thumbs.length > 0 ? sheetPath : null,
  };
  return json(summary);
});
