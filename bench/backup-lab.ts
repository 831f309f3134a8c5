// Child process of `npm run bench -- --only backup` (one per step, so each step's peak memory is
// its own): `write N FILE` streams a synthetic lab of N images through the backup feature's
// writer to FILE; `merge FILE` checks every entry and keeps the records as the app's restore
// does (openRestorable), then plans a restore of them onto an empty profile and onto a profile
// that already holds it. Prints one JSON line: seconds and the peak V8 heap sampled along the
// way (peak RSS comes from rusage-preload.mjs).
import { closeSync, openSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { BACKUP_TABLES, openRestorable, planMerge, summarise, writeBackup, type BackupTable, type LabSource } from '../src/features/backup/headless';
import { encodePngFast } from '../src/cli/commands/phantoms';
import { openFileSource } from '../src/cli/file-source';
import { renderPhantom } from '../src/features/phantom';
import type { AuditRecord, BatchRecord, ImageRecord } from '../src/lib/storage';
import type { HeadPrediction, Prediction } from '../src/lib/types';

let peakHeap = 0;
const sample = () => { peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed); };

const DISTINCT = 8;
const PER_BATCH = 20;

/** A grey PNG of a rendered phantom, made unique by a tEXt chunk (so no two images share a blob). */
function greyPhantoms(width: number, height: number): Buffer[] {
  return Array.from({ length: DISTINCT }, (_, i) => {
    const { image } = renderPhantom({ seed: `bench-backup/${i}`, width, height, nuisance: 'default' });
    const grey = new Uint8Array(width * height);
    for (let p = 0; p < grey.length; p++) grey[p] = image.data[p * 4]!;
    return encodePngFast(width, height, 1, grey);
  });
}

function tagged(png: Buffer, tag: string): Blob {
  const text = Buffer.from(`blastograde-bench\0${tag}`, 'latin1');
  const chunk = Buffer.alloc(12 + text.length);
  chunk.writeUInt32BE(text.length, 0);
  chunk.write('tEXt', 4, 'latin1');
  text.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + text.length)), 8 + text.length);
  const iend = png.length - 12;
  return new Blob([png.subarray(0, iend), chunk, png.subarray(iend)] as Uint8Array<ArrayBuffer>[], { type: 'image/png' });
}

const head = (name: HeadPrediction['name'], classes: string[], k: number): HeadPrediction => {
  const probabilities = classes.map((_, c) => (c === k % classes.length ? 0.7 : 0.3 / (classes.length - 1)));
  return { name, classes, probabilities, argmax: classes[k % classes.length]!, lowConfidence: false };
};
const prediction = (i: number): Prediction => ({
  heads: [head('expansion', ['1', '2', '3', '4', '5', '6'], 3 + (i % 3)), head('icm', ['C', 'B', 'A'], i), head('te', ['C', 'B', 'A'], i + 1)],
  modelId: 'default', modelVersion: '1', modelHash: 'bench', intendedUse: 'bench', backend: 'wasm', inferenceMs: 100,
});

/** The lab, generated record by record as the source is read (nothing kept). */
function syntheticLab(n: number): LabSource {
  const originals = greyPhantoms(640, 480);
  const crops = greyPhantoms(320, 240);
  const thumbs = greyPhantoms(160, 120);
  const batches = Math.ceil(n / PER_BATCH);
  const at = '2026-12-06T08:00:00.000Z';
  const table = (count: number, make: (i: number) => object) => ({ count: async () => count, async *records() { for (let i = 0; i < count; i++) { sample(); yield make(i); } } });
  const decisions = ['transfer', 'freeze', 'discard', 'undecided'] as const;
  const tables: Record<BackupTable, ReturnType<typeof table>> = {
    batches: table(batches, (b): BatchRecord => ({ id: `batch-${b}`, patientId: `P-${b}`, cycleId: `C-${b}`, day: 'D5', embryologist: 'AB', clinic: 'Bench', createdAt: at, updatedAt: at })),
    images: table(n, (i): ImageRecord => ({
      id: `image-${i}`, batchId: `batch-${Math.floor(i / PER_BATCH)}`, index: i % PER_BATCH, fileName: `embryo-${i}.png`, contentHash: `hash-${i}`, byteSize: originals[i % DISTINCT]!.length,
      status: 'done', error: null, warnings: [], width: 640, height: 480,
      original: tagged(originals[i % DISTINCT]!, `o${i}`), thumbnail: tagged(thumbs[i % DISTINCT]!, `t${i}`), crop: tagged(crops[i % DISTINCT]!, `c${i}`),
      localisation: { ellipse: null, crop: { x: 160, y: 120, size: 240 }, quality: 0.9, warnings: [], manual: false },
      prediction: prediction(i), overrides: {}, decision: decisions[i % 4]!, notes: i % 5 ? '' : 'looked at twice', updatedAt: at,
    })),
    audit: table(2 * n, (k): AuditRecord => ({ id: k + 1, batchId: `batch-${Math.floor(k / 2 / PER_BATCH)}`, imageId: `image-${k >> 1}`, at, who: 'AB', action: 'edit', field: k % 2 ? 'notes' : 'decision', from: '', to: String(k), modelId: null })),
    examples: table(0, () => ({})),
    models: table(0, () => ({})),
  };
  return tables;
}

async function write(n: number, file: string) {
  const lab = syntheticLab(n);
  const start = performance.now();
  const fd = openSync(file, 'w');
  let bytes = 0;
  await writeBackup(lab, { appVersion: 'bench', sink: (chunk) => { bytes += writeSync(fd, chunk); sample(); } });
  closeSync(fd);
  return { seconds: (performance.now() - start) / 1000, bytes };
}

async function merge(file: string) {
  const start = performance.now();
  const source = await openFileSource(file);
  // What the app's restore does before writing: every entry checked once, the records kept
  // (their pictures stay blob references), then the plan onto an empty profile and onto itself.
  const { records } = await openRestorable(source, sample);
  const empty = Object.fromEntries(BACKUP_TABLES.map((t) => [t, []])) as unknown as Parameters<typeof planMerge>[0];
  const fresh = summarise(planMerge(records, empty));
  const again = summarise(planMerge(records, records));
  sample();
  await source.close();
  return { seconds: (performance.now() - start) / 1000, addedToEmpty: fresh.added, addedOntoItself: again.added };
}

const [step, a, b] = process.argv.slice(2);
const result = step === 'write' ? await write(Number(a), b!) : await merge(a!);
process.stdout.write(`${JSON.stringify({ ...result, peakHeapMiB: peakHeap / 2 ** 20 })}\n`);
