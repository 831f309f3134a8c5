// `blastograde preprocess <files...> --json [--out DIR] [--size N] [--margin M]`
// Locates the embryo in each image with prepareImage, the function the browser worker
// runs, and prints one JSON object per file (original-image pixels). With --out, writes
// each crop as DIR/<basename>.png at N x N, so training uses exactly the app's crops.
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { prepareImage } from '../../features/pipeline';
import { DEFAULT_MARGIN } from '../../features/preprocess';
import { encodePngRgba } from '../../lib/image/png';
import type { CropBox, Ellipse } from '../../lib/types';
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

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      out: { type: 'string' },
      size: { type: 'string', default: '320' },
      margin: { type: 'string', default: String(DEFAULT_MARGIN) },
      resize: { type: 'string', default: 'bilinear' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stderr.write(`${USAGE}\n`);
    return 0;
  }
  const size = Number(values.size);
  const margin = Number(values.margin);
  const resize = values.resize;
  if (positionals.length === 0 || !Number.isInteger(size) || size < 1 || !(margin >= 0) || (resize !== 'bilinear' && resize !== 'nearest')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (values.out) await mkdir(values.out, { recursive: true });
  const records: PreprocessRecord[] = [];
  for (const [index, file] of positionals.entries()) {
    process.stderr.write(`preprocess ${index + 1}/${positionals.length} ${file}\n`);
    records.push(await processFile(file, { margin, size, resize, out: values.out }));
  }
  if (values.json) process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
  else for (const r of records) process.stdout.write(`${r.file}\t${r.ok ? `ok crop=${r.crop!.x},${r.crop!.y},${r.crop!.size} quality=${r.quality}` : `error ${r.error}`}\n`);
  return 0;
}

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
