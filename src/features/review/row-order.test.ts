import { describe, expect, it } from 'vitest';
import { arrangeChildren, longestIncreasing } from './row-order';

/** A parent with DOM insertBefore semantics (the node leaves its place first), counting moves. */
function fakeParent(ids: string[]) {
  const children = ids.map((id) => ({ id }));
  return {
    children,
    insertBefore(node: { id: string }, before: { id: string } | null) {
      children.splice(children.indexOf(node), 1);
      children.splice(before ? children.indexOf(before) : children.length, 0, node);
    },
    ids: () => children.map((c) => c.id),
  };
}

describe('longestIncreasing', () => {
  it('finds one longest strictly increasing run', () => {
    const xs = [3, 1, 4, 1, 5, 9, 2, 6];
    const run = [...longestIncreasing(xs)].sort((a, b) => a - b).map((i) => xs[i]!);
    expect(run).toHaveLength(4);
    run.forEach((x, i) => { if (i) expect(x).toBeGreaterThan(run[i - 1]!); });
    expect(longestIncreasing([]).size).toBe(0);
    expect(longestIncreasing([5, 4, 3]).size).toBe(1);
  });
});

describe('arrangeChildren', () => {
  it('moves only the row that changed place when a newly graded one moves up', () => {
    // 199 rows; the 151st (first unranked) is graded and ranks 3rd: React's keyed moves would move 148 rows.
    const ids = Array.from({ length: 199 }, (_, i) => `r${i}`);
    const parent = fakeParent(ids);
    const order = [...ids.slice(0, 2), 'r150', ...ids.slice(2, 150), ...ids.slice(151)];
    expect(arrangeChildren(parent, (n) => n.id, order)).toBe(1);
    expect(parent.ids()).toEqual(order);
  });

  it('reaches any order with n minus the longest kept run moves', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 50; trial++) {
      const ids = Array.from({ length: 1 + Math.floor(random() * 30) }, (_, i) => `r${i}`);
      const order = [...ids].sort(() => random() - 0.5);
      const parent = fakeParent(ids);
      const moved = arrangeChildren(parent, (n) => n.id, order);
      expect(parent.ids()).toEqual(order);
      expect(moved).toBe(ids.length - longestIncreasing(order.map((id) => ids.indexOf(id))).size);
      expect(arrangeChildren(parent, (n) => n.id, order)).toBe(0);
    }
  });

  it('never moves children the order does not name, and skips names with no child', () => {
    const parent = fakeParent(['a', 'x', 'b', 'c']);
    expect(arrangeChildren(parent, (n) => (n.id === 'x' ? undefined : n.id), ['c', 'gone', 'a', 'b'])).toBe(1);
    expect(parent.ids().filter((id) => id !== 'x')).toEqual(['c', 'a', 'b']);
  });
});
