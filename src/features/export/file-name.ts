// Export file names that say whose sheet it is and survive every file system.
import type { GradeSheet } from './types';

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/** Letters, digits, dot, dash and underscore only; everything else becomes "-". */
function part(text: string, fallback: string): string {
  const cleaned = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 40);
  return cleaned && !WINDOWS_RESERVED.test(cleaned) ? cleaned : fallback;
}

/** e.g. "gradesheet_P-1234_C2_2026-11-26.csv" (patient, cycle, date of the grading session). */
export function fileNameFor(sheet: GradeSheet, ext: string): string {
  const { patientId, cycleId, date } = sheet.meta;
  const day = /^\d{4}-\d{2}-\d{2}/.exec(date)?.[0] ?? part(date, 'undated');
  const extension = part(ext.replace(/^\.+/, ''), 'dat').toLowerCase();
  return `gradesheet_${part(patientId, 'patient')}_${part(cycleId, 'cycle')}_${day}.${extension}`;
}
