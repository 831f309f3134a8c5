// How far phantoms are from real micrographs, measured instead of judged: crops of the
// 200 real day-5 images (embryo-classification-d5, labelled + unlabelled) against N
// phantoms, both prepared by the app's own prepareImage; features are the model's
// pooled `gap` node and a few image statistics; a seeded, cross-validated logistic
// regression tells real from phantom. ROC AUC 0.5 = indistinguishable, 1 = always told apart.
//   npx tsx scripts/realism.ts [--model DIR] [--style default|clinic] [--n 200] [--seed S]
//       [--nuisance mix|none|default|high] [--grades SPEC] [--save DIR]
// JSON on stdout (AUC for model features, image statistics, both; and the mean absolute
// effect size per feature, which still moves once the AUC sits near 1), progress on stderr.
// --save writes the prepared crops (real-*.png, phantom-*.png) to look at side by side, and
// scores-gap.csv: each crop's out-of-fold probability of being real by the model's features.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { chooseBackend, folderSource, loadModelPackage, nodeWasmDir, normaliseInput, type LoadedModelPackage } from '../src/features/inference/headless';
import { parseGradeSpec, phantomPng, renderPhantom, PHANTOM_STYLES, type NuisancePreset, type PhantomStyle } from '../src/features/phantom';
import { prepareImage } from '../src/features/pipeline';
import { encodePngRgba } from '../src/lib/image/png';
import { crossValidatedAuc } from '../src/lib/metrics/logistic-regression';
import { repoRoot, sharedDataPath } from '../src/lib/testing/shared-data';
import type { RgbaImage } from '../src/lib/types';

const REAL_SETS = ['real-signal/embryo-classification-d5/labelled', 'real-signal/embryo-classification-d5/unlabelled'];
/** The shipped model's training mixture of nuisance presets (default 2200, none 400, high 400). */
const MIX: NuisancePreset[] = [...Array<NuisancePreset>(11).fill('default'), 'none', 'none', 'high', 'high'];

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: join(repoRoot, 'public/models/default') },
    style: { type: 'string', default: 'default' },
    n: { type: 'string', default: '200' },
    seed: { type: 'string', default: 'realism' },
    nuisance: { type: 'string', default: 'mix' },
    folds: { type: 'string', default: '5' },
    grades: { type: 'string', default: 'balanced' },
    save: { type: 'string' },
  },
});
const style = values.style as PhantomStyle;
if (!PHANTOM_STYLES.includes(style)) throw new Error(`--style must be one of ${PHANTOM_STYLES.join(', ')}`);
const n = Number(values.n);
const gradeSpec = parseGradeSpec(values.grades!);
const say = (line: string) => process.stderr.write(`realism: ${line}\n`);

const STATISTIC_NAMES = ['meanR', 'meanG', 'meanB', 'stdR', 'stdG', 'stdB', 'redMinusBlue', 'greenMinusBlue', 'saturation', 'gradient', 'laplacian'];

/** Whole-crop statistics a model with per-image normalisation cannot see: brightness, colour, contrast, sharpness. */
function imageStatistics(img: RgbaImage): number[] {
  const { width: w, height: h, data } = img;
  const sums = [0, 0, 0];
  const squares = [0, 0, 0];
  let saturation = 0;
  let gradient = 0;
  let laplacian = 0;
  const lum = new Float64Array(w * h);
  for (let p = 0; p < w * h; p++) {
    const r = data[p * 4]!;
    const g = data[p * 4 + 1]!;
    const b = data[p * 4 + 2]!;
    sums[0] += r;
    sums[1] += g;
    sums[2] += b;
    squares[0] += r * r;
    squares[1] += g * g;
    squares[2] += b * b;
    saturation += Math.max(r, g, b) - Math.min(r, g, b);
    lum[p] = 0.299 * r + 0.587 * g + 0.114 * b;
  }
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      gradient += Math.hypot(lum[i + 1]! - lum[i - 1]!, lum[i + w]! - lum[i - w]!);
      laplacian += Math.abs(4 * lum[i]! - lum[i + 1]! - lum[i - 1]! - lum[i + w]! - lum[i - w]!);
    }
  }
  const px = w * h;
  const inner = (w - 2) * (h - 2);
  const means = sums.map((s) => s / px);
  const stds = squares.map((s, c) => Math.sqrt(Math.max(0, s / px - means[c]! ** 2)));
  return [...means, ...stds, means[0]! - means[2]!, means[1]! - means[2]!, saturation / px, gradient / inner, laplacian / inner];
}

