// `blastograde adapt <files or folders...> [--model DIR] --out DIR [--layers N|all] [--id ID]
//   [--phantoms N] [--seed S] [--force]`
// Adapts a model to a lab's unlabelled images (AdaBN on the folded convolutions) and
// writes a new, complete model package; the base package is never touched. Source
// statistics come from the package when it ships them for this seed and phantom count
// (adapt-source writes them), else from phantoms rendered here (the training domain of the
// shipped model), prepared exactly like the user's images. The job itself (runAdaptJob) is the one the
// app's adapt worker runs; this command reads files, writes the package and reports.
// JSON summary on stdout, progress on stderr.
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chooseBackend, folderSource, loadModelPackage, nodeWasmDir, type LoadedModelPackage } from '../../features/inference/headless';
import { adaptableLayers, DEFAULT_ADAPT_LAYERS, AdaptError, type AdaptJobProgress, runAdaptJob } from '../../features/adapt/headless';
import { ModelPackageError } from '../../features/inference';
import { sniffFormat } from '../../features/ingest';
import { readImageFile } from '../read-image-file';
import { parseSourceOptions, SOURCE_OPTIONS } from './source-options';
import { defineCommand } from '../command';
import { DEFAULT_MODEL_DIR } from '../default-model';
import { modelLoadRefusal } from '../model-options';
import { outputFolderProblem, packageIdentity, writePackageFolder } from '../write-package-folder';

const USAGE =
  `usage: blastograde adapt <files or folders...> [--model DIR] --out DIR [--layers N|all (default ${DEFAULT_ADAPT_LAYERS})] [--id ID] [--phantoms N] [--seed S] [--force] [--backend auto|wasm|cpu]`;

const seconds = (ms: number) => Math.round(ms / 100) / 10;

/** Files named, and every image file (by content) directly inside folders named. */
async function imageFiles(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (!info?.isDirectory()) {
      out.push(path);
      continue;
    }
    for (const name of (await readdir(path)).sort()) {
      const file = join(path, name);
      const read = await readImageFile(file);
      if (read.ok && sniffFormat(read.bytes.subarray(0, 16)).kind === 'image') out.push(file);
    }
  }
  return out;
}

/** The stderr lines of a job's progress: each image prepared, every 16th phantom, each layer adapted. */
function progressLine(p: AdaptJobProgress, files: string[]): string | null {
  if (p.stage === 'prepare') return p.done < p.of ? `prepare ${p.done + 1}/${p.of} ${files[p.done]}` : null;
  if (p.stage === 'phantoms') return p.done < p.of && p.done % 16 === 0 ? `phantoms ${p.done + 1}/${p.of}` : null;
  if (p.done !== p.of) return null;
  return p.stage === 'source' ? `source statistics of ${p.layers} layers measured` : `layer ${p.layer}/${p.layers} ${p.item} adapted`;
}

const ADAPT_OPTIONS = {
  model: { type: 'string', default: DEFAULT_MODEL_DIR },
  out: { type: 'string' },
  layers: { type: 'string', default: String(DEFAULT_ADAPT_LAYERS) },
  id: { type: 'string' },
  ...SOURCE_OPTIONS,
  force: { type: 'boolean', default: false },
} as const;

export const run = defineCommand({ name: 'adapt', usage: USAGE, options: ADAPT_OPTIONS, positionals: true }, async ({ values, positionals }, { say, refuse, usageError, json }) => {
  const layers = values.layers === 'all' ? 'all' : Number(values.layers);
  const source = parseSourceOptions(values);
  if (!values.out || !source || (layers !== 'all' && !(Number.isInteger(layers) && layers >= 1))) return usageError();
  const { phantoms: phantomCount, backend: backendName } = source;
  if (positionals.length === 0) return usageError("no images: name the lab's image files or folders to adapt to");
  const out = resolve(values.out);
  const outProblem = await outputFolderProblem(out, values.model, values.force);
  if (outProblem) return refuse(outProblem);

  const started = Date.now();
  let pkg: LoadedModelPackage;
  try {
    pkg = await loadModelPackage(folderSource(resolve(values.model)));
    // Refuse a model or layer count adaptation cannot follow before preparing hundreds of images.
    adaptableLayers(pkg, layers);
  } catch (error) {
    return refuse(error instanceof AdaptError ? error.message : modelLoadRefusal(error));
  }
  const files = await imageFiles(positionals);
  if (files.length === 0) return refuse(`no images found in ${positionals.join(', ')}`);

  const backend = await chooseBackend(backendName, { paths: nodeWasmDir() });
  say(`model ${pkg.card.id} ${pkg.card.version} on ${backend.name}; ${files.length} images; source: ${phantomCount} phantoms, seed ${values.seed}`);
  let job;
  try {
    job = await runAdaptJob(
      pkg,
      files.map((file) => ({ name: file, read: () => readImageFile(file) })),
      {
        layers,
        phantoms: phantomCount,
        seed: values.seed,
        id: values.id,
        onNote: say,
        onProgress: (p) => {
          const line = progressLine(p, files);
          if (line) say(line);
        },
      },
    );
  } catch (error) {
    if (error instanceof AdaptError || error instanceof ModelPackageError) return refuse(error.message);
    throw error;
  }
  const { adapted, timings } = job;
  say(`source statistics: ${job.sourceFrom === 'package' ? 'shipped in the package' : job.sourceFrom === 'cache' ? 'cached' : 'rendered'} (${job.sourceImages} phantoms)`);
  const check = await writePackageFolder(out, adapted.files);
  say(`wrote ${out}`);
  const summary = {
    out,
    model: packageIdentity(check),
    base: adapted.card.adaptation!.baseModel,
    backend: backend.name,
    images: { given: job.images.given, used: job.images.used, failed: job.images.failed.map(({ name, error }) => ({ file: name, error })) },
    sourceImages: job.sourceImages,
    sourceFrom: job.sourceFrom,
    layers: adapted.layers,
    seconds: seconds(Date.now() - started),
    timings: { prepareSeconds: seconds(timings.prepareMs), phantomSeconds: seconds(timings.phantomMs), adaptSeconds: seconds(timings.adaptMs) },
  };
  return json(summary);
});
