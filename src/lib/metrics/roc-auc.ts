// ROC AUC as the Mann-Whitney U statistic: the probability that a random positive
// scores above a random negative, ties counting one half. Exact (no thresholds), so
// small validation sets give the same figure as any statistics package.

export function rocAuc(scores: readonly number[], positives: readonly boolean[]): number {
  if (scores.length !== positives.length) throw new Error(`rocAuc: ${scores.length} scores for ${positives.length} labels`);
  const order = scores.map((s, i) => ({ s, pos: positives[i]! })).sort((a, b) => a.s - b.s);
  let nPos = 0;
  let rankSumPos = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]!.s === order[i]!.s) j++;
    const midRank = (i + 1 + j) / 2; // 1-based average rank of the tied run
    for (let k = i; k < j; k++) if (order[k]!.pos) {
      nPos++;
      rankSumPos += midRank;
    }
    i = j;
  }
  const nNeg = order.length - nPos;
  if (nPos === 0 || nNeg === 0) return Number.NaN;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/**
 * rocAuc of many resamples of the same scored examples (a bootstrap): the examples are ranked
 * once, and each sample (indexes into `scores`, repeats allowed) is counted in one pass over that
 * ranking instead of sorted again. The figure is rocAuc's on the sample's scores bit for bit: both
 * are the Mann-Whitney U (whole and half pairs, exact in doubles) divided by the same pair count.
 * At 5,100 examples the sort per resample was most of a re-learn's bootstrap time. Only `indexes`
 * (default: all) may appear in a sample; a score that is not finite falls back to rocAuc.
 */
export function rocAucOfSamples(scores: readonly number[], positives: readonly boolean[], indexes?: readonly number[]): (sample: readonly number[]) => number {
  if (scores.length !== positives.length) throw new Error(`rocAuc: ${scores.length} scores for ${positives.length} labels`);
  const ranked = rankedRuns(scores, indexes ?? scores.map((_s, i) => i));
  if (!ranked) return (sample) => rocAuc(sample.map((i) => scores[i]!), sample.map((i) => positives[i]!));
  const { order, runEnds } = ranked;
  const counts = new Float64Array(scores.length);
  return (sample) => {
    for (const i of sample) counts[i]!++;
    let below = 0;
    let u = 0;
    let nPos = 0;
    let nNeg = 0;
    for (let start = 0, r = 0; r < runEnds.length; start = runEnds[r++]!) {
      let pos = 0;
      let neg = 0;
      for (let k = start; k < runEnds[r]!; k++) {
        const i = order[k]!;
        if (positives[i]) pos += counts[i]!;
        else neg += counts[i]!;
      }
      u += pos * below + 0.5 * pos * neg;
      below += neg;
      nPos += pos;
      nNeg += neg;
    }
    for (const i of sample) counts[i] = 0;
    if (nPos === 0 || nNeg === 0) return Number.NaN;
    return u / (nPos * nNeg);
  };
}

/** `indexes` in ascending order of score and where each run of equal scores ends; null when a score is not finite. */
export function rankedRuns(scores: readonly number[], indexes: readonly number[]): { order: Int32Array; runEnds: Int32Array } | null {
  if (indexes.some((i) => !Number.isFinite(scores[i]))) return null;
  const order = Int32Array.from(indexes).sort((a, b) => scores[a]! - scores[b]!);
  const ends: number[] = [];
  for (let k = 1; k <= order.length; k++) if (k === order.length || scores[order[k]!] !== scores[order[k - 1]!]) ends.push(k);
  return { order, runEnds: Int32Array.from(ends) };
}
