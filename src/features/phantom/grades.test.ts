import { describe, expect, it } from 'vitest';
import { balancedGrades, gradeCode, parseGradeSpec } from './grades';

describe('balancedGrades', () => {
  it('covers all 54 Gardner combinations in every block of 54 indices', () => {
    for (const start of [0, 54, 108]) {
      const codes = new Set<string>();
      for (let i = start; i < start + 54; i++) codes.add(gradeCode(balancedGrades(i, 'seed')));
      expect(codes.size).toBe(54);
    }
  });

  it('is seeded: same seed same order, other seed another order', () => {
    const order = (seed: string) => Array.from({ length: 54 }, (_, i) => gradeCode(balancedGrades(i, seed))).join(' ');
    expect(order('a')).toBe(order('a'));
    expect(order('a')).not.toBe(order('b'));
  });
});

describe('parseGradeSpec', () => {
  it('"balanced" and "" give the full spread', () => {
    for (const spec of ['balanced', '', '*']) {
      const s = parseGradeSpec(spec);
      const codes = new Set(Array.from({ length: 54 }, (_, i) => gradeCode(s.gradesFor(i, 1))));
      expect(codes.size).toBe(54);
    }
  });

  it('constraints restrict and stay balanced', () => {
    const s = parseGradeSpec('exp=3-5,icm=A|B,te=*');
    const codes = Array.from({ length: 18 }, (_, i) => gradeCode(s.gradesFor(i, 1)));
    expect(new Set(codes).size).toBe(18);
    for (const c of codes) expect(c).toMatch(/^[345][AB][ABC]$/);
  });

  it('a code list is cycled and "*" samples that grade', () => {
    const s = parseGradeSpec('4AA,3BC');
    expect([0, 1, 2, 3].map((i) => gradeCode(s.gradesFor(i, 9)))).toEqual(['4AA', '3BC', '4AA', '3BC']);
    const w = parseGradeSpec('5*C');
    const codes = new Set(Array.from({ length: 6 }, (_, i) => gradeCode(w.gradesFor(i, 9))));
    expect([...codes].sort()).toEqual(['5AC', '5BC', '5CC']);
  });

  it('rejects malformed specs with a message', () => {
    expect(() => parseGradeSpec('7AA')).toThrow(/bad grade code/);
    expect(() => parseGradeSpec('exp=0-2')).toThrow(/bad expansion/);
    expect(() => parseGradeSpec('icm=D')).toThrow(/bad ICM grade/);
    expect(() => parseGradeSpec('size=3')).toThrow(/unknown grade key/);
  });
});
