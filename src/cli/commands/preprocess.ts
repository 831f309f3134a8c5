// `blastograde preprocess <files...> --json [--out DIR] [--size N] [--margin M]`
// Locates the embryo in each image with the same code the browser worker runs and
// prints one JSON object per file (original-image pixels). With --out, writes each
// crop as DIR/<basename>.png at N x N, so training uses exactly the app's crops.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeImage } from '../../features/ingest';
import { cropToInput, DEFAULT_MARGIN, loadOpenCv, locateEmbryo } from '../../features/preprocess';
import { encodePngRgba } from '../../lib/image/png';
import type { CropBox, Ellipse } from '../../lib/types';

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
  const cv = await loadOpenCv();
  const records: PreprocessRecord[] = [];
  for (const [index, file] of positionals.entries()) {
    process.stderr.write(`preprocess ${index + 1}/${positionals.length} ${file}\n`);
    records.push(await processFile(cv, file, { margin, size, resize, out: values.out }));
  }
  if (values.json) process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
  else for (const r of records) process.stdout.write(`${r.file}\t${r.ok ? `ok crop=${r.crop!.x},${r.crop!.y},${r.crop!.size} quality=${r.quality}` : `error ${r.error}`}\n`);
  return 0;
}

async function processFile(
  cv: Awaited<ReturnType<typeof loadOpenCv>>,
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
  let decoded;
  try {
    decoded = decodeImage(new Uint8Array(await readFile(file)));
  } catch (error) {
    return failed(error instanceof Error ? error.message : String(error));
  }
  const { width, height, notes } = decoded;
  const located = locateEmbryo(cv, decoded, { margin: options.margin });
  const base = { width, height, ...(notes.length ? { notes } : {}) };
  if (!located.ok) return { ...failed(located.error, base), warnings: located.warnings };
  const record: PreprocessRecord = { file, ok: true, warnings: located.warnings, quality: located.quality, ellipse: located.ellipse, crop: located.crop, ...base };
  if (options.out) {
    const output = join(options.out, `${basename(file, extname(file))}.png`);
    const crop = cropToInput(decoded, located.crop, { size: [options.size, options.size], resize: options.resize });
    await writeFile(output, encodePngRgba(crop));
    record.output = output;
  }
  return record;
}
