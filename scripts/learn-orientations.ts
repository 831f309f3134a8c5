// What do learning features lose when they are the mean over fewer orientations of the crop?
// Phase `extract`: each labelled image of a folder (labels.csv + images) is prepared as `learn`
// prepares it (timed: decode, locate, crop) and each of its 8 orientations goes through the trunk
// on its own (the features of every view kept, timed), written to bench/out/orientations/NAME.*.
// Phase `analyse`: for each subset of the views (the 8, the 4 mirrors {identity, both mirrors,
// half turn}, the 4 quarter turns, identity + half turn, identity alone) the features are the
// mean over the subset and the learning engine (as `learn` runs it, seed 1, no curve) reports
// its cross-validated figures with intervals. Then, per subset, a head learned on 4/5 (seeded
// split) scores the other 1/5 twice: from the subset's mean features (what cross-validation
// scores) and as a grade with the learned package does (its probabilities averaged over all 8
// views' own features): the mismatch between learn-time and grade-time features. Prints JSON.
//   npx tsx scripts/learn-orientations.ts extract --dir DIR --name NAME [--limit N]
//   npx tsx scripts/learn-orientations.ts analyse --name NAME [--subsets all8,mirrors4,...] [--seeds N]
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import seedrandom from 'seedrandom';
import { chooseBackend, folderSource, loadModelPackage, memorySource, nodeWasmDir, orientationViews, prepareModelInput, type LoadedModelPackage } from '../src/features/inference/headless';
import { classificationMetrics, isImageName, outcomeMetrics, planArchiveImport, rowLabels } from '../src/features/learning/headless';
import { extractFeatures, gradeProbabilities, learnFromExamples, outcomeProbabilities, releaseFeatureGraph, type GradeLabel, type LearningExample } from '../src/features/learner/headless';
import { DEFAULT_MODEL_DIR } from '../src/cli/default-model';
import { oneExamplePerImage } from '../src/cli/one-example-per-image';

const OUT = 'bench/out/orientations';
const VIEWS = 8;
/** Indexes into orientationBatch's order: [id, mirror w, mirror h, half turn, T, T mirror w (quarter turn), T mirror h (quarter turn), T half turn]. */
const SUBSETS: Record<string, number[]> = {
  all8: [0, 1, 2, 3, 4, 5, 6, 7],
  mirrors4: [0, 1, 2, 3],
  turns4: [0, 3, 5, 6],
  halfturn2: [0, 3],
  identity1: [0],
};
const say = (line: string) => process.stderr.write(`learn-orientations: ${line}\n`);
const round3 = (x: number) => Math.round(x * 1000) / 1000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

interface Stored {
  model: string;
  dim: number;
  examples: { key: string; image: string; labels: LearningExample['labels'] }[];
  skipped: { image: string; error: string }[];
  timingsMs: Record<string, { mean: number; median: number }>;
}

