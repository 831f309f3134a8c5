// The real-signal measure: how well the app's ranking (and each head's expected grade)
// separates a clinic's good from not-good day-5 embryos, as ROC AUC. The labels are
// used to measure and to choose between models, never as training targets.
//   npx tsx scripts/real-signal.ts [--model DIR] [--policy P] [--set DIR]
// Runs the real CLI (`blastograde grade --json --rank`), so it measures exactly what a
// user of the CLI (and, by the parity test, of the app) gets. JSON on stdout.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Papa from 'papaparse';
import { gradeScale } from '../src/features/ranking';
import { rocAuc } from '../src/lib/metrics/roc-auc';
import { repoRoot, sharedDataPath } from '../src/lib/testing/shared-data';
import type { HeadName, HeadPrediction } from '../src/lib/types';

interface GradedRecord {
  file: string;
  ok: boolean;
  rank?: number | null;
  heads?: HeadPrediction[];
}

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: join(repoRoot, 'public/models/default') },
    policy: { type: 'string', default: 'expected-score' },
    set: { type: 'string', default: sharedDataPath('real-signal/embryo-classification-d5/labelled') },
  },
});
const setDir = resolve(values.set!);
const labels = Papa.parse<{ file: string; good: string }>(readFileSync(join(setDir, 'labels.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
const good = new Map(labels.map((r) => [r.file, r.good.trim() === '1']));
const files = readdirSync(setDir).filter((f) => good.has(f)).sort();

const cli = spawnSync(process.execPath, [join(repoRoot, 'bin/blastograde.mjs'), 'grade', ...files.map((f) => join(setDir, f)), '--model', resolve(values.model!), '--json', '--rank', '--policy', values.policy!], {
  encoding: 'utf8',
  maxBuffer: 256 * 1024 * 1024,
  stdio: ['ignore', 'pipe', 'inherit'],
});
if (cli.status !== 0) throw new Error(`blastograde grade exited ${cli.status}`);
const records = JSON.parse(cli.stdout) as GradedRecord[];
const byName = new Map(records.map((r) => [r.file.split('/').pop()!, r]));
const positives = files.map((f) => good.get(f)!);

/** Expected ordinal grade of one head (1 best); an image without it scores lowest. */
function expectedGrade(record: GradedRecord | undefined, head: HeadName): number {
  const prediction = record?.heads?.find((h) => h.name === head);
  if (!prediction) return -1;
  const scale = gradeScale(head, prediction.classes);
  return prediction.probabilities.reduce((sum, p, i) => sum + p * (scale.ordinal(prediction.classes[i]!) ?? 0), 0);
}

// A better rank (1) must score higher; an image not graded counts as ranked last.
const rankScore = files.map((f) => {
  const rank = byName.get(f)?.rank;
  return typeof rank === 'number' ? -rank : -Infinity;
});
const round = (x: number) => Math.round(x * 1000) / 1000;
/** How many located images the expansion head calls each grade (its most probable class). */
const expansionCalled: Record<string, number> = {};
for (const record of records) {
  const head = record.heads?.find((h) => h.name === 'expansion');
  if (!record.ok || !head) continue;
  const called = head.classes[head.probabilities.indexOf(Math.max(...head.probabilities))]!;
  expansionCalled[called] = (expansionCalled[called] ?? 0) + 1;
}
const report = {
  set: setDir,
  model: resolve(values.model!),
  policy: values.policy,
  images: files.length,
  good: positives.filter(Boolean).length,
  located: records.filter((r) => r.ok).length,
  expansionCalled,
  rocAuc: {
    ranking: round(rocAuc(rankScore, positives)),
    expansion: round(rocAuc(files.map((f) => expectedGrade(byName.get(f), 'expansion')), positives)),
    icm: round(rocAuc(files.map((f) => expectedGrade(byName.get(f), 'icm')), positives)),
    te: round(rocAuc(files.map((f) => expectedGrade(byName.get(f), 'te')), positives)),
  },
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
