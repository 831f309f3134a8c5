// Learning from the clinic's labelled day-5 images (the `good` column as outcome):
// (a) `blastograde learn` as a user runs it in Node, (b) the same engine in a worker of
// the bench page in Chromium (WASM): features of the crops + k-fold cross-validation +
// final fit, one timing, and (c) the same head training in PyTorch on the features the
// browser computed (same folds, epochs, optimiser and loss).
import { spawnSync } from 'node:child_process';
import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelCard } from '../src/features/inference/headless';
import { DEFAULT_FOLDS, stratifiedFolds } from '../src/features/learning';
import { openPage, serve } from './browser';
import { architectureWidth } from './adapt-bench';
import { runCli } from './cli-run';
import { d5Folders, writeInputs, type Crop } from './d5-crops';
import { fmt, type Row } from './table';

/** The budget for 140 images, 5 folds + final fit, 2 cores, Chromium WASM. */
export const LEARN_TARGET_SECONDS = 180;

export interface LearnBenchOptions {
  dist: string;
  sharedData: string;
  modelDir: string;
  card: ModelCard;
  crops: Crop[];
  out: string;
  python: string;
  cores: number;
  skipTorch: boolean;
}

interface BrowserLearn {
  backend: string;
  featuresMs: number;
  learnMs: number;
  totalMs: number;
  featureLength: number;
  features: number[][];
  report: unknown;
}

function nodeLearn(o: LearnBenchOptions) {
  const folders = d5Folders(o.sharedData)!;
  try {
    const cli = runCli(['learn', '--labels', folders.labels, '--images', folders.labelled, '--model', o.modelDir, '--folds', String(DEFAULT_FOLDS), '--out', path.join(o.out, 'learned'), '--force']);
    return { seconds: cli.seconds, peakRssMiB: cli.peakRssMiB, cpuSeconds: cli.cpuSeconds };
  } catch (error) {
    return { error: (error as Error).message.split('\n').slice(0, 3).join(' ') };
  }
}

async function browserLearn(o: LearnBenchOptions, labelled: Crop[]): Promise<BrowserLearn | { error: string }> {
  const cropsFile = path.join(o.out, 'learn-crops.f32');
  await writeInputs(cropsFile, labelled.map((c) => c.input));
  await cp(o.modelDir, path.join(o.dist, 'models', 'learn-base'), { recursive: true });
  const { url, server } = await serve(o.dist);
  const b = await openPage(url);
  try {
    await b.page.route('**/bench-learn-crops', (route) => route.fulfill({ path: cropsFile, contentType: 'application/octet-stream' }));
    type Page = { learn(m: string, c: string, y: (0 | 1)[], opts: { folds: number }): Promise<BrowserLearn> };
    const outcomes = labelled.map((c) => c.outcome!);
    return await b.page.evaluate(
      ([y, folds]) => (globalThis as unknown as { bench: Page }).bench.learn('/models/learn-base/', '/bench-learn-crops', y, { folds }),
      [outcomes, DEFAULT_FOLDS] as const,
    );
  } catch (error) {
    return { error: (error as Error).message.split('\n')[0]! };
  } finally {
    await b.close();
    await server.close();
  }
}

interface TorchLearn {
  featuresSeconds: number;
  seconds: number;
  trainings: number;
  threads: number;
  torch: string;
}

/** PyTorch: the trunk forward on the same crops, then the outcome head fitted per fold and on all, as the engine fits it. */
async function torchLearn(o: LearnBenchOptions, browser: BrowserLearn, outcomes: (0 | 1)[]): Promise<TorchLearn> {
  const plan = stratifiedFolds(outcomes, { folds: DEFAULT_FOLDS, labelName: 'outcome' });
  if (!plan.ok) throw new Error(plan.refusal);
  const settings = (browser.report as { training?: { outcomeHead?: unknown } }).training?.outcomeHead;
  if (!settings) throw new Error('the learning report names no outcome head settings');
  const input = path.join(o.out, 'learn-features.json');
  await writeFile(input, JSON.stringify({ features: browser.features, outcomes, folds: plan.folds.map((f) => f.test), settings }));
  const args = [fileURLToPath(new URL('./torch_learn.py', import.meta.url)), input, '--threads', String(o.cores)];
  args.push('--crops', path.join(o.out, 'learn-crops.f32'), '--size', String(o.card.input.size[0]), '--width', String(architectureWidth(o.card.architecture)));
  const r = spawnSync(o.python, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`torch_learn.py failed:\n${r.stderr}`);
  return JSON.parse(r.stdout) as TorchLearn;
}

export async function benchLearn(o: LearnBenchOptions) {
  const labelled = o.crops.filter((c) => c.outcome !== undefined);
  const node = nodeLearn(o);
  const browser = await browserLearn(o, labelled);
  const pytorch = !o.skipTorch && 'features' in browser ? await torchLearn(o, browser, labelled.map((c) => c.outcome!)) : null;
  // results.json keeps the timings and the engine's own split, not the features or the whole report
  const chromium = 'features' in browser ? { ...browser, features: undefined, report: undefined, engineSeconds: (browser.report as { seconds?: unknown }).seconds } : browser;
  return { examples: labelled.length, folds: DEFAULT_FOLDS, node, chromium, pytorch };
}

export type LearnFigures = Awaited<ReturnType<typeof benchLearn>>;

/** The engine's own clock for cross-validation and the final fit (its report): what PyTorch's head fits stand beside. */
function headFits(c: { engineSeconds?: unknown }): number | null {
  const s = c.engineSeconds as { crossValidation?: number; finalFit?: number } | undefined;
  return s?.crossValidation != null && s.finalFit != null ? s.crossValidation + s.finalFit : null;
}

export function learnRows(l: LearnFigures): Row[] {
  const c = 'totalMs' in l.chromium ? l.chromium : null;
  const t = l.pytorch;
  const what = `${l.examples} images, ${l.folds}-fold CV + final fit`;
  return [
    [`learn ${what}, CLI (Node)`, 'seconds' in l.node ? `${fmt(l.node.seconds, 's')}, peak ${fmt(l.node.peakRssMiB, 'MiB')}` : `failed: ${l.node.error.slice(0, 80)}`],
    [`learn ${what}, Chromium WASM (target <= ${LEARN_TARGET_SECONDS} s)`, c ? `${fmt(c.totalMs / 1000, 's')} (features ${fmt(c.featuresMs / 1000, 's')}, learning ${fmt(c.learnMs / 1000, 's')}, of which cross-validation + final fit ${fmt(headFits(c), 's')})` : `failed: ${(l.chromium as { error: string }).error.slice(0, 80)}`],
    ['learn in PyTorch, same crops and features', t ? `${fmt(t.featuresSeconds + t.seconds, 's')} (features ${fmt(t.featuresSeconds, 's')}, ${t.trainings} head fits ${fmt(t.seconds, 's')}, ${t.threads} threads)` : 'n/a'],
    ['ratio Chromium / PyTorch: total, features, CV + final fit', c && t ? [c.totalMs / 1000 / (t.featuresSeconds + t.seconds), c.featuresMs / 1000 / t.featuresSeconds, (headFits(c) ?? NaN) / t.seconds].map((x) => fmt(x, 'x')).join(', ') : 'n/a'],
  ];
}