async function toGraphModel(pkg: LoadedModelPackage): Promise<tf.GraphModel> {
  const { modelJson } = pkg;
  return tf.loadGraphModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      format: modelJson.format,
      signature: modelJson.signature as tf.io.ModelArtifacts['signature'],
      weightSpecs: pkg.weightSpecs as tf.io.WeightsManifestEntry[],
      weightData: pkg.weightData,
    }),
  );
}

interface Sample {
  name: string;
  crop: RgbaImage;
}

async function prepare(bytes: Uint8Array, pkg: LoadedModelPackage): Promise<RgbaImage | null> {
  const prepared = await prepareImage(bytes, { inputSize: pkg.card.input.size, resize: pkg.card.input.resize, logUnexpected: () => {} });
  return prepared.ok ? prepared.input : null;
}

async function main(): Promise<void> {
  const started = Date.now();
  const pkg = await loadModelPackage(folderSource(resolve(values.model!)));
  await chooseBackend('wasm', { paths: nodeWasmDir() });
  const model = await toGraphModel(pkg);
  const [h, w] = pkg.card.input.size;

  const real: Sample[] = [];
  let realFailed = 0;
  for (const set of REAL_SETS) {
    const dir = sharedDataPath(set);
    for (const file of readdirSync(dir).filter((f) => /\.(jpe?g|png|bmp|tiff?)$/i.test(f)).sort()) {
      const crop = await prepare(new Uint8Array(readFileSync(join(dir, file))), pkg);
      if (crop) real.push({ name: file, crop });
      else realFailed++;
    }
  }
  say(`${real.length} real crops (${realFailed} not located) in ${((Date.now() - started) / 1000).toFixed(0)} s`);

  const phantoms: Sample[] = [];
  let phantomFailed = 0;
  let renderMs = 0;
  const renderStart = Date.now();
  for (let i = 0; i < n; i++) {
    const nuisance = values.nuisance === 'mix' ? MIX[i % MIX.length]! : (values.nuisance as NuisancePreset);
    const t0 = performance.now();
    const phantom = renderPhantom({ seed: `${values.seed}/${i}`, grades: gradeSpec.gradesFor(i, values.seed!), nuisance, style, ...(style === 'default' ? { width: 640, height: 480 } : {}) });
    renderMs += performance.now() - t0;
    const crop = await prepare(phantomPng(phantom), pkg);
    if (crop) phantoms.push({ name: `phantom-${i}`, crop });
    else phantomFailed++;
  }
  say(`${phantoms.length} phantom crops (${phantomFailed} not located) in ${((Date.now() - renderStart) / 1000).toFixed(0)} s; rendering ${(renderMs / n).toFixed(0)} ms/phantom`);

  if (values.save) {
    const dir = resolve(values.save);
    mkdirSync(dir, { recursive: true });
    for (const [prefix, set] of [['real', real], ['phantom', phantoms]] as const) set.forEach((s, i) => writeFileSync(join(dir, `${prefix}-${String(i).padStart(3, '0')}.png`), encodePngRgba(s.crop)));
  }

  const all = [...real, ...phantoms];
  const gap: number[][] = [];
  for (let start = 0; start < all.length; start += 16) {
    const batch = all.slice(start, start + 16);
    const flat = new Float32Array(batch.length * h * w * 3);
    batch.forEach((s, i) => flat.set(normaliseInput(s.crop, pkg.card.input.normalization), i * h * w * 3));
    const x = tf.tensor4d(flat, [batch.length, h, w, 3]);
    const out = model.execute(x, 'gap') as tf.Tensor2D;
    gap.push(...((await out.array()) as number[][]));
    x.dispose();
    out.dispose();
  }
  const stats = all.map((s) => imageStatistics(s.crop));
  const labels = all.map((_, i) => i < real.length);
  const folds = Number(values.folds);
  const probe = (rows: number[][], scoresFile?: string) => {
    const cv = crossValidatedAuc(rows, labels, { folds, seed: values.seed });
    // with --save: each crop's out-of-fold probability of being real, to look at the least real-looking phantoms
    if (values.save && scoresFile) {
      const names = all.map((_, i) => (i < real.length ? `real-${String(i).padStart(3, '0')}` : `phantom-${String(i - real.length).padStart(3, '0')}`));
      writeFileSync(join(resolve(values.save), scoresFile), ['crop,real,score', ...cv.scores.map((sc, i) => `${names[i]},${labels[i] ? 1 : 0},${sc.toFixed(4)}`)].join('\n') + '\n');
    }
    return { auc: round(cv.auc), foldAucs: cv.foldAucs.map(round) };
  };
  /** Mean over features of |standardised mean difference| (Cohen's d): keeps falling as phantoms improve after the AUC saturates near 1. */
  const effectSize = (rows: number[][]) => {
    const d = rows[0]!.length;
    let total = 0;
    for (let j = 0; j < d; j++) {
      const a = rows.filter((_, i) => labels[i]).map((r) => r[j]!);
      const b = rows.filter((_, i) => !labels[i]).map((r) => r[j]!);
      const mean = (v: number[]) => v.reduce((x, y) => x + y, 0) / v.length;
      const variance = (v: number[], m: number) => v.reduce((x, y) => x + (y - m) ** 2, 0) / v.length;
      const ma = mean(a);
      const mb = mean(b);
      const pooled = Math.sqrt((variance(a, ma) + variance(b, mb)) / 2);
      total += pooled > 1e-9 ? Math.abs(ma - mb) / pooled : 0;
    }
    return round(total / d);
  };
  /** Each image statistic: real mean, phantom mean and effect size, largest difference first. */
  const statisticGaps = STATISTIC_NAMES.map((name, j) => {
    const real = stats.filter((_, i) => labels[i]).map((r) => r[j]!);
    const phantom = stats.filter((_, i) => !labels[i]).map((r) => r[j]!);
    const mean = (v: number[]) => v.reduce((x, y) => x + y, 0) / v.length;
    const sd = (v: number[]) => Math.sqrt(v.reduce((x, y) => x + (y - mean(v)) ** 2, 0) / v.length);
    const pooled = Math.sqrt((sd(real) ** 2 + sd(phantom) ** 2) / 2) || 1;
    return { name, real: round(mean(real)), phantom: round(mean(phantom)), effectSize: round((mean(real) - mean(phantom)) / pooled) };
  }).sort((a, b) => Math.abs(b.effectSize) - Math.abs(a.effectSize));
  const result = {
    model: `${pkg.card.id} ${pkg.card.version} (${pkg.card.architecture})`,
    style,
    nuisance: values.nuisance,
    grades: gradeSpec.source,
    seed: values.seed,
    real: { images: real.length + realFailed, located: real.length, sets: REAL_SETS },
    phantoms: { rendered: n, located: phantoms.length, renderMsPerImage: Math.round(renderMs / Math.max(1, n)) },
    folds,
    realVsPhantomAuc: {
      gapFeatures: probe(gap, 'scores-gap.csv'),
      imageStatistics: probe(stats),
      both: probe(gap.map((g, i) => [...g, ...stats[i]!])),
    },
    meanAbsEffectSize: { gapFeatures: effectSize(gap), imageStatistics: effectSize(stats) },
    imageStatistics: statisticGaps,
    note: 'cross-validated logistic regression, real = positive; 0.5 = indistinguishable, 1 = always told apart',
    seconds: Math.round((Date.now() - started) / 1000),
  };
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}

const round = (v: number) => Math.round(v * 1000) / 1000;

await main();
