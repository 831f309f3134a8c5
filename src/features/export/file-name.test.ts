import { describe, expect, it } from 'vitest';
import { fileNameFor } from './file-name';
import { sampleSheet } from './testing/sheet';

describe('fileNameFor', () => {
  it('names the file by patient, cycle and date', () => {
    expect(fileNameFor(sampleSheet(), 'csv')).toBe('gradesheet_P-1234_C2_2026-11-26.csv');
    expect(fileNameFor(sampleSheet(), '.PDF')).toBe('gradesheet_P-1234_C2_2026-11-26.pdf');
  });

  it('keeps only file-system-safe characters', () => {
    const sheet = sampleSheet();
    sheet.meta.patientId = '../../Müller/é:*?"<>|';
    sheet.meta.cycleId = 'CON';
    sheet.meta.date = '2026-11-26T09:30:00+01:00';
    const name = fileNameFor(sheet, 'xlsx');
    expect(name).toBe('gradesheet_Muller-e_cycle_2026-11-26.xlsx');
    expect(name).toMatch(/^[A-Za-z0-9._-]+$/);
  });

  it('falls back when fields are empty', () => {
    const sheet = sampleSheet();
    sheet.meta.patientId = '';
    sheet.meta.cycleId = '日本';
    sheet.meta.date = '';
    expect(fileNameFor(sheet, 'json')).toBe('gradesheet_patient_cycle_undated.json');
  });
});
