// Does learning from a lab's own grades help when its microscope differs from anything the
// base model saw? Renders labelled phantoms through a "microscope" the shipped model never
// met (a strong yellow-orange colour cast, lowered contrast, and defocus beyond the training
// presets' range), learns the grade heads from N of them, and scores base and learned heads
// on a separate set from the same microscope. Prints JSON.
//   npx tsx scripts/learn-phantom-microscope.ts [--train 150] [--test 300] [--seed 1]
import { parseArgs } from 'node:util';
import { chooseBackend, folderSource, loadModelPackage, memorySource, nodeWasmDir, prepareModelInput, type LoadedModelPackage } from '../src/features/inference/headless';
import { classificationMetrics } from '../src/features/learning';
import { extractFeatures, gradeProbabilities, learnFromExamples, type GradeLabel, type LearningExample } from '../src/features/learner/headless';
import { phantomPng } from '../src/features/phantom';
import { CAST, MICROSCOPE, microscopePhantom } from './microscope-phantoms';
import { DEFAULT_MODEL_DIR } from '../src/cli/default-model';

interface Rendered {
  input: Float32Array;
  labels: LearningExample['labels'];
}

async function render(count: number, seed: string, pkg: LoadedModelPackage): Promise<Rendered[]> {
  const out: Rendered[] = [];
  for (let i = 0; i < count; i++) {
    const { phantom, grades } = microscopePhantom(i, seed);
    const prepared = await prepareModelInput(phantomPng(phantom), pkg.card);
    if (!prepared.ok) continue; // not located: a lab could not label it either
    // ICM and TE are graded from expansion 3 (Gardner); below that they carry no label.
    const cells = grades.expansion >= 3 ? { icm: grades.icm, te: grades.te } : {};
    out.push({ input: prepared.modelInput, labels: { expansion: String(grades.expansion), ...cells } });
  }
  return out;
}

function scores(pkg: LoadedModelPackage, features: Float32Array[], set: Rendered[]) {
  const out: Record<string, { n: number; macroF1: number; low: number; high: number }> = {};
  for (const label of ['expansion', 'icm', 'te'] as GradeLabel[]) {
    const head = pkg.card.heads.find((h) => h.name === label)!;
    const indexes = set.map((s, i) => (s.labels[label] !== undefined ? i : -1)).filter((i) => i >= 0);
    const probabilities = gradeProbabilities(pkg, label, indexes.map((i) => features[i]!));
    const predicted = probabilities.map((p) => head.classes[p.indexOf(Math.max(...p))]!);
    const m = classificationMetrics(indexes.map((i) => set[i]!.labels[label]!), predicted, head.classes);
    out[label] = { n: indexes.length, macroF1: m.macroF1.estimate, low: m.macroF1.low, high: m.macroF1.high };
  }
  return out;
}

async function main() {
  const { values } = parseArgs({ options: { train: { type: 'string', default: '150' }, test: { type: 'string', default: '300' }, seed: { type: 'string', default: '1' } } });
  const started = performance.now();
  await chooseBackend('wasm', { paths: nodeWasmDir() });
  const base = await loadModelPackage(folderSource(DEFAULT_MODEL_DIR));
  const train = await render(Number(values.train), `microscope-train/${values.seed}`, base);
  const test = await render(Number(values.test), `microscope-test/${values.seed}`, base);
  process.stderr.write(`rendered ${train.length} training and ${test.length} test phantoms in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  const trainFeatures = await extractFeatures(base, train.map((r) => r.input));
  const testFeatures = await extractFeatures(base, test.map((r) => r.input));
  const learnStart = performance.now();
  const learned = await learnFromExamples(
    base,
    train.map((r, i) => ({ key: `train-${i}`, features: trainFeatures[i]!, labels: r.labels })),
    { seed: Number(values.seed), onProgress: (p) => p.stage === 'final-fit' && process.stderr.write(`final fit ${p.label}\n`) },
  );
  const learnSeconds = (performance.now() - learnStart) / 1000;
  const pkg = await loadModelPackage(memorySource(Object.fromEntries(Object.entries(learned.files).map(([k, v]) => [k, v.slice().buffer])), 'learned'));
  const result = {
    microscope: { nuisance: MICROSCOPE, colourCast: CAST },
    train: train.length,
    test: test.length,
    heldOut: { base: scores(base, testFeatures, test), learned: scores(pkg, testFeatures, test) },
    crossValidated: Object.fromEntries(
      learned.report.perLabel.map((r) => [r.label, { base: r.base.macroF1.estimate, learned: r.learned.macroF1.estimate, examples: r.examples }]),
    ),
    learnSeconds: Math.round(learnSeconds * 10) / 10,
    totalSeconds: Math.round((performance.now() - started) / 100) / 10,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

await main();
