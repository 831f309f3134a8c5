// How well does an outcome head learned from a lab's labels rank embryos it never saw? Splits the
// clinic's labelled set into stratified train / test parts (10 seeded splits), learns from the
// train part with the learning engine the CLI and the app run, and scores the learned outcome
// probability and the base model's expected expansion grade on the same test images (ROC AUC,
// good vs not good). Labels only measure here: nothing is tuned on them. Examples are those
// `blastograde learn` takes (the app's sheet plan, one per image content); features are taken
// once and reused by every split. Prints JSON.
//   npx tsx scripts/learn-holdout.ts [--dir ../shared/data/real-signal/embryo-classification-d5/labelled]
//     [--test 40] [--splits 10] [--model public/models/...]
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import seedrandom from 'seedrandom';
import { chooseBackend, folderSource, loadModelPackage, memorySource, nodeWasmDir, prepareModelInput } from '../src/features/inference/headless';
import { isImageName, outcomeMetrics, planArchiveImport, rowLabels } from '../src/features/learning';
import { expectedGrade, extractFeatures, gradeProbabilities, learnFromExamples, outcomeProbabilities, releaseFeatureGraph, type LearningExample } from '../src/features/learner/headless';
import { DEFAULT_MODEL_DIR } from '../src/cli/default-model';
import { oneExamplePerImage } from '../src/cli/one-example-per-image';

const DEFAULT_DIR = '../shared/data/real-signal/embryo-classification-d5/labelled';

/** Per class a seeded shuffle; the test part takes the good ones in proportion (rounded) and the rest of its size from the others. */
export function stratifiedHoldout(outcomes: readonly (0 | 1)[], testSize: number, seed: string): { train: number[]; test: number[] } {
  const random = seedrandom.alea(seed);
  const goodInTest = Math.round((testSize * outcomes.filter((o) => o === 1).length) / outcomes.length);
  const test = new Set<number>();
  for (const [value, take] of [[1, goodInTest], [0, testSize - goodInTest]] as const) {
    const members = outcomes.map((o, i) => (o === value ? i : -1)).filter((i) => i >= 0);
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [members[i], members[j]] = [members[j]!, members[i]!];
    }
    members.slice(0, take).forEach((i) => test.add(i));
  }
  const all = outcomes.map((_o, i) => i);
  return { train: all.filter((i) => !test.has(i)), test: all.filter((i) => test.has(i)) };
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const round3 = (x: number) => Math.round(x * 1000) / 1000;
const say = (line: string) => process.stderr.write(`learn-holdout: ${line}\n`);

async function main() {
  const { values } = parseArgs({
    options: { dir: { type: 'string', default: DEFAULT_DIR }, test: { type: 'string', default: '40' }, splits: { type: 'string', default: '10' }, model: { type: 'string', default: DEFAULT_MODEL_DIR } },
  });
  const dir = resolve(values.dir);
  const names = (await readdir(dir).catch(() => null))?.filter(isImageName).sort();
  if (!names) {
    say(`no labelled set at ${dir} (the shared data folder is absent): nothing measured`);
    return;
  }
  const started = performance.now();
  const plan = await planArchiveImport(new Uint8Array(await readFile(join(dir, 'labels.csv'))), names);
  if (!plan.ok) throw new Error(`${plan.refusal} ${plan.problems.join(' ')}`);
  const { examples: keyed, twins } = await oneExamplePerImage(plan.matched.map((m) => ({ image: m.image, labels: rowLabels(m.row), path: join(dir, m.image) })));
  for (const twin of twins) say(twin.message);
  const labelled = keyed.filter((k) => k.labels.outcome !== undefined);

  await chooseBackend('wasm', { paths: nodeWasmDir() });
  const base = await loadModelPackage(folderSource(resolve(values.model)));
  const inputs: Float32Array[] = [];
  const used: typeof labelled = [];
  for (const example of labelled) {
    const prepared = await prepareModelInput(new Uint8Array(await readFile(example.path)), base.card);
    if (!prepared.ok) {
      say(`${example.image}: ${prepared.error}; left out`);
      continue;
    }
    inputs.push(prepared.modelInput);
    used.push(example);
  }
  const features = await extractFeatures(base, inputs);
  await releaseFeatureGraph(base);
  const featureSeconds = (performance.now() - started) / 1000;
  say(`features of ${features.length} images in ${featureSeconds.toFixed(0)} s`);

  const outcomes = used.map((e) => e.labels.outcome!);
  const expansion = base.card.heads.find((h) => h.name === 'expansion')!;
  const baseScore = expectedGrade(expansion.classes, gradeProbabilities(base, 'expansion', features));
  const auc = (indexes: number[], scores: number[]) => outcomeMetrics(indexes.map((i) => outcomes[i]!), scores, { resamples: 200 }).auc.estimate;

  const splits: { seed: number; train: number; test: number; testGood: number; learned: number; base: number }[] = [];
  for (let seed = 1; seed <= Number(values.splits); seed++) {
    const { train, test } = stratifiedHoldout(outcomes, Number(values.test), `learn-holdout/${seed}`);
    const examples: LearningExample[] = train.map((i) => ({ key: used[i]!.key, features: features[i]!, labels: { outcome: outcomes[i]! } }));
    const learned = await learnFromExamples(base, examples, { seed });
    const pkg = await loadModelPackage(memorySource(Object.fromEntries(Object.entries(learned.files).map(([k, v]) => [k, v.slice().buffer])), 'learned'));
    const learnedScore = outcomeProbabilities(pkg, test.map((i) => features[i]!));
    const split = {
      seed,
      train: train.length,
      test: test.length,
      testGood: test.filter((i) => outcomes[i] === 1).length,
      learned: round3(auc(test, learnedScore)),
      base: round3(auc(test, test.map((i) => baseScore[i]!))),
    };
    say(`split ${seed}: learned ${split.learned}, base ${split.base}`);
    splits.push(split);
  }
  const summary = (key: 'learned' | 'base') => {
    const xs = splits.map((s) => s[key]);
    return { mean: round3(mean(xs)), min: Math.min(...xs), max: Math.max(...xs) };
  };
  const result = {
    set: dir,
    model: `${base.card.id} ${base.card.version}`,
    examples: used.length,
    good: outcomes.filter((o) => o === 1).length,
    splits,
    learnedAuc: summary('learned'),
    baseExpectedExpansionAuc: summary('base'),
    learnedAboveBase: splits.filter((s) => s.learned > s.base).length,
    featureSeconds: Math.round(featureSeconds),
    totalSeconds: Math.round((performance.now() - started) / 1000),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

await main();
