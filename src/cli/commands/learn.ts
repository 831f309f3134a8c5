// `blastograde learn --labels SHEET --images DIR [--model BASE] [--folds 5] [--seed N]
//   [--positive-label good] --out DIR [--id ID] [--force] [--strict] [--cache DIR] [--jobs J] [--backend auto|wasm|cpu]`
// Learns from a lab's own grades and outcomes: the sheet is checked and its rows paired with the
// folder's images by the plan the app's import uses (a bad sheet is refused whole, with the same
// sentences), the images are kept one per content and ordered by content hash as the app keeps
// them (twins that disagree on a label lose that label, as in the app; the sheet's row order does
// not matter); then the learning job (runLearnJob, the one the app's learning worker runs)
// prepares each image as grading prepares it, takes the base trunk's pooled features and
// cross-validates and fits the heads. This command hashes the files (streaming, keeping only
// path and key), hands the job examples that read their file when their turn comes, and writes
// the package.
// The cross-validated report goes to stdout as JSON, progress to stderr. A labelled image that
// cannot be read, decoded or located is left out and listed (stderr, and `skipped` in the JSON;
// the card counts it); with --strict any such image refuses the run and nothing is written.
// --cache DIR keeps each image's features in a folder (folder-feature-cache.ts), so a second run
// reads them back, and remembers the images that could not be prepared (with why), so a warm run
// lists them without decoding them again; without it nothing is cached.
// --jobs J (default: the CPUs, at most 4) prepares the images, runs the trunk batches and fits
// the heads on J worker threads (learn-worker-pool.ts); the package is the same bytes as with
// --jobs 1 (in process).
import { readdir, readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { chooseBackend, folderSource, loadModelPackage, nodeWasmDir, type LoadedModelPackage } from '../../features/inference/headless';
import { isImageName, LABEL_COLUMNS, planArchiveImport, rowLabels } from '../../features/learning';
import { LearnError, runLearnJob, UnusableImagesError, type LearnJobProgress, type SkippedImage } from '../../features/learner/headless';
import { defineCommand } from '../command';
import { folderFeatureCache } from '../folder-feature-cache';
import { DEFAULT_MODEL_DIR } from '../default-model';
import { BACKEND_OPTION, isNodeBackend, modelLoadRefusal, type NodeBackendName } from '../model-options';
import { learnJobExamples } from '../learn-job-examples';
import { learnWorkerPool } from '../learn-worker-pool';
import { outputFolderProblem, packageIdentity, writePackageFolder } from '../write-package-folder';

const LEARN_OPTIONS = {
  labels: { type: 'string' },
  images: { type: 'string' },
  model: { type: 'string', default: DEFAULT_MODEL_DIR },
  folds: { type: 'string', default: '5' },
  seed: { type: 'string', default: '1' },
  'positive-label': { type: 'string', default: 'good' },
  out: { type: 'string' },
  id: { type: 'string' },
  force: { type: 'boolean', default: false },
  strict: { type: 'boolean', default: false },
  cache: { type: 'string' },
  jobs: { type: 'string', default: String(Math.min(4, availableParallelism())) },
  ...BACKEND_OPTION,
} as const;

const seconds = (from: number) => Math.round((performance.now() - from) / 100) / 10;

/** The stderr line of a job's progress: the base once the examples pass the checks, each image, each fold and fit. */
function progressLine(p: LearnJobProgress, base: LoadedModelPackage, backend: string): string | null {
  if (p.stage === 'ready') return `base model ${base.card.id} ${base.card.version} on ${backend}; ${p.examples} labelled images`;
  if (p.stage === 'features' && p.unusable) return `cannot use ${p.item}: ${p.unusable}`;
  if (p.stage === 'features') return p.item ? `prepare ${p.done + 1}/${p.total} ${p.item}` : `features of ${p.total} images taken${p.cached ? ` (${p.cached} from the cache)` : ''}`;
  if (p.stage === 'cross-validation') return `cross-validation ${p.label} fold ${p.fold} (${p.done}/${p.total})`;
  if (p.stage === 'final-fit') return `final fit ${p.label} (${p.done}/${p.total})`;
  return p.stage === 'writing' && p.done === 0 ? 'writing the package' : null;
}

/** The images left out, one stderr line each, after a line saying how many of how many. */
function saySkipped(skipped: readonly SkippedImage[], total: number, say: (line: string) => void) {
  if (skipped.length === 0) return;
  say(`skipped ${skipped.length} of ${total} labelled images that could not be used (learned from the rest; --strict refuses instead):`);
  for (const image of skipped) say(`  skipped ${image.name}: ${image.error}`);
}

export const run = defineCommand(
  {
    name: 'learn',
    usage:
      'usage: blastograde learn --labels SHEET --images DIR [--model DIR] [--folds N] [--seed N] [--positive-label good] --out DIR [--id ID] [--force] [--strict] [--cache DIR] [--jobs J] [--backend auto|wasm|cpu]',
    options: LEARN_OPTIONS,
  },
  async ({ values }, { say, refuse, usageError, json }) => {
    const folds = Number(values.folds);
    const seed = Number(values.seed);
    const jobs = Number(values.jobs);
    const backendName = values.backend;
    const positiveLabel = values['positive-label'].trim();
    if (!values.labels || !values.images || !values.out || !Number.isInteger(folds) || folds < 2 || !Number.isInteger(seed) || !positiveLabel || !isNodeBackend(backendName) || !Number.isInteger(jobs) || jobs < 1) {
      return usageError();
    }
    const out = resolve(values.out);
    const outProblem = await outputFolderProblem(out, values.model, values.force);
    if (outProblem) return refuse(outProblem);
    const started = performance.now();

    // The sheet, planned against the folder's images as the app plans an import: the app's header
    // aliases, and a column named like the positive label (e.g. "good") read as the outcome.
    const sheetName = basename(values.labels);
    const sheetBytes = await readFile(values.labels).catch(() => null);
    if (!sheetBytes) return refuse(`cannot read the label sheet ${values.labels}`);
    const imageDir = resolve(values.images);
    const names = (await readdir(imageDir).catch(() => null))?.filter(isImageName).sort();
    if (!names) return refuse(`cannot read the image folder ${imageDir}`);
    const alias = (LABEL_COLUMNS as readonly string[]).includes(positiveLabel.toLowerCase()) || positiveLabel.toLowerCase() === 'file' ? {} : { [positiveLabel]: 'outcome' as const };
    const plan = await planArchiveImport(new Uint8Array(sheetBytes), names, { columnAliases: alias, host: 'cli', strict: values.strict });
    if (plan.summary) say(plan.summary);
    if (!plan.ok) return refuse([`${sheetName}: ${plan.refusal}`, ...plan.problems.map((p) => `  ${p}`)].join('\n'));
    for (const note of plan.notes) say(note);

    let base: LoadedModelPackage;
    try {
      base = await loadModelPackage(folderSource(resolve(values.model)));
    } catch (error) {
      return refuse(modelLoadRefusal(error));
    }
    const backend = await chooseBackend(backendName, { paths: nodeWasmDir() });
    // The trunk and the head fits on worker threads, started now so that their backend and model
    // are ready by the time the files are hashed and the cache read; --jobs 1: here.
    const pool = jobs > 1 ? learnWorkerPool(jobs, { backend: backend.name as NodeBackendName, modelDir: resolve(values.model), modelHash: base.modelHash }) : undefined;
    // One example per image content, in content-hash order, as the app keeps them. Each file is
    // hashed as a stream and only its path and key kept; the job reads it when its turn comes, so
    // memory does not grow with the archive's bytes.
    const files = plan.matched.map((m) => ({ image: m.image, labels: rowLabels(m.row), path: join(imageDir, m.image) }));
    const { examples, twins, unreadable } = await learnJobExamples(files, sheetName).catch(async (error: unknown) => {
      await pool?.close();
      throw error;
    });
    if (unreadable.length > 0 && values.strict) {
      await pool?.close();
      return refuse([`${unreadable.length} labelled image${unreadable.length === 1 ? '' : 's'} could not be read (nothing was written):`, ...unreadable.map((f) => `  ${f.image}: ${f.error}`)].join('\n'));
    }
    for (const twin of twins) say(twin.message);
    const cache = values.cache ? folderFeatureCache(resolve(values.cache)) : undefined;
    const jobStarted = performance.now();
    let job;
    try {
      job = await runLearnJob(base, examples, {
        folds,
        seed,
        positiveLabel,
        id: values.id,
        strict: values.strict,
        featureCache: cache,
        trunk: pool?.trunk,
        preparer: pool?.preparer,
        fitter: pool?.fitter,
        onProgress: (p) => {
          const line = progressLine(p, base, backend.name);
          if (line) say(line);
        },
      });
    } catch (error) {
      if (error instanceof UnusableImagesError) {
        const n = error.images.length;
        return refuse([`${n} labelled image${n === 1 ? '' : 's'} could not be prepared (nothing was written):`, ...error.images.map((f) => `  ${f.name}: ${f.error}`)].join('\n'));
      }
      if (error instanceof LearnError) return refuse(`${error.message} (nothing was written)`);
      throw error;
    } finally {
      await pool?.close();
    }
    const { learned, timings, skipped } = job;
    saySkipped(skipped, examples.length, say);
    if (cache && cache.stats.corrupt > 0) say(`cache: ${cache.stats.corrupt} unusable cache file${cache.stats.corrupt === 1 ? '' : 's'} ignored; their features were computed again`);
    if (cache && cache.stats.failuresRead > 0) say(`cache: ${cache.stats.failuresRead} image${cache.stats.failuresRead === 1 ? '' : 's'} known from an earlier run not to be usable: listed, not decoded again`);
    if (cache && cache.stats.writeFailures > 0) say(`warning: ${cache.stats.writeFailures} feature file${cache.stats.writeFailures === 1 ? '' : 's'} could not be written to the cache ${cache.dir}: ${cache.stats.firstWriteError}`);
    for (const warning of learned.report.warnings) say(`warning: ${warning}`);
    const check = await writePackageFolder(out, learned.files);
    say(`wrote ${out}`);
    const summary = {
      out,
      model: packageIdentity(check),
      base: check.card.learning!.baseModel,
      backend: backend.name,
      sheet: { rows: plan.matched.length, notes: plan.notes, imagesWithoutRow: plan.imagesWithoutRow.length, summary: plan.summary },
      examples: learned.report.examples,
      twins,
      skipped,
      features: { ...job.features, cache: cache ? { dir: cache.dir, corrupt: cache.stats.corrupt, failuresRead: cache.stats.failuresRead, writeFailures: cache.stats.writeFailures } : null },
      timings: {
        // Reading the sheet and images and loading the model count as preparing, as before the job.
        prepareSeconds: Math.round((jobStarted - started + timings.prepareMs) / 100) / 10,
        featureSeconds: Math.round(timings.trunkMs / 100) / 10,
        ...learned.report.seconds,
        totalSeconds: seconds(started),
      },
      report: learned.report,
    };
    return json(summary);
  },
);
