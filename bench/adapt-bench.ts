// Adaptation to the clinic's day-5 images: `blastograde adapt --layers 2` timed as a user
// runs it (its phases from its own JSON summary, peak memory of its process), twice: with
// the source statistics the package ships, and with the phantoms rendered (a copy of the
// package without them), beside the same batch-norm re-estimation in PyTorch on the same crops.
import { spawnSync } from 'node:child_process';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelCard } from '../src/features/inference/headless';
import { runCli } from './cli-run';
import { d5Folders, writeInputs, type Crop } from './d5-crops';
import { fmt, type Row } from './table';

export const ADAPT_LAYERS = 2;

export interface AdaptBenchOptions {
  sharedData: string;
  modelDir: string;
  card: ModelCard;
  crops: Crop[];
  out: string;
  python: string;
  cores: number;
  skipTorch: boolean;
}

interface AdaptSummary {
  images: { given: number; used: number };
  sourceImages: number;
  sourceFrom: string;
  timings: { prepareSeconds: number; phantomSeconds: number; adaptSeconds: number };
}

/** A copy of the package without its shipped source statistics, so adapting renders the phantoms. */
async function withoutShippedSource(modelDir: string, out: string): Promise<string> {
  await rm(out, { recursive: true, force: true });
  await cp(modelDir, out, { recursive: true });
  const card = JSON.parse(await readFile(path.join(out, 'grading.json'), 'utf8')) as ModelCard;
  if (card.adaptationSource) await rm(path.join(out, card.adaptationSource.file), { force: true });
  delete card.adaptationSource;
  await writeFile(path.join(out, 'grading.json'), `${JSON.stringify(card, null, 2)}\n`);
  return out;
}

function adaptRun(folders: string[], modelDir: string, out: string) {
  const cli = runCli(['adapt', ...folders, '--model', modelDir, '--layers', String(ADAPT_LAYERS), '--out', out, '--force']);
  const summary = JSON.parse(cli.stdout) as AdaptSummary;
  return { summary, seconds: cli.seconds, peakRssMiB: cli.peakRssMiB, cpuSeconds: cli.cpuSeconds };
}

/** Width multiplier of a VGG16 architecture name such as "vgg16_bn-w0.25". */
export function architectureWidth(architecture: string): number {
  return Number(/-w([\d.]+)$/.exec(architecture)?.[1] ?? 1);
}

export async function benchAdapt(o: AdaptBenchOptions) {
  const folders = d5Folders(o.sharedData)!;
  const lab = [folders.labelled, folders.unlabelled];
  const cli = adaptRun(lab, o.modelDir, path.join(o.out, 'adapted'));
  const summary = cli.summary;
  const rendered = adaptRun(lab, await withoutShippedSource(o.modelDir, path.join(o.out, 'model-without-source')), path.join(o.out, 'adapted-rendered'));
  const figures = {
    imagesGiven: summary.images.given,
    imagesUsed: summary.images.used,
    phantoms: summary.sourceImages,
    /** Where the package's own run took its source statistics ('package' when the model ships them). */
    sourceFrom: summary.sourceFrom,
    layers: ADAPT_LAYERS,
    seconds: cli.seconds,
    perImageSeconds: cli.seconds / summary.images.given,
    ...summary.timings,
    peakRssMiB: cli.peakRssMiB,
    cpuSeconds: cli.cpuSeconds,
    /** The same adaptation with the phantoms rendered (the package without its shipped statistics). */
    rendered: { sourceFrom: rendered.summary.sourceFrom, seconds: rendered.seconds, ...rendered.summary.timings, peakRssMiB: rendered.peakRssMiB, cpuSeconds: rendered.cpuSeconds },
    pytorch: null as null | { seconds: number; images: number; threads: number; torch: string },
  };
  if (!o.skipTorch) {
    const cropsFile = path.join(o.out, 'd5-crops.f32');
    await writeInputs(cropsFile, o.crops.map((c) => c.input));
    const [size] = o.card.input.size;
    const args = [fileURLToPath(new URL('./torch_adabn.py', import.meta.url)), cropsFile, '--size', String(size), '--width', String(architectureWidth(o.card.architecture)), '--layers', String(ADAPT_LAYERS), '--threads', String(o.cores)];
    const r = spawnSync(o.python, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`torch_adabn.py failed:\n${r.stderr}`);
    figures.pytorch = JSON.parse(r.stdout);
  }
  return figures;
}

export type AdaptFigures = Awaited<ReturnType<typeof benchAdapt>>;

export function adaptRows(a: AdaptFigures): Row[] {
  const torch = a.pytorch ? `${fmt(a.pytorch.seconds, 's')} (${a.pytorch.images} crops, ${a.layers} layers, ${a.pytorch.threads} threads)` : 'skipped';
  const r = a.rendered;
  return [
    [`adapt ${a.imagesGiven} images (${a.imagesUsed} located), --layers ${a.layers}, CLI total (source: ${a.sourceFrom})`, `${fmt(a.seconds, 's')}, ${fmt(a.perImageSeconds, 's')} / image`],
    ['adapt phases: prepare / source statistics / adapt', `${fmt(a.prepareSeconds, 's')} / ${fmt(a.phantomSeconds, 's')} (${a.phantoms} phantoms, ${a.sourceFrom}) / ${fmt(a.adaptSeconds, 's')}`],
    [`adapt, same images, phantoms rendered (source: ${r.sourceFrom}), CLI total`, fmt(r.seconds, 's')],
    ['adapt phases rendered: prepare / source phantoms / adapt', `${fmt(r.prepareSeconds, 's')} / ${fmt(r.phantomSeconds, 's')} / ${fmt(r.adaptSeconds, 's')}`],
    ['ratio rendered / shipped statistics, CLI total', fmt(r.seconds / a.seconds, 'x')],
    ['adapt peak memory (CLI process maxRSS)', fmt(a.peakRssMiB, 'MiB')],
    ['AdaBN in PyTorch, same crops (target statistics only)', torch],
    ['ratio adapt phase / PyTorch AdaBN', a.pytorch ? fmt(a.adaptSeconds / a.pytorch.seconds, 'x') : 'n/a'],
  ];
}
