// Localisation accuracy on synthetic phantoms (the full runs behind the unit test's sample):
//   npx tsx scripts/phantom-localisation.ts --n 200 --nuisance default|high [--verbose]
// Prints one JSON summary on stdout: mean / median IoU, share >= threshold,
// per-expansion means and the worst cases; progress on stderr.
import { parseArgs } from 'node:util';
import { loadOpenCv } from '../src/features/preprocess';
import { runPhantomLocalisation } from '../src/features/preprocess/testing/phantom-localisation';

const { values } = parseArgs({
  options: { n: { type: 'string', default: '200' }, nuisance: { type: 'string', default: 'default' }, verbose: { type: 'boolean', default: false } },
});
const nuisance = values.nuisance;
if (nuisance !== 'default' && nuisance !== 'high') throw new Error(`--nuisance must be default or high, got ${nuisance}`);
const n = Number(values.n);
if (!Number.isInteger(n) || n < 1) throw new Error(`--n must be a positive integer, got ${values.n}`);

const cv = await loadOpenCv();
const summary = runPhantomLocalisation(cv, nuisance, n, (c, i) => {
  if (values.verbose) process.stderr.write(`${i} ${c.seed} e${c.expansion} iou=${c.iou.toFixed(3)}${c.error ? ` (${c.error})` : ''}\n`);
  else if ((i + 1) % 20 === 0) process.stderr.write(`${i + 1}/${n}\n`);
});
const round = (v: number) => Math.round(v * 1000) / 1000;
console.log(
  JSON.stringify(
    {
      ...summary,
      mean: round(summary.mean),
      median: round(summary.median),
      shareAtThreshold: round(summary.shareAtThreshold),
      perExpansion: Object.fromEntries(Object.entries(summary.perExpansion).map(([k, v]) => [k, { n: v.n, mean: round(v.mean) }])),
      worst: summary.worst.map((c) => ({ ...c, iou: round(c.iou) })),
    },
    null,
    2,
  ),
);
