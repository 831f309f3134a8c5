import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { LEADING_COLUMNS, sheetTable, toCsv as appCsv } from '../../features/export';
import type { HeadPrediction } from '../../lib/types';
import { CLI_COLUMNS, gradeSheetOf, toCsv } from './grade-csv';
import { rankGradeRecords, withRanking } from './grade-ranking';
import type { GradeRecord } from './grade-record';

const identity = { modelId: '=model', modelVersion: '1', modelHash: 'abc', backend: 'wasm' };
const parse = (csv: string) => Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
const rowsOf = (csv: string) => parse(csv).data;
const icm = (viewAgreement?: { agree: number; of: number }): HeadPrediction => ({
  name: 'icm', classes: ['C', 'B', 'A'], probabilities: [0.1, 0.2, 0.7], argmax: 'A', lowConfidence: false, ...(viewAgreement ? { viewAgreement } : {}),
});
const graded = (file: string, heads: HeadPrediction[] = [icm()], extra: Partial<GradeRecord> = {}): GradeRecord => ({
  file, ok: true, ellipse: null, crop: null, grade: '?A?', heads, ...identity, inferenceMs: 41, ...extra,
});
const failed = (file: string, error = 'not an image'): GradeRecord => ({ file, ok: false, error, ellipse: null, crop: null, ...identity });
const NOW = new Date('2026-12-01T09:30:00.000Z');

describe('grade CSV', () => {
  it("is the app's grade sheet table, the same columns in the same order, then the CLI's own", () => {
    const records = [graded('a.png', [icm({ agree: 5, of: 8 })]), failed('b.png')];
    const csv = toCsv(records, undefined, NOW);
    const { meta } = parse(csv);
    const sheet = gradeSheetOf(records, undefined, NOW);
    const app = sheetTable(sheet).header;
    expect(meta.fields!.slice(0, LEADING_COLUMNS.length)).toEqual([...LEADING_COLUMNS]);
    expect(meta.fields).toEqual([...app, 'ok', 'error', 'score_value', 'icm_view_agreement', 'backend', 'inference_ms']);
    expect(sheetTable(sheet, CLI_COLUMNS).header).toEqual(meta.fields);
    // The app writes the same table (with its byte-order mark and four decimals).
    expect(appCsv(sheet).slice(1).split('\r\n')[0]).toBe(app.join(','));
    expect(csv.startsWith('rank,file,ai_grade,final_grade,decision,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it("writes each file's grades and facts under the app's names, and the CLI's facts after them", () => {
    const records = [graded('a.png', [icm({ agree: 5, of: 8 })]), graded('old.png'), failed('b.png')];
    const [a, old, b] = rowsOf(toCsv(records, undefined, NOW));
    expect(a).toMatchObject({
      rank: '', file: 'a.png', ai_grade: '?A?', final_grade: '?A?', decision: 'undecided', embryo: '1', icm: 'A', overridden: 'false',
      low_confidence: '', views_disagree: 'icm', p_icm_C: '0.100000', p_icm_A: '0.700000', flags: '', model_id: "'=model", model_version: '1', model_hash: 'abc',
      day: '', patient_id: '', date: '2026-12-01', timestamp: '2026-12-01T09:30:00.000Z', policy: '', score: '',
      ok: 'true', error: '', score_value: '', icm_view_agreement: '5/8', backend: 'wasm', inference_ms: '41',
    });
    // A grade recorded before the views were counted: unknown, never doubt.
    expect(old).toMatchObject({ views_disagree: '', icm_view_agreement: '' });
    // Why a file was not graded is its first flag, as on the app's sheet, and its error.
    expect(b).toMatchObject({ ok: 'false', error: 'not an image', flags: 'not an image', ai_grade: '', icm: '', p_icm_A: '', embryo: '3', inference_ms: '' });
  });

  it('every text cell that would start a formula is neutralised as in the app sheet', () => {
    const records = [failed('=1+1.png', '=HYPERLINK("http://x","click")'), failed('@SUM(1+1)cmd.png', '-2+3'), failed('plain.png', 'file not found')];
    const rows = rowsOf(toCsv(records));
    expect(rows.map((r) => r.file)).toEqual(["'=1+1.png", "'@SUM(1+1)cmd.png", 'plain.png']);
    expect(rows.map((r) => r.error)).toEqual(['\'=HYPERLINK("http://x","click")', "'-2+3", 'file not found']);
    expect(rows[0]!.model_id).toBe("'=model");
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('fills rank, tie, score, policy and flags from the ranking with --rank, leaves them blank without', () => {
    const records = [graded('a.png'), graded('b.png'), failed('c.png')];
    expect(rowsOf(toCsv(records)).map((r) => [r.rank, r.score, r.policy, r.flags])).toEqual([['', '', '', ''], ['', '', '', ''], ['', '', '', 'not an image']]);
    const ranked = rankGradeRecords(records, 'expected-score');
    const rows = rowsOf(toCsv(withRanking(records, ranked, 'expected-score'), { policy: 'expected-score', ranked }));
    expect(rows.map((r) => [r.rank, r.tie])).toEqual([['1', 'true'], ['1', 'true'], ['', 'false']]);
    expect(rows.map((r) => r.policy)).toEqual(Array(3).fill('Expected score (probabilities)'));
    expect(rows[0]).toMatchObject({ score: ranked[0]!.scoreLabel, score_value: ranked[0]!.score!.toFixed(6), final_grades_used: 'true' });
    expect(rows[2]!.flags).toBe(`not an image; ${ranked[2]!.flags[0]!.message}`);
    expect(rows[2]!.flags).toMatch(/; No AI prediction/);
  });

  it("says which weights ranked, and which heads the model card's default left out", () => {
    const records = [graded('a.png'), graded('b.png')];
    const figures = { rows: [{ name: 'te', realRocAuc: 0.254, verdict: 'inverted' }] };
    const ranked = rankGradeRecords(records, 'expected-score', figures);
    const rows = rowsOf(toCsv(withRanking(records, ranked, 'expected-score'), { policy: 'expected-score', figures, ranked }));
    expect(rows[0]!.weights).toBe('weights Expansion 0.4, ICM 0.6, TE 0; TE left out: inverted on real embryos (ROC AUC 0.25).');
    const gardner = rowsOf(toCsv(records, { policy: 'gardner', ranked: rankGradeRecords(records, 'gardner') }));
    expect(gardner[0]!.weights).toBe('');
  });

  it('adds the outcome probability and what positive meant only when a record has one, neutralised', () => {
    const plain = parse(toCsv([graded('a.png')])).meta.fields!;
    expect(plain.filter((f) => /outcome/.test(f))).toEqual([]);
    const withOutcome = graded('a.png', [icm()], { outcome: { probability: 0.8125, positiveLabel: '=good' } });
    const { data, meta } = parse(toCsv([withOutcome, failed('b.png')]));
    expect(data.map((r) => [r.p_outcome, r.outcome_label])).toEqual([['0.812500', "'=good"], ['', '']]);
    expect(meta.fields!.indexOf('p_outcome')).toBe(meta.fields!.indexOf('p_icm_A') + 1);
  });
});
