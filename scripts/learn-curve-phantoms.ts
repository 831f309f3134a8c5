// The learning report's curve and within-expansion figures on labelled phantoms: renders N
// phantoms (balanced Gardner grades) through the same unfamiliar "microscope" as
// learn-phantom-microscope.ts, takes their features once, and learns the grade heads twice,
// with and without the learning curve, so the curve's added time is measured on the same
// examples. Prints JSON (the curve per label, ICM/TE overall vs within-expansion, seconds).
//   npx tsx scripts/learn-curve-phantoms.ts [--count 300] [--seed 1]
import { parseArgs } from 'node:util';
import { chooseBackend, folderSource, loadModelPackage, nodeWasmDir, prepareModelInput } from '../src/features/inference/headless';
import { extractFeatures, learnFromExamples, type GradeLabelReport, type LearningExample } from '../src/features/learner/headless';
import { phantomPng } from '../src/features/phantom';
import { microscopePhantom } from './microscope-phantoms';
import { DEFAULT_MODEL_DIR } from '../src/cli/default-model';

const round = (v: number) => Math.round(v * 1000) / 1000;

async function main() {
  const { values } = parseArgs({ options: { count: { type: 'string', default: '300' }, seed: { type: 'string', default: '1' } } });
  const started = performance.now();
  await chooseBackend('wasm', { paths: nodeWasmDir() });
  const base = await loadModelPackage(folderSource(DEFAULT_MODEL_DIR));
  const inputs: Float32Array[] = [];
  const labels: LearningExample['labels'][] = [];
  for (let i = 0; i < Number(values.count); i++) {
    const { phantom, grades } = microscopePhantom(i, `curve/${values.seed}`);
    const prepared = await prepareModelInput(phantomPng(phantom), base.card);
    if (!prepared.ok) continue;
    inputs.push(prepared.modelInput);
    // ICM and TE are graded from expansion 3 (Gardner).
    labels.push({ expansion: String(grades.expansion), ...(grades.expansion >= 3 ? { icm: grades.icm, te: grades.te } : {}) });
  }
  const features = await extractFeatures(base, inputs);
  const examples = features.map((f, i) => ({ key: `p${i}`, features: f, labels: labels[i]! }));
  const prepared = (performance.now() - started) / 1000;
  const t0 = performance.now();
  const without = await learnFromExamples(base, examples, { seed: Number(values.seed), curve: false });
  const t1 = performance.now();
  const learned = await learnFromExamples(base, examples, { seed: Number(values.seed) });
  const t2 = performance.now();
  const report = learned.report;
  const result = {
    phantoms: examples.length,
    preparedSeconds: Math.round(prepared),
    learnSeconds: { withoutCurve: round((t1 - t0) / 1000), withCurve: round((t2 - t1) / 1000), report: report.seconds, reportWithout: without.report.seconds },
    curve: report.curve!.labels.map((c) => ({
      label: c.label,
      figure: c.figure,
      points: c.points.map((p) => [p.examples, round(p.figure.estimate), round(p.figure.low), round(p.figure.high)]),
      gainPerDoubling: c.fit ? round(c.fit.gainPerDoubling) : null,
      doubled: c.doubled ? [c.doubled.examples, round(c.doubled.estimate), round(c.doubled.low), round(c.doubled.high)] : null,
      skipped: c.skipped.map((s) => s.reason),
      noFit: c.noFit,
    })),
    withinExpansion: report.perLabel
      .filter((r): r is GradeLabelReport => r.label === 'icm' || r.label === 'te')
      .map((r) => ({ label: r.label, ...r.withinExpansion, overall: r.withinExpansion?.overall, within: r.withinExpansion?.within })),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

await main();
