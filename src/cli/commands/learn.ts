// `blastograde learn --labels SHEET --images DIR [--model BASE] [--folds 5] [--seed N]
//   [--positive-label good] --out DIR [--id ID] [--force] [--backend auto|wasm|cpu]`
// Learns from a lab's own grades and outcomes: the sheet's rows are paired with the folder's
// images, kept one per image content and ordered by content hash as the app keeps them (so the
// sheet's row order does not matter), each image is prepared as grading prepares it, the base
// trunk's pooled features are taken once, and the learning engine (the same code a browser worker runs) cross-validates
// and fits the heads. The cross-validated report goes to stdout as JSON, progress to stderr;
// the package is written only when everything was usable (bad input changes nothing).
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chooseBackend, folderSource, loadModelPackage, ModelPackageError, nodeWasmDir, normalizeInput, type LoadedModelPackage } from '../../features/inference/headless';
import { LABEL_COLUMNS, matchExamples, parseLabelSheet, type LabelRow, type LabelSheetProblem } from '../../features/learning';
import { checkLearnable, extractFeatures, learnFromExamples, LearnError, releaseFeatureGraph, type LearningExample, type LearnProgress } from '../../features/learning/headless';
import { prepareImage } from '../../features/pipeline';
import { DEFAULT_MODEL_DIR } from '../default-model';
import { oneExamplePerImage, type ImageRow } from '../one-example-per-image';
import { readImageFile } from '../read-image-file';
import { outputFolderProblem, writePackageFolder } from '../write-package-folder';

const USAGE =
  'usage: blastograde learn --labels SHEET --images DIR [--model DIR] [--folds N] [--seed N] [--positive-label good] --out DIR [--id ID] [--force] [--backend auto|wasm|cpu]';
/** Sheet problems that make the sheet untrustworthy as a whole: nothing is learned until they are fixed. */
const BLOCKING: ReadonlySet<LabelSheetProblem['kind']> = new Set(['unknown-column', 'duplicate-column', 'invalid-grade', 'invalid-outcome', 'duplicate-file']);

const say = (line: string) => process.stderr.write(`learn: ${line}\n`);
const refuse = (message: string, code = 1) => {
  process.stderr.write(`blastograde learn: ${message}\n`);
  return code;
};
const seconds = (from: number) => Math.round((performance.now() - from) / 100) / 10;

function describeProgress(p: LearnProgress): string | null {
  if (p.stage === 'cross-validation') return `cross-validation ${p.label} fold ${p.fold} (${p.done}/${p.total})`;
  if (p.stage === 'final-fit') return `final fit ${p.label} (${p.done}/${p.total})`;
  return p.stage === 'writing' && p.done === 0 ? 'writing the package' : null;
}

