import { describe, expect, it } from 'vitest';
import { formatViewRoute, parseViewRoute, VIEWS } from './view-route';

describe('view route', () => {
  it('reads the lab from #/lab, with or without slashes, in any case, and from the old #lab anchor', () => {
    for (const hash of ['#/lab', '#/lab/', '#lab', '#/LAB', '#//lab', '#/lab?x=1']) expect(parseViewRoute(hash), hash).toBe('lab');
  });

  it('reads the batch from no hash, #/, and anything it does not know', () => {
    for (const hash of ['', '#', '#/', '#/batch', '#/labs', '#/lab/models', '#notes', '#/unknown']) expect(parseViewRoute(hash), hash).toBe('batch');
  });

  it('formats a hash that parses back to the same view', () => {
    expect(formatViewRoute('batch')).toBe('#/');
    expect(formatViewRoute('lab')).toBe('#/lab');
    for (const view of VIEWS) expect(parseViewRoute(formatViewRoute(view))).toBe(view);
  });
});
