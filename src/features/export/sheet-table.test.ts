import { describe, expect, it } from 'vitest';
import { column, perHead, sheetTable, LEADING_COLUMNS, type SheetTable } from './sheet-table';
import { outcomeSheet, sampleSheet } from './testing/sheet';
import type { GradeSheetRow } from './types';

/** Row `i` of the table as {column name: cell}. */
const record = ({ header, rows }: SheetTable, i: number) => Object.fromEntries(header.map((name, j) => [name, rows[i]![j]]));

describe('the grade sheet table', () => {
  it('has the contract columns first, then every column in one fixed order', () => {
    const { header } = sheetTable(sampleSheet());
    expect(header.slice(0, 5)).toEqual([...LEADING_COLUMNS]);
    expect(header).toEqual([
      'rank', 'file', 'ai_grade', 'final_grade', 'decision',
      'tie', 'embryo', 'dish', 'well', 'expansion', 'icm', 'te', 'overridden', 'overridden_heads', 'not_gradable', 'low_confidence', 'views_disagree', 'score',
      'p_expansion_2', 'p_expansion_3', 'p_expansion_4', 'p_icm_C', 'p_icm_B', 'p_icm_A', 'p_te_C', 'p_te_B', 'p_te_A',
      'flags', 'demotion', 'notes', 'clinic', 'patient_id', 'cycle_id', 'day', 'date', 'embryologist',
      'count_transfer', 'count_freeze', 'count_discard', 'count_biopsy', 'count_undecided',
      'model_id', 'model_version', 'model_hash', 'policy', 'final_grades_used', 'weights', 'timestamp',
    ]);
  });

  it('reads each cell from the row and the sheet: final grade per head, the heads flagged, yes/no as text, blank when absent', () => {
    const table = sheetTable(sampleSheet());
    expect(record(table, 1)).toMatchObject({
      rank: 2, file: 'embryo-01.png', ai_grade: '4AB', final_grade: '4AC', decision: 'freeze', tie: 'true', embryo: 1, dish: null, well: null,
      expansion: '4', icm: 'A', te: 'C', overridden: 'true', overridden_heads: 'te', not_gradable: '', low_confidence: '', views_disagree: 'expansion', score: '0.620',
      p_expansion_4: 0.7, p_te_C: 0.15, patient_id: 'P-1234', day: 'D5', model_id: 'vgg16-phantom', policy: 'Expected score (probabilities)',
      final_grades_used: 'true', timestamp: '2026-11-26T10:01:00.000Z',
    });
    expect(record(table, 0)).toMatchObject({ dish: 'D1', well: 'W3' });
    expect(record(table, 3)).toMatchObject({ ai_grade: '2––', final_grade: '2––', icm: '–', te: '–', overridden_heads: '', not_gradable: 'icm;te', demotion: 'Ranked after unflagged embryos: ICM not graded, TE not graded' });
    expect(record(table, 2)).toMatchObject({ low_confidence: 'te', dish: null, overridden: 'false', overridden_heads: '' });
    expect(record(table, 4)).toMatchObject({ rank: null, expansion: '', p_te_A: null, score: null, flags: 'No AI prediction (not graded or failed); not ranked.' });
  });

  it('counts the decisions of the whole sheet on every row', () => {
    const sheet = sampleSheet();
    sheet.rows[0]!.decision = 'freeze';
    const table = sheetTable(sheet);
    for (const i of [0, 4]) {
      expect(record(table, i)).toMatchObject({ count_transfer: 0, count_freeze: 2, count_discard: 1, count_biopsy: 1, count_undecided: 1 });
    }
  });

  it('has the outcome columns after the class probabilities only when some row has an outcome', () => {
    expect(sheetTable(sampleSheet()).header.filter((name) => /outcome/.test(name))).toEqual([]);
    const table = sheetTable(outcomeSheet());
    expect(table.header.indexOf('p_outcome')).toBe(table.header.indexOf('p_te_A') + 1);
    expect([0, 4].map((i) => [record(table, i).p_outcome, record(table, i).outcome_label])).toEqual([[0.8125, 'good'], [null, null]]);
  });

  it('neutralises every text cell, batch fields and notes alike, with the one rule', () => {
    const sheet = sampleSheet();
    sheet.meta.patientId = '=cmd|"/c calc"!A1';
    const table = sheetTable(sheet);
    expect(record(table, 0)).toMatchObject({ notes: `'=HYPERLINK("http://evil","click")`, patient_id: `'=cmd|"/c calc"!A1` });
    expect(record(table, 2).notes).toBe(`'-1 cell fragment; +check @lab`);
  });

  it("appends a host's extension columns after the sheet's, per head where asked, neutralised too", () => {
    type Row = GradeSheetRow & { source: string };
    const base = sampleSheet();
    const sheet = { ...base, rows: base.rows.map((row, i): Row => ({ ...row, source: i ? `s${i}` : '=s0' })) };
    const table = sheetTable(sheet, [column<Row>('source', (row) => row.source), perHead((head) => [column<Row>(`${head}_classes`, (row) => row.heads.find((h) => h.name === head)?.classes.length)])]);
    expect(table.header).toEqual([...sheetTable(base).header, 'source', 'expansion_classes', 'icm_classes', 'te_classes']);
    expect([0, 4].map((i) => [record(table, i).source, record(table, i).te_classes])).toEqual([["'=s0", 3], ['s4', null]]);
  });
});