async function prepareInput(bytes: Uint8Array, pkg: LoadedModelPackage) {
  const prepared = await prepareImage(bytes, { inputSize: pkg.card.input.size, resize: pkg.card.input.resize });
  return prepared.ok ? { ok: true as const, input: normalizeInput(prepared.input, pkg.card.input.normalization) } : { ok: false as const, error: prepared.error };
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      labels: { type: 'string' },
      images: { type: 'string' },
      model: { type: 'string', default: DEFAULT_MODEL_DIR },
      folds: { type: 'string', default: '5' },
      seed: { type: 'string', default: '1' },
      'positive-label': { type: 'string', default: 'good' },
      out: { type: 'string' },
      id: { type: 'string' },
      force: { type: 'boolean', default: false },
      backend: { type: 'string', default: 'auto' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stderr.write(`${USAGE}\n`);
    return 0;
  }
  const folds = Number(values.folds);
  const seed = Number(values.seed);
  const backendName = values.backend;
  const positiveLabel = values['positive-label'].trim();
  if (!values.labels || !values.images || !values.out || !Number.isInteger(folds) || folds < 2 || !Number.isInteger(seed) || !positiveLabel || !['auto', 'wasm', 'cpu'].includes(backendName)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const out = resolve(values.out);
  const outProblem = await outputFolderProblem(out, values.model, values.force);
  if (outProblem) return refuse(outProblem);
  const started = performance.now();

  // The sheet: a column named like the positive label (e.g. "good") is read as the outcome.
  const sheetBytes = await readFile(values.labels).catch(() => null);
  if (!sheetBytes) return refuse(`cannot read the label sheet ${values.labels}`);
  const alias = (LABEL_COLUMNS as readonly string[]).includes(positiveLabel.toLowerCase()) || positiveLabel.toLowerCase() === 'file' ? {} : { [positiveLabel]: 'outcome' as const };
  const sheet = await parseLabelSheet(new Uint8Array(sheetBytes), { columnAliases: alias });
  if (!sheet.ok) return refuse([sheet.refusal, ...sheet.problems.map((p) => `  ${p.message}`)].join('\n'));
  const blocking = sheet.problems.filter((p) => BLOCKING.has(p.kind));
  const notes = sheet.problems.filter((p) => !BLOCKING.has(p.kind));
  if (blocking.length > 0) {
    return refuse([`the label sheet has ${blocking.length} problem${blocking.length === 1 ? '' : 's'}; fix ${blocking.length === 1 ? 'it' : 'them'} and run again (nothing was written):`, ...blocking.map((p) => `  ${p.message}`)].join('\n'));
  }

  const imageDir = resolve(values.images);
  const names = (await readdir(imageDir).catch(() => null))?.sort();
  if (!names) return refuse(`cannot read the image folder ${imageDir}`);
  const match = matchExamples(sheet.rows, names);
  say(match.summary);
  if (match.unmatchedRows.length > 0) {
    return refuse([`${match.unmatchedRows.length} row${match.unmatchedRows.length === 1 ? '' : 's'} of the sheet did not match one image (nothing was written):`, ...match.unmatchedRows.map((u) => `  ${u.message}`)].join('\n'));
  }

  let base: LoadedModelPackage;
  try {
    base = await loadModelPackage(folderSource(resolve(values.model)));
  } catch (error) {
    return refuse(error instanceof ModelPackageError ? error.message : `cannot load the model: ${(error as Error).message}`);
  }
  // One example per image content, in content-hash order, as the app keeps them.
  const read: ImageRow<LabelRow>[] = [];
  const unreadable: { file: string; error: string }[] = [];
  for (const example of match.matched) {
    const file = await readImageFile(join(imageDir, example.image));
    if (file.ok) read.push({ image: example.image, row: example.row, bytes: file.bytes });
    else unreadable.push({ file: example.image, error: file.error });
  }
  if (unreadable.length > 0) {
    return refuse([`${unreadable.length} labelled image${unreadable.length === 1 ? '' : 's'} could not be read (nothing was written):`, ...unreadable.map((f) => `  ${f.file}: ${f.error}`)].join('\n'));
  }
  const { examples: keyed, duplicates } = await oneExamplePerImage(read);
  for (const duplicate of duplicates) say(duplicate.message);
  try {
    checkLearnable(base, keyed.map((m) => labelsOf(m.row)), { folds, seed });
  } catch (error) {
    if (error instanceof LearnError) return refuse(`${error.message} (nothing was written)`);
    throw error;
  }
  const backend = await chooseBackend(backendName as 'auto' | 'wasm' | 'cpu', { paths: nodeWasmDir() });
  say(`base model ${base.card.id} ${base.card.version} on ${backend.name}; ${keyed.length} labelled images`);

  const inputs: Float32Array[] = [];
  const failed: { file: string; error: string }[] = [];
  for (const [index, example] of keyed.entries()) {
    say(`prepare ${index + 1}/${keyed.length} ${example.image}`);
    const prepared = await prepareInput(example.bytes, base);
    if (prepared.ok) inputs.push(prepared.input);
    else failed.push({ file: example.image, error: prepared.error });
  }
  if (failed.length > 0) {
    return refuse([`${failed.length} labelled image${failed.length === 1 ? '' : 's'} could not be prepared (nothing was written):`, ...failed.map((f) => `  ${f.file}: ${f.error}`)].join('\n'));
  }
  const prepared = performance.now();
  const features = await extractFeatures(base, inputs, { onProgress: (done, total) => done === total && say(`features of ${total} images taken`) });
  await releaseFeatureGraph(base);
  const featured = performance.now();
  const source = basename(values.labels);
  const examples: LearningExample[] = keyed.map((m, i) => ({ key: m.key, features: features[i]!, labels: labelsOf(m.row), source }));

  let learned;
  try {
    learned = await learnFromExamples(base, examples, {
      folds,
      seed,
      positiveLabel,
      sources: [source],
      id: values.id,
      onProgress: (p) => {
        const line = describeProgress(p);
        if (line) say(line);
      },
    });
  } catch (error) {
    if (error instanceof LearnError) return refuse(`${error.message} (nothing was written)`);
    throw error;
  }
  for (const warning of learned.report.warnings) say(`warning: ${warning}`);
  const check = await writePackageFolder(out, learned.files);
  say(`wrote ${out}`);
  const summary = {
    out,
    model: { id: check.card.id, version: check.card.version, hash: check.modelHash },
    base: check.card.learning!.baseModel,
    backend: backend.name,
    sheet: { rows: sheet.rows.length, notes: notes.map((p) => p.message), imagesWithoutRow: match.imagesWithoutRow.length, summary: match.summary },
    examples: examples.length,
    duplicates,
    timings: {
      prepareSeconds: Math.round((prepared - started) / 100) / 10,
      featureSeconds: Math.round((featured - prepared) / 100) / 10,
      ...learned.report.seconds,
      totalSeconds: seconds(started),
    },
    report: learned.report,
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  return 0;
}

function labelsOf(row: { expansion?: string; icm?: string; te?: string; outcome?: 0 | 1 }): LearningExample['labels'] {
  const { expansion, icm, te, outcome } = row;
  return { ...(expansion !== undefined ? { expansion } : {}), ...(icm !== undefined ? { icm } : {}), ...(te !== undefined ? { te } : {}), ...(outcome !== undefined ? { outcome } : {}) };
}
