// Adaptation to the clinic's day-5 images: `blastograde adapt --layers 2` timed as a user
// runs it (its phases from its own JSON summary, peak memory of its process), beside
// the same batch-norm re-estimation in PyTorch on the same crops.
import { spawnSync } from 'node:child_process';
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
  timings: { prepareSeconds: number; phantomSeconds: number; adaptSeconds: number };
}

/** Width multiplier of a VGG16 architecture name such as "vgg16_bn-w0.25". */
export function architectureWidth(architecture: string): number {
  return Number(/-w([\d.]+)$/.exec(architecture)?.[1] ?? 1);
}

export async function benchAdapt(o: AdaptBenchOptions) {
  const folders = d5Folders(o.sharedData)!;
  const cli = runCli(['adapt', folders.labelled, folders.unlabelled, '--model', o.modelDir, '--layers', String(ADAPT_LAYERS), '--out', path.join(o.out, 'adapted'), '--force']);
  const summary = JSON.parse(cli.stdout) as AdaptSummary;
  const figures = {
    imagesGiven: summary.images.given,
    imagesUsed: summary.images.used,
    phantoms: summary.sourceImages,
    layers: ADAPT_LAYERS,
    seconds: cli.seconds,
    perImageSeconds: cli.seconds / summary.images.given,
    ...summary.timings,
    peakRssMiB: cli.peakRssMiB,
    cpuSeconds: cli.cpuSeconds,
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
  return [
    [`adapt ${a.imagesGiven} images (${a.imagesUsed} located), --layers ${a.layers}, CLI total`, `${fmt(a.seconds, 's')}, ${fmt(a.perImageSeconds, 's')} / image`],
    ['adapt phases: prepare / source phantoms / adapt', `${fmt(a.prepareSeconds, 's')} / ${fmt(a.phantomSeconds, 's')} (${a.phantoms}) / ${fmt(a.adaptSeconds, 's')}`],
    ['adapt peak memory (CLI process maxRSS)', fmt(a.peakRssMiB, 'MiB')],
    ['AdaBN in PyTorch, same crops (target statistics only)', torch],
    ['ratio adapt phase / PyTorch AdaBN', a.pytorch ? fmt(a.adaptSeconds / a.pytorch.seconds, 'x') : 'n/a'],
  ];
}
