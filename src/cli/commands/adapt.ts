// `blastograde adapt <files or folders...> [--model DIR] --out DIR [--layers N|all] [--id ID]
//   [--phantoms N] [--seed S] [--force]`
// Adapts a model to a lab's unlabelled images (AdaBN on the folded convolutions) and
// writes a new, complete model package; the base package is never touched. Source
// statistics come from phantoms rendered here (the training domain of the shipped
// model), prepared exactly like the user's images. JSON summary on stdout, progress on stderr.
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  AdaptError,
  adaptModel,
  chooseBackend,
  convSteps,
  convTrunk,
  folderSource,
  loadModelPackage,
  ModelPackageError,
  nodeWasmDir,
  normalizeInput,
  type LoadedModelPackage,
} from '../../features/inference/headless';
import { sniffFormat } from '../../features/ingest';
import { phantomPng, renderPhantom, type NuisancePreset } from '../../features/phantom';
import { prepareImage } from '../../features/pipeline';
import { readImageFile } from '../read-image-file';
import { DEFAULT_MODEL_DIR } from '../default-model';

const USAGE =
  'usage: blastograde adapt <files or folders...> [--model DIR] --out DIR [--layers N|all] [--id ID] [--phantoms N] [--seed S] [--force] [--backend auto|wasm|cpu]';
/** Below this, per-channel statistics of a whole lab are guesswork. */
export const MIN_IMAGES = 8;
const NUISANCE_CYCLE: NuisancePreset[] = ['none', 'default', 'high'];

const seconds = (from: number, to: number) => Math.round((to - from) / 100) / 10;
const say = (line: string) => process.stderr.write(`adapt: ${line}\n`);
const refuse = (message: string, code = 1) => {
  process.stderr.write(`blastograde adapt: ${message}\n`);
  return code;
};

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

async function isEmptyOrMissing(dir: string): Promise<boolean> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? [] : Promise.reject(error)));
  return entries.length === 0;
}

async function prepare(bytes: Uint8Array, pkg: LoadedModelPackage) {
  const prepared = await prepareImage(bytes, { inputSize: pkg.card.input.size, resize: pkg.card.input.resize });
  return prepared.ok ? { ok: true as const, input: normalizeInput(prepared.input, pkg.card.input.normalization) } : prepared;
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      model: { type: 'string', default: DEFAULT_MODEL_DIR },
      out: { type: 'string' },
      layers: { type: 'string', default: 'all' },
      id: { type: 'string' },
      phantoms: { type: 'string', default: '96' },
      seed: { type: 'string', default: '20261129' },
      force: { type: 'boolean', default: false },
      backend: { type: 'string', default: 'auto' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stderr.write(`${USAGE}\n`);
    return 0;
  }
  const backendName = values.backend;
  const layers = values.layers === 'all' ? undefined : Number(values.layers);
  const phantomCount = Number(values.phantoms);
  if (!values.out || (backendName !== 'auto' && backendName !== 'wasm' && backendName !== 'cpu') || (layers !== undefined && !(Number.isInteger(layers) && layers >= 1)) || !(Number.isInteger(phantomCount) && phantomCount >= MIN_IMAGES)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (positionals.length === 0) return refuse(`no images: name the lab's image files or folders to adapt to\n${USAGE}`, 2);
  const out = resolve(values.out);
  if (out === resolve(values.model)) return refuse('--out is the base model folder; the base package is never overwritten');
  if (!values.force && !(await isEmptyOrMissing(out))) return refuse(`output folder ${out} is not empty (use --force to write into it)`);

  const started = Date.now();
  let pkg: LoadedModelPackage;
  try {
    pkg = await loadModelPackage(folderSource(resolve(values.model)));
  } catch (error) {
    return refuse(error instanceof ModelPackageError ? error.message : `cannot load the model: ${(error as Error).message}`);
  }
  // Refuse a model adaptation cannot follow before preparing hundreds of images.
  try {
    const convs = convSteps(convTrunk(pkg.modelJson)).length;
    if (layers !== undefined && layers > convs) return refuse(`--layers must be between 1 and ${convs} (the model's convolutions), not ${layers}`);
  } catch (error) {
    if (error instanceof AdaptError) return refuse(error.message);
    throw error;
  }
  const files = await imageFiles(positionals);
  if (files.length === 0) return refuse(`no images found in ${positionals.join(', ')}`);

  const target: Float32Array[] = [];
  const failed: { file: string; error: string }[] = [];
  for (const [index, file] of files.entries()) {
    say(`prepare ${index + 1}/${files.length} ${file}`);
    const read = await readImageFile(file);
    const prepared = read.ok ? await prepare(read.bytes, pkg) : read;
    if (prepared.ok) target.push(prepared.input);
    else failed.push({ file, error: prepared.error });
  }
  if (target.length < MIN_IMAGES) {
    return refuse(`only ${target.length} of ${files.length} images had an embryo located; adaptation needs at least ${MIN_IMAGES}`);
  }

  const prepared = Date.now();
  const backend = await chooseBackend(backendName, { paths: nodeWasmDir() });
  say(`model ${pkg.card.id} ${pkg.card.version} on ${backend.name}; ${target.length} images; source: ${phantomCount} phantoms, seed ${values.seed}`);
  const source: Float32Array[] = [];
  for (let i = 0; i < phantomCount; i++) {
    if (i % 16 === 0) say(`phantoms ${i + 1}/${phantomCount}`);
    const phantom = renderPhantom({ seed: `${values.seed}/${i}`, nuisance: NUISANCE_CYCLE[i % NUISANCE_CYCLE.length] });
    const prepared = await prepare(phantomPng(phantom), pkg);
    if (prepared.ok) source.push(prepared.input);
  }

  const rendered = Date.now();
  let adapted;
  try {
    adapted = await adaptModel(pkg, {
      target,
      source,
      sourceDescription: `${source.length} phantoms, seed ${values.seed}, nuisance ${NUISANCE_CYCLE.join('/')} in turn, prepared like the images`,
      layers,
      id: values.id,
      onProgress: (p) => {
        if (p.images === p.of) say(p.stage === 'source' ? `source statistics of ${p.layers} layers measured` : `layer ${p.layer}/${p.layers} ${p.node} adapted`);
      },
    });
  } catch (error) {
    if (error instanceof AdaptError || error instanceof ModelPackageError) return refuse(error.message);
    throw error;
  }
  const finished = Date.now();
  await mkdir(out, { recursive: true });
  for (const [name, bytes] of Object.entries(adapted.files)) await writeFile(join(out, name), bytes);
  // What was written must load as any package does (schema, graph, sha256 of the shard).
  const check = await loadModelPackage(folderSource(out));
  say(`wrote ${out}`);
  const summary = {
    out,
    model: { id: check.card.id, version: check.card.version, hash: check.modelHash },
    base: adapted.card.adaptation!.baseModel,
    backend: backend.name,
    images: { given: files.length, used: target.length, failed },
    sourceImages: source.length,
    layers: adapted.layers,
    seconds: seconds(started, Date.now()),
    timings: { prepareSeconds: seconds(started, prepared), phantomSeconds: seconds(prepared, rendered), adaptSeconds: seconds(rendered, finished) },
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  return 0;
}
