// ICM and TE: does the head rank its best grade (A) above B/C among embryos of the same
// expansion grade, or only through expansion? The A-vs-B/C ROC AUC of the out-of-fold
// probabilities, overall and over same-expansion pairs only (the lab's expansion grades),
// for the base model and the learned head, each with a bootstrap interval.
import { rocAucInterval, withinGroupAucInterval, type Interval, type WithinExpansionReport } from '../../learning/headless';

const WORDS: Record<string, string> = { icm: 'ICM', te: 'TE' };
const two = (v: number) => v.toFixed(2);
const shown = (i: Interval) => `${two(i.estimate)} (${two(i.low)}–${two(i.high)})`;
/** At chance: the interval reaches 0.5 (or the figure is not finite). */
const atChance = (i: Interval) => !(i.low > 0.5);

export interface WithinExpansionInput {
  label: 'icm' | 'te';
  classes: readonly string[];
  targets: readonly number[];
  /** The lab's expansion grade per example, where it gave one. */
  expansion: readonly (string | undefined)[];
  probabilities: { base: readonly Float32Array[]; learned: readonly Float32Array[] };
  bootstrapSeed: string;
}

export function withinExpansionReport(input: WithinExpansionInput): WithinExpansionReport {
  const positiveClass = input.classes.includes('A') ? 'A' : input.classes[0]!;
  const k = input.classes.indexOf(positiveClass);
  const word = WORDS[input.label] ?? input.label;
  const kept = input.expansion.map((e, i) => (e === undefined ? -1 : i)).filter((i) => i >= 0);
  const positives = kept.map((i) => input.targets[i] === k);
  const groups = kept.map((i) => input.expansion[i]!);
  const scoreOf = (side: 'base' | 'learned') => kept.map((i) => input.probabilities[side][i]![k]!);
  const common = {
    positiveClass,
    score: `the out-of-fold probability of ${positiveClass} (the base model's own probability for the base)`,
    examples: kept.length,
  };
  const notMeasured = (why: string): WithinExpansionReport => ({ ...common, pairs: 0, expansionGrades: 0, overall: null, within: null, learnedExpansionOnly: false, verdict: 'not-measured', note: why });
  if (kept.length === 0) return notMeasured(`Not measured: no example with an ${word} grade carries an expansion grade.`);
  const options = (what: string) => ({ seed: `${input.bootstrapSeed}/${input.label}/${what}` });
  const overallOf = (scores: number[], what: string) => rocAucInterval(scores, positives, kept.map((_x, i) => i), options(what));
  const base = scoreOf('base');
  const learned = scoreOf('learned');
  const withinBase = withinGroupAucInterval(base, positives, groups, options('within-base'));
  const withinLearned = withinGroupAucInterval(learned, positives, groups, options('within-learned'));
  if (withinLearned.pairs === 0) return notMeasured(`Not measured: no expansion grade holds both ${positiveClass} and other ${word} grades, so there is no pair of equally expanded embryos to compare.`);
  const overall = { base: overallOf(base, 'overall-base'), learned: overallOf(learned, 'overall-learned') };
  const within = { base: withinBase.interval, learned: withinLearned.interval };
  const counted = `${withinLearned.pairs} same-expansion pairs in ${withinLearned.groups} expansion grade${withinLearned.groups === 1 ? '' : 's'}`;
  const versus = `${positiveClass} vs the rest: within equal expansion ${shown(within.learned)}, overall ${shown(overall.learned)}`;
  let verdict: WithinExpansionReport['verdict'];
  let note: string;
  if (!atChance(within.learned)) {
    verdict = 'within-expansion';
    note = `Learned ${word} beyond expansion: it ranks ${versus} (${counted}).`;
  } else if (!atChance(overall.learned)) {
    verdict = 'expansion-only';
    note = `Learned expansion, not ${word}: among embryos of the same expansion grade it ranks no better than chance (${versus}; ${counted}).`;
  } else {
    verdict = 'no-signal';
    note = `No ${word} signal: it ranks no better than chance overall or within equal expansion (${versus}; ${counted}).`;
  }
  return { ...common, pairs: withinLearned.pairs, expansionGrades: withinLearned.groups, overall, within, learnedExpansionOnly: verdict === 'expansion-only', verdict, note };
}
