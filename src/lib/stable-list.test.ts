import { describe, expect, it } from 'vitest';
import { createStableList, keepUnchanged, sameData } from './stable-list';

describe('sameData', () => {
  it('compares plain objects and arrays by content', () => {
    expect(sameData({ a: 1, b: [1, { c: 'x' }], d: null }, { a: 1, b: [1, { c: 'x' }], d: null })).toBe(true);
    expect(sameData({ a: 1, b: [1, { c: 'x' }] }, { a: 1, b: [1, { c: 'y' }] })).toBe(false);
    expect(sameData({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameData([1, 2], [1, 2, 3])).toBe(false);
    expect(sameData([], {})).toBe(false);
    expect(sameData(NaN, NaN)).toBe(true);
  });

  it('compares anything else by identity', () => {
    const blob = new Blob(['x']);
    expect(sameData({ b: blob }, { b: blob })).toBe(true);
    expect(sameData({ b: blob }, { b: new Blob(['x']) })).toBe(false);
    expect(sameData(new Map(), new Map())).toBe(false);
  });
});

describe('keepUnchanged', () => {
  const a = { id: 'a', status: 'done', heads: [{ p: [0.1, 0.9] }] };
  const b = { id: 'b', status: 'queued', heads: null };

  it('returns the previous list when nothing changed', () => {
    const previous = [a, b];
    expect(keepUnchanged(previous, [structuredClone(a), structuredClone(b)])).toBe(previous);
  });

  it('keeps unchanged items and takes changed ones', () => {
    const changedB = { ...b, status: 'grading' };
    const next = keepUnchanged([a, b], [structuredClone(a), changedB]);
    expect(next[0]).toBe(a);
    expect(next[1]).toBe(changedB);
  });

  it('gives a new list when the order changed or an item came or went', () => {
    const previous = [a, b];
    const reordered = keepUnchanged(previous, [structuredClone(b), structuredClone(a)]);
    expect(reordered).not.toBe(previous);
    expect(reordered[0]).toBe(b);
    expect(reordered[1]).toBe(a);
    const c = { id: 'c', status: 'queued', heads: null };
    const grown = keepUnchanged(previous, [structuredClone(a), structuredClone(b), c]);
    expect(grown).toEqual([a, b, c]);
    expect(grown[0]).toBe(a);
    expect(keepUnchanged(previous, [structuredClone(a)])).toEqual([a]);
  });

  it('remembers the last list between calls', () => {
    const stable = createStableList<typeof a>();
    const first = stable([a]);
    expect(stable([structuredClone(a)])).toBe(first);
  });
});
