import { describe, expect, it } from 'vitest';
import { neutraliseCell } from './neutralise';

describe('neutraliseCell', () => {
  it('prefixes a single quote to cells that start a formula', () => {
    for (const s of ['=1+1', '+SUM(A1)', '-1 fragment', '@cmd', '\tx', '\rx', '＝1']) expect(neutraliseCell(s)).toBe(`'${s}`);
  });

  it('leaves everything else alone', () => {
    for (const s of ['4AB', 'a=b', ' =x', '', "'already", '2026-11-26', 'NG']) expect(neutraliseCell(s)).toBe(s);
  });
});
