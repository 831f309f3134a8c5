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
