import { describe, expect, it } from 'vitest';
import { gradeString } from './grade-string';

describe('gradeString', () => {
  it('writes the combined Gardner grade', () => {
    expect(gradeString('4', 'A', 'B')).toBe('4AB');
    expect(gradeString('6', 'C', 'C')).toBe('6CC');
  });

  it('spells not-gradable heads apart so NG never runs into a letter', () => {
    expect(gradeString('2', 'NG', 'NG')).toBe('2 NG NG');
    expect(gradeString('4', 'NG', 'B')).toBe('4 NG B');
    expect(gradeString('NG', 'NG', 'NG')).toBe('NG');
  });

  it('shows a missing grade as ?', () => {
    expect(gradeString('4', null, 'A')).toBe('4?A');
    expect(gradeString(undefined, '', 'A')).toBe('??A');
  });
});
