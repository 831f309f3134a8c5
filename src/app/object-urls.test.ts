import { afterEach, describe, expect, it, vi } from 'vitest';
import { createObjectUrlCache } from './object-urls';

const png = (bytes: number[]) => new Blob([new Uint8Array(bytes)], { type: 'image/png' });

describe('object URL cache', () => {
  afterEach(() => vi.restoreAllMocks());

  it('keeps one URL for the same content read back as a new Blob object', () => {
    const create = vi.spyOn(URL, 'createObjectURL');
    const cache = createObjectUrlCache();
    const first = cache.url(png([1, 2, 3]), 'img-1:thumbnail');
    cache.sweep();
    // a later IndexedDB read: same bytes, a different Blob object
    const again = cache.url(png([1, 2, 3]), 'img-1:thumbnail');
    cache.sweep();
    expect(again).toBe(first);
    expect(create).toHaveBeenCalledTimes(1);
  });

  it('makes a new URL when the key or the content size changes, and revokes the one no longer shown', () => {
    const revoke = vi.spyOn(URL, 'revokeObjectURL');
    const cache = createObjectUrlCache();
    const before = cache.url(png([1, 2, 3]), 'img-1:crop:0,0,100');
    cache.sweep();
    const moved = cache.url(png([1, 2, 3]), 'img-1:crop:10,0,100');
    cache.sweep();
    expect(moved).not.toBe(before);
    expect(revoke).toHaveBeenCalledWith(before);
    const bigger = cache.url(png([1, 2, 3, 4]), 'img-1:crop:10,0,100');
    expect(bigger).not.toBe(moved);
  });

  it('gives no URL for a missing or empty Blob', () => {
    const cache = createObjectUrlCache();
    expect(cache.url(null, 'x')).toBeNull();
    expect(cache.url(new Blob([]), 'x')).toBeNull();
  });
});
