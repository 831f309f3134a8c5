import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { toCsv } from './grade-csv';
import type { GradeRecord } from './grade-record';

const identity = { modelId: '=model', modelVersion: '1', modelHash: 'abc', backend: 'wasm' };
const parse = (csv: string) => Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;

describe('grade CSV', () => {
  it('every text cell that would start a formula is neutralised as in the app sheet', () => {
    const records: GradeRecord[] = [
      { file: '=1+1.png', ok: false, error: '=HYPERLINK("http://x","click")', ellipse: null, crop: null, ...identity },
      { file: '@SUM(1+1)cmd.png', ok: false, error: '-2+3', ellipse: null, crop: null, ...identity },
      { file: 'plain.png', ok: false, error: 'file not found', ellipse: null, crop: null, ...identity },
    ];
    const rows = parse(toCsv(records));
    expect(rows.map((r) => r.file)).toEqual(["'=1+1.png", "'@SUM(1+1)cmd.png", 'plain.png']);
    expect(rows.map((r) => r.error)).toEqual(['\'=HYPERLINK("http://x","click")', "'-2+3", 'file not found']);
    expect(rows[0]!.model_id).toBe("'=model");
    expect(rows[0]!.ok).toBe('false');
  });

  it('adds the ranking columns only when the records were ranked', () => {
    const base: GradeRecord = { file: 'a.png', ok: false, error: 'x', ellipse: null, crop: null, ...identity };
    expect(Object.keys(parse(toCsv([base]))[0]!)).not.toContain('rank');
    const ranked = parse(toCsv([{ ...base, rank: null, score: null, scoreLabel: '', policy: 'gardner', flags: 'No AI prediction' }]))[0]!;
    expect(ranked).toMatchObject({ rank: '', score: '', policy: 'gardner', flags: 'No AI prediction' });
    expect(Object.keys(ranked)[0]).toBe('rank');
  });

  it("writes each head's view agreement and whether too few views make the call; empty when unknown", () => {
    const icm = { name: 'icm' as const, classes: ['C', 'B', 'A'], probabilities: [0.1, 0.2, 0.7], argmax: 'A', lowConfidence: false };
    const record = (file: string, viewAgreement?: { agree: number; of: number }): GradeRecord => ({
      file, ok: true, ellipse: null, crop: null, grade: '?A?', heads: [{ ...icm, ...(viewAgreement ? { viewAgreement } : {}) }], ...identity,
    });
    const rows = parse(toCsv([record('a.png', { agree: 5, of: 8 }), record('b.png', { agree: 6, of: 8 }), record('old.png')]));
    expect(rows.map((r) => [r.icm_view_agreement, r.icm_views_disagree])).toEqual([['5/8', 'true'], ['6/8', 'false'], ['', '']]);
    const header = Object.keys(rows[0]!);
    expect(header.slice(header.indexOf('icm'), header.indexOf('icm') + 4)).toEqual(['icm', 'icm_low_confidence', 'icm_view_agreement', 'icm_views_disagree']);
  });

  it('adds the outcome probability and what positive meant only when a record has one, neutralised', () => {
    const head = { name: 'icm' as const, classes: ['C', 'B', 'A'], probabilities: [0.1, 0.2, 0.7], argmax: 'A', lowConfidence: false };
    const graded: GradeRecord = { file: 'a.png', ok: true, ellipse: null, crop: null, grade: '?A?', heads: [head], ...identity };
    const plain = parse(toCsv([graded]))[0]!;
    expect(Object.keys(plain)).not.toContain('p_outcome');
    expect(Object.keys(plain)).not.toContain('outcome_label');

    const withOutcome = { ...graded, outcome: { probability: 0.8125, positiveLabel: '=good' } };
    const failed: GradeRecord = { file: 'b.png', ok: false, error: 'x', ellipse: null, crop: null, ...identity };
    const rows = parse(toCsv([withOutcome, failed]));
    expect(rows.map((r) => [r.p_outcome, r.outcome_label])).toEqual([['0.812500', "'=good"], ['', '']]);
    const header = Object.keys(rows[0]!);
    expect(header.indexOf('p_outcome')).toBe(header.indexOf('p_icm_A') + 1);
  });
});
