// ROC AUC counted only over pairs in the same group (a stratified concordance): of every
// (positive, negative) pair whose two examples share a group, the share in which the positive
// scores higher, ties counting one half. With expansion grades as the groups it asks whether a
// head ranks ICM (or TE) among embryos equally expanded, which the overall AUC cannot tell
// apart from ranking by expansion when poor ICM/TE grades come with less expanded embryos.
import { rocAuc } from '../../lib/metrics/roc-auc';
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

/** withinGroupAuc with a bootstrap 95 % interval (examples resampled, as metrics.ts does). */
export function withinGroupAucInterval(
  scores: readonly number[],
  positives: readonly boolean[],
  groups: readonly (string | number)[],
  options: BootstrapOptions = {},
): WithinGroupAuc & { interval: Interval } {
  const whole = withinGroupAuc(scores, positives, groups);
  const [interval] = bootstrap(scores.map((_s, i) => i), (sample) => [withinGroupOver(scores, positives, groups, sample).auc], options);
  return { ...whole, interval: interval! };
}
