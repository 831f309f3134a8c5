// `blastograde grade <files...> [--model DIR] --json | --csv FILE [--backend auto|wasm|cpu]`
// The headless batch path and the reference the browser must match: the same decode,
// localisation, crop, normalisation and inference modules the app's workers run, on
// tfjs-wasm in Node. JSON on stdout; progress on stderr.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import Papa from 'papaparse';
import { decodeImage } from '../../features/ingest';
import { createInProcessGrader, ModelPackageError, type LocalGrader } from '../../features/inference/headless';
import { cropToInput, DEFAULT_MARGIN, loadOpenCv, locateEmbryo } from '../../features/preprocess';
import { gradeString } from '../../features/ranking';
import type { CropBox, Ellipse, HeadPrediction } from '../../lib/types';

export interface GradeRecord {
  file: string;
  ok: boolean;
  error?: string;
  ellipse: Ellipse | null;
  crop: CropBox | null;
  /** Combined grade from the argmax of each head, e.g. "4AB". */
  grade?: string;
  heads?: HeadPrediction[];
  modelId: string;
  modelVersion: string;
  modelHash: string;
  backend: string;
  inferenceMs?: number;
}

const USAGE = 'usage: blastograde grade <files...> [--model DIR] --json | --csv FILE [--backend auto|wasm|cpu]';
const require = createRequire(import.meta.url);
const repoRoot = resolve(dirname(new URL(import.meta.url).pathname), '..', '..', '..');

/** A model folder on disk as the loader's file source. */
function folderSource(dir: string) {
  return {
    label: dir,
    async read(file: string) {
      try {
        const bytes = await readFile(join(dir, file));
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
  };
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      model: { type: 'string', default: join(repoRoot, 'public', 'models', 'default') },
      json: { type: 'boolean', default: false },
      csv: { type: 'string' },
      backend: { type: 'string', default: 'auto' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stderr.write(`${USAGE}\n`);
    return 0;
  }
  const backend = values.backend;
  if (positionals.length === 0 || (!values.json && !values.csv) || (backend !== 'auto' && backend !== 'wasm' && backend !== 'cpu')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + sep;
  let grader: LocalGrader;
  try {
    grader = await createInProcessGrader(folderSource(resolve(values.model)), {
      backend,
      wasm: { paths: wasmDir },
    });
  } catch (error) {
    const message = error instanceof ModelPackageError ? error.message : `cannot load the model: ${(error as Error).message}`;
    process.stderr.write(`blastograde grade: ${message}\n`);
    return 1;
  }
  const { card } = grader;
  process.stderr.write(`model ${card.id} ${card.version} (${grader.modelHash.slice(0, 12)}) on ${grader.backend.name}: ${grader.backend.reason}\n`);
  const cv = await loadOpenCv();
  const records: GradeRecord[] = [];
  const identity = { modelId: card.id, modelVersion: card.version, modelHash: grader.modelHash, backend: grader.backend.name };
  for (const [index, file] of positionals.entries()) {
    process.stderr.write(`grade ${index + 1}/${positionals.length} ${file}\n`);
    const fail = (error: string, extra: Partial<GradeRecord> = {}): GradeRecord => ({ file, ok: false, error, ellipse: null, crop: null, ...identity, ...extra });
    let decoded;
    try {
      decoded = decodeImage(new Uint8Array(await readFile(file)));
    } catch (error) {
      records.push(fail(error instanceof Error ? error.message : String(error)));
      continue;
    }
    const located = locateEmbryo(cv, decoded, { margin: DEFAULT_MARGIN });
    if (!located.ok) {
      records.push(fail(located.error));
      continue;
    }
    const crop = cropToInput(decoded, located.crop, { size: card.input.size, resize: card.input.resize });
    const prediction = await grader.grade(crop);
    const argmax = (name: string) => prediction.heads.find((h) => h.name === name)?.argmax;
    records.push({
      file,
      ok: true,
      ellipse: located.ellipse,
      crop: located.crop,
      grade: gradeString(argmax('expansion'), argmax('icm'), argmax('te')),
      heads: prediction.heads,
      ...identity,
      inferenceMs: Math.round(prediction.inferenceMs),
    });
  }
  grader.dispose();
  if (values.csv) {
    await mkdir(dirname(resolve(values.csv)), { recursive: true });
    await writeFile(values.csv, toCsv(records));
    process.stderr.write(`wrote ${values.csv}\n`);
  }
  if (values.json) process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
  return 0;
}

/** One row per file: grade, each head's argmax, flag and every class probability. */
export function toCsv(records: GradeRecord[]): string {
  const headColumns = new Map<string, string[]>();
  for (const r of records) for (const h of r.heads ?? []) headColumns.set(h.name, h.classes);
  const fields = ['file', 'ok', 'error', 'grade'];
  for (const [name, classes] of headColumns) {
    fields.push(name, `${name}_low_confidence`, ...classes.map((c) => `p_${name}_${c}`));
  }
  fields.push('model_id', 'model_version', 'model_hash', 'backend', 'inference_ms');
  const rows = records.map((r) => {
    const row: Record<string, string | number | boolean> = { file: r.file, ok: r.ok, error: r.error ?? '', grade: r.grade ?? '' };
    for (const [name, classes] of headColumns) {
      const head = r.heads?.find((h) => h.name === name);
      row[name] = head?.argmax ?? '';
      row[`${name}_low_confidence`] = head ? head.lowConfidence : '';
      classes.forEach((c, i) => (row[`p_${name}_${c}`] = head ? head.probabilities[i]!.toFixed(6) : ''));
    }
    Object.assign(row, { model_id: r.modelId, model_version: r.modelVersion, model_hash: r.modelHash, backend: r.backend, inference_ms: r.inferenceMs ?? '' });
    return row;
  });
  return `${Papa.unparse({ fields, data: rows.map((row) => fields.map((f) => row[f] ?? '')) })}\n`;
}
