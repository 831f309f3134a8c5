// Whose embryos a batch holds: patient, cycle and the embryologist's initials. Nothing is graded
// into a batch, and no sheet leaves the app, without all three.
import type { NewBatch } from '../lib/storage';

export type IdentityField = 'patientId' | 'cycleId' | 'embryologist';

/** In the form's order, each with the words the screen uses for it. */
export const IDENTITY_FIELDS: ReadonlyArray<{ key: IdentityField; label: string; testId: string }> = [
  { key: 'patientId', label: 'patient ID', testId: 'patient-id' },
  { key: 'cycleId', label: 'cycle ID', testId: 'cycle-id' },
  { key: 'embryologist', label: 'initials', testId: 'embryologist' },
];

/** The identity fields left blank (only spaces counts as blank), in the form's order. */
export function missingIdentity(fields: Pick<NewBatch, IdentityField>): IdentityField[] {
  return IDENTITY_FIELDS.filter(({ key }) => !(fields[key] ?? '').trim()).map(({ key }) => key);
}

/** "patient ID", "patient ID and initials", "patient ID, cycle ID and initials". */
export function identityWords(fields: readonly IdentityField[]): string {
  const words = IDENTITY_FIELDS.filter(({ key }) => fields.includes(key)).map(({ label }) => label);
  return words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** How a batch is named when asking about it: "PT-0042 · cycle C7". */
export function batchName(fields: Pick<NewBatch, 'patientId' | 'cycleId'>): string {
  return `${fields.patientId.trim() || '(no patient ID)'} · cycle ${fields.cycleId.trim() || '(none)'}`;
}
