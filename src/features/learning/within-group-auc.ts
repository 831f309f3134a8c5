// ROC AUC counted only over pairs in the same group (a stratified concordance): of every
// (positive, negative) pair whose two examples share a group, the share in which the positive
// scores higher, ties counting one half. With expansion grades as the groups it asks whether a
// head ranks ICM (or TE) among embryos equally expanded, which the overall AUC cannot tell
// apart from ranking by expansion when poor ICM/TE grades come with less expanded embryos.
import { rankedRuns, rocAuc } from '../../lib/metrics/roc-auc';
import { bootstrap, type BootstrapOptions, type Interval } from './metrics';

export interface WithinGroupAuc {
  /** NaN when no group holds both a positive and a negative. */
  auc: number;
  /** Same-group (positive, negative) pairs the figure counts. */
  pairs: number;
  /** Groups that hold both classes (the ones contributing pairs). */
  groups: number;
}

function indexesByGroup(groups: readonly (string | number)[], sample: readonly number[]): Map<string, number[]> {
  const byGroup = new Map<string, number[]>();
  for (const i of sample) {
    const key = String(groups[i]);
    const list = byGroup.get(key);
    if (list) list.push(i);
    else byGroup.set(key, [i]);
  }
  return byGroup;
}

function withinGroupOver(scores: readonly number[], positives: readonly boolean[], groups: readonly (string | number)[], sample: readonly number[]): WithinGroupAuc {
  let concordant = 0;
  let pairs = 0;
  let contributing = 0;
  for (const members of indexesByGroup(groups, sample).values()) {
    const nPos = members.reduce((n, i) => n + (positives[i] ? 1 : 0), 0);
    const nNeg = members.length - nPos;
    if (nPos === 0 || nNeg === 0) continue;
    // Mann-Whitney within the group: its AUC times its pair count is its concordant pairs.
    concordant += rocAuc(members.map((i) => scores[i]!), members.map((i) => positives[i]!)) * nPos * nNeg;
    pairs += nPos * nNeg;
    contributing++;
  }
  return { auc: pairs === 0 ? Number.NaN : concordant / pairs, pairs, groups: contributing };
}

/** The share of same-group (positive, negative) pairs ranked the right way round (ties one half). */
export function withinGroupAuc(scores: readonly number[], positives: readonly boolean[], groups: readonly (string | number)[]): WithinGroupAuc {
  if (scores.length !== positives.length || scores.length !== groups.length) {
    throw new Error(`withinGroupAuc: ${scores.length} scores, ${positives.length} labels, ${groups.length} groups`);
  }
  return withinGroupOver(scores, positives, groups, scores.map((_s, i) => i));
}

/**
 * withinGroupOver for many resamples of the same examples: ranked once, each sample counted in one
 * pass (see rocAucOfSamples), each group's concordant pairs added in the order the groups first
 * appear in the sample, as withinGroupOver adds them, so the figure is the same bit for bit.
 */
export function withinGroupAucOfSamples(scores: readonly number[], positives: readonly boolean[], groups: readonly (string | number)[]): (sample: readonly number[]) => WithinGroupAuc {
  const ranked = rankedRuns(scores, scores.map((_s, i) => i));
  if (!ranked) return (sample) => withinGroupOver(scores, positives, groups, sample);
  const { order, runEnds } = ranked;
  const keys = new Map<string, number>();
  const groupOf = Int32Array.from(groups, (g) => {
    const key = String(g);
    if (!keys.has(key)) keys.set(key, keys.size);
    return keys.get(key)!;
  });
  const g = keys.size;
  const counts = new Float64Array(scores.length);
  const [below, u, nPos, nNeg, runPos, runNeg] = Array.from({ length: 6 }, () => new Float64Array(g));
  const firstSeen = new Uint8Array(g);
  return (sample) => {
    for (const counter of [below!, u!, nPos!, nNeg!, firstSeen]) counter.fill(0);
    const appearance: number[] = [];
    for (const i of sample) {
      counts[i]!++;
      const group = groupOf[i]!;
      if (!firstSeen[group]) {
        firstSeen[group] = 1;
        appearance.push(group);
      }
    }
    for (let start = 0, r = 0; r < runEnds.length; start = runEnds[r++]!) {
      for (let k = start; k < runEnds[r]!; k++) {
        const i = order[k]!;
        if (positives[i]) runPos![groupOf[i]!] += counts[i]!;
        else runNeg![groupOf[i]!] += counts[i]!;
      }
      for (let k = start; k < runEnds[r]!; k++) {
        const group = groupOf[order[k]!]!;
        const pos = runPos![group]!;
        const neg = runNeg![group]!;
        if (pos === 0 && neg === 0) continue; // this group's run already counted (or absent from the sample)
        u![group] += pos * below![group]! + 0.5 * pos * neg;
        below![group] += neg;
        nPos![group] += pos;
        nNeg![group] += neg;
        runPos![group] = 0;
        runNeg![group] = 0;
      }
    }
    for (const i of sample) counts[i] = 0;
    let concordant = 0;
    let pairs = 0;
    let contributing = 0;
    for (const group of appearance) {
      const p = nPos![group]!;
      const n = nNeg![group]!;
      if (p === 0 || n === 0) continue;
      // As withinGroupOver: the group's AUC times its pair count.
      concordant += (u![group]! / (p * n)) * p * n;
      pairs += p * n;
      contributing++;
    }
    return { auc: pairs === 0 ? Number.NaN : concordant / pairs, pairs, groups: contributing };
  };
}

/** withinGroupAuc with a bootstrap 95 % interval (examples resampled, as metrics.ts does). */
export function withinGroupAucInterval(
  scores: readonly number[],
  positives: readonly boolean[],
  groups: readonly (string | number)[],
  options: BootstrapOptions = {},
): WithinGroupAuc & { interval: Interval } {
  const whole = withinGroupAuc(scores, positives, groups);
  const ofSample = withinGroupAucOfSamples(scores, positives, groups);
  const [interval] = bootstrap(scores.map((_s, i) => i), (sample) => [ofSample(sample).auc], options);
  return { ...whole, interval: interval! };
}
