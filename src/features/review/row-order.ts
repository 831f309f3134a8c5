// The review table's rows in rank order with the fewest DOM moves. React keeps a keyed list's
// order by moving every row between an item's old and new places when the item moves up: a newly
// graded image ranked k-th among m moved m - k rows (each one's layout objects rebuilt, its
// subtree restyled and laid out, the table repainted), so in a 200-image batch each grade cost
// more than the last. The table renders its rows in arrival order, which never changes (React then
// only appends and removes), and arrangeChildren puts them in the order shown, moving only the rows
// off the longest run already in order: one row per newly graded image.

/** Indices (into xs) of one longest strictly increasing subsequence of xs. */
export function longestIncreasing(xs: readonly number[]): Set<number> {
  // tails[k]: index of the smallest tail of an increasing run of length k + 1; prev: back links.
  const tails: number[] = [];
  const prev: number[] = new Array(xs.length).fill(-1);
  xs.forEach((x, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[tails[mid]!]! < x) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1]!;
    tails[lo] = i;
  });
  const out = new Set<number>();
  for (let i = tails.at(-1) ?? -1; i >= 0; i = prev[i]!) out.add(i);
  return out;
}

/** What arrangeChildren needs of a parent element (a DOM element is one). */
export interface OrderedParent<N> {
  readonly children: ArrayLike<N>;
  insertBefore(node: N, before: N | null): unknown;
}

/**
 * Puts the children named in `order` (by `key`) in that order, moving the fewest: those off a
 * longest run already in order. Children `order` does not name are never moved; names with no
 * child are skipped. Returns how many were moved.
 */
export function arrangeChildren<N>(parent: OrderedParent<N>, key: (node: N) => string | undefined, order: readonly string[]): number {
  const current = Array.from(parent.children);
  const place = new Map<string, number>();
  current.forEach((node, i) => { const k = key(node); if (k !== undefined) place.set(k, i); });
  const target = order.filter((id) => place.has(id));
  const stay = longestIncreasing(target.map((id) => place.get(id)!));
  let moved = 0;
  let next: N | null = null;
  for (let i = target.length - 1; i >= 0; i--) {
    const node = current[place.get(target[i]!)!]!;
    if (!stay.has(i)) {
      parent.insertBefore(node, next);
      moved++;
    }
    next = node;
  }
  return moved;
}
