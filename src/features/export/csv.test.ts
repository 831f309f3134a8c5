import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CSV_BOM, toCsv } from './csv';
import { sampleSheet } from './testing/sheet';

function parse(csv: string) {
  expect(csv.startsWith(CSV_BOM)).toBe(true);
  const result = Papa.parse<Record<string, string>>(csv.slice(1), { header: true, skipEmptyLines: true });
  expect(result.errors).toEqual([]);
  return result;
}

describe('toCsv', () => {
  it('starts with a BOM and the contract header, CRLF line ends', () => {
    const csv = toCsv(sampleSheet());
    expect(csv.slice(1).startsWith('rank,file,ai_grade,final_grade,decision,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(new TextEncoder().encode(csv).subarray(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it('carries every row: ranks, grades, decisions, heads, probabilities, batch fields', () => {
    const sheet = sampleSheet();
    const { data, meta } = parse(toCsv(sheet));
    expect(meta.fields).toContain('p_te_A');
    expect(meta.fields).toEqual(expect.arrayContaining(['embryo', 'expansion', 'icm', 'te', 'overridden', 'flags', 'notes', 'patient_id', 'cycle_id', 'day', 'embryologist', 'model_id', 'model_hash', 'policy', 'timestamp']));
    expect(data.map((r) => r.rank)).toEqual(['1', '2', '2', '4', '']);
    expect(data.map((r) => r.file)).toEqual(sheet.rows.map((r) => r.file));
    expect(data.map((r) => r.ai_grade)).toEqual(['4AA', '4AB', '3BA', '2––', '']);
    expect(data.map((r) => r.final_grade)).toEqual(['4AA', '4AC', '3BA', '2––', '']);
    expect(data.map((r) => r.decision)).toEqual(['transfer', 'freeze', 'biopsy', 'discard', 'undecided']);
    expect(data.map((r) => r.tie)).toEqual(['false', 'true', 'true', 'false', 'false']);
    expect(data[1]).toMatchObject({ expansion: '4', icm: 'A', te: 'C', overridden: 'true', p_te_B: '0.7000', p_te_C: '0.1500' });
    // An early blastocyst: its ICM and TE are not graded, in the grade string, their columns and not_gradable alike.
    expect(data[3]).toMatchObject({ expansion: '2', icm: '–', te: '–', not_gradable: 'icm;te', low_confidence: '', demotion: 'Ranked after unflagged embryos: ICM not graded, TE not graded' });
    expect(data.map((r) => r.score)).toEqual(['0.920', '0.620', '0.620', '0.190', '']);
    expect(data[0]!.weights).toBe('weights Expansion 1, ICM 0, TE 0; TE left out: inverted on real embryos (ROC AUC 0.25).');
    expect(data[2]).toMatchObject({ low_confidence: 'te', flags: 'TE: low-confidence AI grade (A); review it.' });
    // The views that disagree: listed per head like low confidence; a grade made before they were recorded lists none.
    expect(data.map((r) => r.views_disagree)).toEqual(['', 'expansion', '', '', '']);
    expect(data[1]).toMatchObject({ flags: "Expansion: the model's 8 views of this crop disagree (5 of 8 call 4); review it." });
    expect(data[4]).toMatchObject({ p_te_A: '', expansion: '' });
    expect(data[0]).toMatchObject({ patient_id: 'P-1234', cycle_id: 'C2', day: 'D5', embryologist: 'AB', model_id: 'vgg16-phantom', policy: 'Expected score (probabilities)', final_grades_used: 'true', clinic: 'Test Clinic Zürich' });
  });

  it('neutralises formula cells, including a leading minus, and quotes per RFC 4180', () => {
    const csv = toCsv(sampleSheet());
    const { data } = parse(csv);
    expect(data[0].notes).toBe(`'=HYPERLINK("http://evil","click")`);
    expect(data[2].notes).toBe(`'-1 cell fragment; +check @lab`);
    expect(data[1].notes).toBe('Line one, with "quotes"\nline two');
    expect(data[2].file).toBe('embryo, 02.png');
    expect(csv).toContain('"Line one, with ""quotes""\nline two"');
    expect(data[3].notes).toBe('Résumé ≥ 3 µm — 日本 ✓');
  });

  it('neutralises batch fields too', () => {
    const sheet = sampleSheet();
    sheet.meta.patientId = '=cmd|"/c calc"!A1';
    const { data } = parse(toCsv(sheet));
    expect(data[0].patient_id).toBe(`'=cmd|"/c calc"!A1`);
  });
});
