import { describe, expect, it } from 'vitest';
import { encodeHalf, fromHalfBits, roundToHalf, toHalfBits } from './float16';

describe('float16', () => {
  it('encodes known values as numpy does', () => {
    expect(toHalfBits(1)).toBe(0x3c00);
    expect(toHalfBits(-2)).toBe(0xc000);
    expect(toHalfBits(0.1)).toBe(0x2e66);
    expect(toHalfBits(65504)).toBe(0x7bff);
    expect(toHalfBits(1e6)).toBe(0x7c00);
    expect(toHalfBits(2 ** -24)).toBe(0x0001);
    expect(toHalfBits(1e-9)).toBe(0);
    expect(toHalfBits(1 + 2 ** -11)).toBe(0x3c00); // tie to even
    expect(toHalfBits(1 + 3 * 2 ** -11)).toBe(0x3c02);
  });

  it('round-trips within half a unit in the last place', () => {
    const values = Float32Array.from({ length: 2000 }, (_, i) => Math.sin(i * 1.7) * 10 ** ((i % 7) - 4));
    const back = roundToHalf(values);
    values.forEach((v, i) => {
      if (Math.abs(v) > 6.2e-5) expect(Math.abs(back[i]! - v)).toBeLessThanOrEqual(Math.abs(v) * 2 ** -11);
      else expect(Math.abs(back[i]! - v)).toBeLessThanOrEqual(2 ** -25);
    });
    expect(fromHalfBits(0x7c00)).toBe(Infinity);
    expect(new DataView(encodeHalf(Float32Array.of(1)).buffer).getUint16(0, true)).toBe(0x3c00);
  });
});
