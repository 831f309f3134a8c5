// `blastograde preprocess <files...> --json [--out DIR] [--size N] [--margin M]`
// Locates the embryo in each image with prepareImage, the function the browser worker
// runs, and prints one JSON object per file (original-image pixels). With --out, writes
// each crop as DIR/<basename>.png at N x N, so training uses exactly the app's crops.
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { prepareImage } from '../../features/pipeline';
import { DEFAULT_MARGIN } from '../../features/preprocess';
import { encodePngRgba } from '../../lib/image/png';
import type { CropBox, Ellipse } from '../../lib/types';
import { defineCommand } from '../command';
import { readImageFile } from '../read-image-file';

export interface PreprocessRecord {
  file: string;
  ok: boolean;
  error?: string;
  warnings: string[];
  notes?: string[];
  quality: number | null;
  ellipse: Ellipse | null;
  crop: CropBox | null;
  width?: number;
  height?: number;
  output?: string;
}

const USAGE = 'usage: blastograde preprocess <files...> --json [--out DIR] [--size N] [--margin M] [--resize bilinear|nearest]';

const PREPROCESS_OPTIONS = {
  json: { type: 'boolean', default: false },
  out: { type: 'string' },
  size: { type: 'string', default: '320' },
  margin: { type: 'string', default: String(DEFAULT_MARGIN) },
  resize: { type: 'string', default: 'bilinear' },
} as const;

export const run = defineCommand({ name: 'preprocess', usage: USAGE, options: PREPROCESS_OPTIONS, positionals: true }, async ({ values, positionals }, { log, usageError, json }) => {
  const size = Number(values.size);
  const margin = Number(values.margin);
  const resize = values.resize;
  if (positionals.length === 0 || !Number.isInteger(size) || size < 1 || !(margin >= 0) || (resize !== 'bilinear' && resize !== 'nearest')) return usageError();
  if (values.out) await mkdir(values.out, { recursive: true });
  const records: PreprocessRecord[] = [];
  for (const [index, file] of positionals.entries()) {
    log(`preprocess ${index + 1}/${positionals.length} ${file}`);
    records.push(await processFile(file, { margin, size, resize, out: values.out }));
  }
  if (values.json) return json(records);
  for (const r of records) process.stdout.write(`${r.file}\t${r.ok ? `ok crop=${r.crop!.x},${r.crop!.y},${r.crop!.size} quality=${r.quality}` : `error ${r.error}`}\n`);
  return 0;
});

async function processFile(
  file: string,
  options: { margin: number; size: number; resize: 'bilinear' | 'nearest'; out?: string },
): Promise<PreprocessRecord> {
  const failed = (error: string, extra: Partial<PreprocessRecord> = {}): PreprocessRecord => ({
    file,
    ok: false,
    error,
    warnings: [],
    quality: null,
    ellipse: null,
    crop: null,
    ...extra,
  });
  const read = await readImageFile(file);
  if (!read.ok) return failed(read.error);
  const prepared = await prepareImage(read.bytes, { inputSize: [options.size, options.size], resize: options.resize, margin: options.margin });
  if (!prepared.ok && prepared.stage === 'decode') return failed(prepared.error);
  const { width, height, notes, warnings } = prepared;
  const base = { width, height, ...(notes.length ? { notes } : {}) };
  if (!prepared.ok) return { ...failed(prepared.error, base), warnings };
  const { ellipse, crop, quality } = prepared.localisation;
  const record: PreprocessRecord = { file, ok: true, warnings, quality, ellipse, crop, ...base };
  if (options.out) {
    const output = join(options.out, `${basename(file, extname(file))}.png`);
    await writeFile(output, encodePngRgba(prepared.input));
    record.output = output;
  }
  return record;
}
