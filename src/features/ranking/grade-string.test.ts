import { describe, expect, it } from 'vitest';
import { gradeMark, gradeString, NOT_GRADED_MARK } from './grade-string';

describe('gradeString', () => {
  it('writes the combined Gardner grade', () => {
    expect(gradeString('4', 'A', 'B')).toBe('4AB');
    expect(gradeString('6', 'C', 'C')).toBe('6CC');
  });

  it('shows a head that is not graded as "–", keeping one place per head', () => {
    expect(NOT_GRADED_MARK).toBe('–');
    expect(gradeString('1', 'NG', 'NG')).toBe('1––');
    expect(gradeString('4', 'NG', 'B')).toBe('4–B');
    expect(gradeString('NG', 'NG', 'NG')).toBe('–––');
  });

  it('shows a missing grade as ?', () => {
    expect(gradeString('4', null, 'A')).toBe('4?A');
    expect(gradeString(undefined, '', 'A')).toBe('??A');
  });
});

describe('gradeMark', () => {
  it('is the label, "–" for not gradable, "?" for none', () => {
    expect(gradeMark(' B ')).toBe('B');
    expect(gradeMark('NG')).toBe('–');
    expect(gradeMark(null)).toBe('?');
  });
});