async function extract(dir: string, name: string, limit: number, base: LoadedModelPackage) {
  const names = (await readdir(dir)).filter(isImageName).sort();
  const plan = await planArchiveImport(new Uint8Array(await readFile(join(dir, 'labels.csv'))), names);
  if (!plan.ok) throw new Error(`${plan.refusal} ${plan.problems.join(' ')}`);
  const { examples: keyed } = await oneExamplePerImage(plan.matched.slice(0, limit).map((m) => ({ image: m.image, labels: rowLabels(m.row), path: join(dir, m.image) })));
  const stored: Stored = { model: `${base.card.id} ${base.card.version}`, dim: 0, examples: [], skipped: [], timingsMs: {} };
  const times: Record<string, number[]> = { read: [], decode: [], localise: [], crop: [], normalise: [], trunkPerImage8Views: [] };
  const chunks: Float32Array[] = [];
  const pending: Float32Array[] = [];
  const runPending = async () => {
    if (pending.length === 0) return;
    const views = pending.splice(0).flatMap((input) => orientationViews(input, base.card.input.size));
    const start = performance.now();
    const features = await extractFeatures(base, views, { orientations: 'as-given', batchSize: views.length });
    const ms = performance.now() - start;
    for (let i = 0; i < views.length / VIEWS; i++) times.trunkPerImage8Views!.push(ms / (views.length / VIEWS));
    chunks.push(...features);
  };
  const started = performance.now();
  for (const [n, example] of keyed.entries()) {
    let mark = performance.now();
    const bytes = new Uint8Array(await readFile(example.path));
    times.read!.push(performance.now() - mark);
    mark = performance.now();
    const prepared = await prepareModelInput(bytes, base.card);
    const total = performance.now() - mark;
    if (!prepared.ok) {
      stored.skipped.push({ image: example.image, error: prepared.error });
      continue;
    }
    times.decode!.push(prepared.timings.decode);
    times.localise!.push(prepared.timings.localise);
    times.crop!.push(prepared.timings.crop);
    times.normalise!.push(total - prepared.timings.decode - prepared.timings.localise - prepared.timings.crop);
    stored.examples.push({ key: example.key, image: example.image, labels: example.labels });
    pending.push(prepared.modelInput);
    if (pending.length >= 8) await runPending();
    if ((n + 1) % 100 === 0) say(`${n + 1} of ${keyed.length} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  await runPending();
  await releaseFeatureGraph(base);
  stored.dim = chunks[0]!.length;
  stored.timingsMs = Object.fromEntries(Object.entries(times).map(([k, xs]) => [k, { mean: round3(mean(xs)), median: round3(median(xs)) }]));
  const flat = new Float32Array(chunks.length * stored.dim);
  chunks.forEach((c, i) => flat.set(c, i * stored.dim));
  await mkdir(OUT, { recursive: true });
  await writeFile(join(OUT, `${name}.bin`), new Uint8Array(flat.buffer));
  await writeFile(join(OUT, `${name}.json`), JSON.stringify(stored));
  process.stdout.write(`${JSON.stringify({ name, examples: stored.examples.length, skipped: stored.skipped, timingsMs: stored.timingsMs, seconds: Math.round((performance.now() - started) / 1000) }, null, 2)}\n`);
}

/** Mean over the given views of example i. */
function meanOver(views: Float32Array, dim: number, i: number, subset: readonly number[]): Float32Array {
  const out = new Float32Array(dim);
  for (const v of subset) {
    const offset = (i * VIEWS + v) * dim;
    for (let d = 0; d < dim; d++) out[d]! += views[offset + d]!;
  }
  for (let d = 0; d < dim; d++) out[d]! /= subset.length;
  return out;
}

async function analyse(name: string, subsetNames: string[], seeds: number, base: LoadedModelPackage) {
  const stored = JSON.parse(await readFile(join(OUT, `${name}.json`), 'utf8')) as Stored;
  const bytes = await readFile(join(OUT, `${name}.bin`));
  const views = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const { dim, examples } = stored;
  const view = (i: number, v: number) => views.slice((i * VIEWS + v) * dim, (i * VIEWS + v + 1) * dim);
  // One seeded 4/5 : 1/5 split for the grade-time check.
  const random = seedrandom.alea('learn-orientations/holdout');
  const order = examples.map((_e, i) => i).sort(() => random() - 0.5);
  const testSet = new Set(order.filter((_i, k) => k % 5 === 0));
  const results: Record<string, unknown> = {};
  for (const subsetName of subsetNames) {
    const subset = SUBSETS[subsetName];
    if (!subset) throw new Error(`no subset ${subsetName}`);
    const features = examples.map((_e, i) => meanOver(views, dim, i, subset));
    const learnExamples: LearningExample[] = examples.map((e, i) => ({ key: e.key, features: features[i]!, labels: e.labels }));
    let started = performance.now();
    const learned = await learnFromExamples(base, learnExamples, { seed: 1, curve: false });
    const cvSeconds = (performance.now() - started) / 1000;
    // The same cross-validation with other fold seeds: how much a figure moves with the folds alone.
    const bySeed: Record<string, number[]> = {};
    for (let seed = 2; seed <= seeds; seed++) {
      const again = await learnFromExamples(base, learnExamples, { seed, curve: false });
      for (const r of again.report.perLabel) (bySeed[r.label] ??= []).push(r.label === 'outcome' ? r.learned.auc.estimate : r.learned.macroF1.estimate);
    }
    const cv = Object.fromEntries(
      learned.report.perLabel.map((r) => {
        const m = r.label === 'outcome' ? r.learned.auc : r.learned.macroF1;
        return [r.label, { n: r.examples, figure: r.label === 'outcome' ? 'ROC AUC' : 'macro-F1', estimate: round3(m.estimate), low: round3(m.low), high: round3(m.high), featureSet: r.featureSet?.chosen, ...(seeds > 1 ? { seeds1to: seeds, meanOverSeeds: round3(mean([m.estimate, ...bySeed[r.label]!])) } : {}) }];
      }),
    );
    // Learn on the 4/5, score the 1/5 from the subset's mean (learn-time) and as grading does (mean over 8 views of the head's probabilities).
    started = performance.now();
    const train = learnExamples.filter((_e, i) => !testSet.has(i));
    const test = examples.map((_e, i) => i).filter((i) => testSet.has(i));
    const split = await learnFromExamples(base, train, { seed: 1, curve: false });
    const pkg = await loadModelPackage(memorySource(Object.fromEntries(Object.entries(split.files).map(([k, v]) => [k, v.slice().buffer])), 'learned'));
    const holdout: Record<string, unknown> = {};
    for (const r of split.report.perLabel) {
      const label = r.label;
      const idx = test.filter((i) => examples[i]!.labels[label] !== undefined);
      if (label === 'outcome') {
        const truth = idx.map((i) => examples[i]!.labels.outcome!);
        const learnTime = outcomeProbabilities(pkg, idx.map((i) => features[i]!));
        const perView = Array.from({ length: VIEWS }, (_x, v) => outcomeProbabilities(pkg, idx.map((i) => view(i, v))));
        const gradeTime = idx.map((_i, k) => mean(perView.map((p) => p[k]!)));
        const a = outcomeMetrics(truth, learnTime, { resamples: 500 }).auc;
        const b = outcomeMetrics(truth, gradeTime, { resamples: 500 }).auc;
        const maxDiff = Math.max(...learnTime.map((p, k) => Math.abs(p - gradeTime[k]!)));
        holdout[label] = { n: idx.length, learnTimeAuc: round3(a.estimate), gradeTimeAuc: round3(b.estimate), gradeTimeInterval: [round3(b.low), round3(b.high)], maxProbabilityDifference: round3(maxDiff) };
      } else {
        const head = pkg.card.heads.find((h) => h.name === label)!;
        const truth = idx.map((i) => examples[i]!.labels[label as GradeLabel]!);
        const call = (p: ArrayLike<number>) => head.classes[Array.from(p).indexOf(Math.max(...Array.from(p)))]!;
        const learnTime = gradeProbabilities(pkg, label as GradeLabel, idx.map((i) => features[i]!));
        const perView = Array.from({ length: VIEWS }, (_x, v) => gradeProbabilities(pkg, label as GradeLabel, idx.map((i) => view(i, v))));
        const gradeTime = idx.map((_i, k) => head.classes.map((_c, c) => mean(perView.map((p) => p[k]![c]!))));
        const a = classificationMetrics(truth, learnTime.map(call), head.classes).macroF1;
        const b = classificationMetrics(truth, gradeTime.map(call), head.classes).macroF1;
        const changed = learnTime.filter((p, k) => call(p) !== call(gradeTime[k]!)).length;
        holdout[label] = { n: idx.length, learnTimeMacroF1: round3(a.estimate), gradeTimeMacroF1: round3(b.estimate), gradeTimeInterval: [round3(b.low), round3(b.high)], callsChanged: changed };
      }
    }
    results[subsetName] = { views: subset, crossValidated: cv, cvSeconds: round3(cvSeconds), holdout, holdoutSeconds: round3((performance.now() - started) / 1000) };
    say(`${subsetName}: ${JSON.stringify(cv)}`);
  }
  process.stdout.write(`${JSON.stringify({ name, model: stored.model, examples: examples.length, skipped: stored.skipped.length, timingsMs: stored.timingsMs, results }, null, 2)}\n`);
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { dir: { type: 'string' }, name: { type: 'string' }, limit: { type: 'string', default: '100000' }, seeds: { type: 'string', default: '1' }, subsets: { type: 'string', default: Object.keys(SUBSETS).join(',') } },
  });
  if (!values.name) throw new Error('--name is needed');
  await chooseBackend('wasm', { paths: nodeWasmDir() });
  const base = await loadModelPackage(folderSource(DEFAULT_MODEL_DIR));
  if (positionals[0] === 'extract') await extract(resolve(values.dir!), values.name, Number(values.limit), base);
  else if (positionals[0] === 'analyse') await analyse(values.name, values.subsets.split(','), Number(values.seeds), base);
  else throw new Error('extract or analyse');
}

await main();
