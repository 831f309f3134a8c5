// The streaming inflater's budget: exactly the expected size or a verdict, and a bomb
// stopped within a slice's worth of output. That the slices keep Chromium's memory down
// (Node's stream needs no slicing) is checked by e2e/hostile.spec.ts.
import { describe, expect, it } from 'vitest';
import { zlibOf, zlibOfZeros } from '../testing/png-builder';
import { inflateExactly, inflatesToExactly, SLICE_BYTES } from './inflate-stream';

describe('inflateExactly', () => {
  const data = new Uint8Array(100_000).map((_, i) => (i * 7) % 251);
  const stream = zlibOf(data);

  it('returns the stream\'s bytes when they are exactly the size asked, however it is split', async () => {
    expect(await inflateExactly([stream], data.length)).toEqual({ ok: true, bytes: data });
    expect(await inflateExactly([stream.subarray(0, 3), stream.subarray(3, 5000), stream.subarray(5000)], data.length)).toEqual({ ok: true, bytes: data });
  });

  it('tells too much, too little and damage apart', async () => {
    expect(await inflateExactly([stream], data.length - 1)).toMatchObject({ ok: false, reason: 'over-cap' });
    expect(await inflateExactly([stream], data.length + 1)).toEqual({ ok: false, reason: 'short', inflated: data.length });
    expect(await inflateExactly([new Uint8Array([0x78, 0xda, 0xff, 0xff, 0xff])], 1000)).toMatchObject({ ok: false, reason: 'corrupt' });
    expect(await inflateExactly([stream.subarray(0, stream.length >> 1)], data.length)).toMatchObject({ ok: false, reason: 'corrupt' });
  });

  it('stops a 1 GiB bomb within one slice\'s output past the budget, in well under a second', async () => {
    const bomb = zlibOfZeros(1024);
    const start = performance.now();
    const result = await inflateExactly([bomb], 1 << 20);
    expect(performance.now() - start).toBeLessThan(1000);
    expect(result).toMatchObject({ ok: false, reason: 'over-cap' });
    if (!result.ok) expect(result.inflated).toBeLessThanOrEqual((1 << 20) + SLICE_BYTES * 1032 + 65536);
  });

  it('a bomb spread over many pieces', async () => {
    const bomb = zlibOfZeros(256);
    const pieces = Array.from({ length: 64 }, (_, i) => bomb.subarray((i * bomb.length) / 64, ((i + 1) * bomb.length) / 64));
    expect(await inflateExactly(pieces, 4096)).toMatchObject({ ok: false, reason: 'over-cap' });
  });
});

describe('inflatesToExactly', () => {
  const data = new Uint8Array(100_000).map((_, i) => (i * 7) % 251);
  const stream = zlibOf(data);

  it('gives inflateExactly\'s verdicts without keeping the bytes', async () => {
    expect(await inflatesToExactly([stream.subarray(0, 7), stream.subarray(7)], data.length)).toEqual({ ok: true });
    expect(await inflatesToExactly([stream], data.length - 1)).toMatchObject({ ok: false, reason: 'over-cap' });
    expect(await inflatesToExactly([stream], data.length + 1)).toEqual({ ok: false, reason: 'short', inflated: data.length });
    expect(await inflatesToExactly([stream.subarray(0, stream.length >> 1)], data.length)).toMatchObject({ ok: false, reason: 'corrupt' });
  });

  it('stops a 1 GiB bomb within one slice\'s output past the budget', async () => {
    const result = await inflatesToExactly([zlibOfZeros(1024)], 1 << 20);
    expect(result).toMatchObject({ ok: false, reason: 'over-cap' });
    if (!result.ok) expect(result.inflated).toBeLessThanOrEqual((1 << 20) + SLICE_BYTES * 1032 + 65536);
  });
});
