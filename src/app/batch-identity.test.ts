import { describe, expect, it } from 'vitest';
import { batchName, identityWords, missingIdentity } from './batch-identity';

describe('missingIdentity', () => {
  it('lists blank patient, cycle and initials in the form order; spaces count as blank', () => {
    expect(missingIdentity({ patientId: '', cycleId: 'C1', embryologist: '  ' })).toEqual(['patientId', 'embryologist']);
    expect(missingIdentity({ patientId: 'P', cycleId: 'C', embryologist: 'AB' })).toEqual([]);
    expect(missingIdentity({ patientId: ' ', cycleId: '', embryologist: '' })).toEqual(['patientId', 'cycleId', 'embryologist']);
  });
});

describe('identityWords', () => {
  it('names one, two or three fields as a sentence does', () => {
    expect(identityWords(['cycleId'])).toBe('cycle ID');
    expect(identityWords(['embryologist', 'patientId'])).toBe('patient ID and initials');
    expect(identityWords(['patientId', 'cycleId', 'embryologist'])).toBe('patient ID, cycle ID and initials');
    expect(identityWords([])).toBe('');
  });
});

describe('batchName', () => {
  it('names the patient and cycle, and says when they are blank', () => {
    expect(batchName({ patientId: 'PT-0042', cycleId: 'C7' })).toBe('PT-0042 · cycle C7');
    expect(batchName({ patientId: ' ', cycleId: '' })).toBe('(no patient ID) · cycle (none)');
  });
});
