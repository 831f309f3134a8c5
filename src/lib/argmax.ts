// Which class a row of probabilities calls: the first of the highest, so a tie goes to
// the earlier class in the card's order, the same for the averaged grade and for each view.

/** Index of the highest value in values[start, start + length). */
export function argmaxIndex(values: ArrayLike<number>, start = 0, length = values.length - start): number {
  let best = 0;
  for (let i = 1; i < length; i++) if (values[start + i]! > values[start + best]!) best = i;
  return best;
}
