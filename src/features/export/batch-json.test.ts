import { describe, expect, it } from 'vitest';
import { BATCH_FORMAT, parseBatchJson, toBatchJson } from './batch-json';
import { sampleSheet, tinyPng } from './testing/sheet';
import { BatchImportError } from './validate-sheet';

describe('batch JSON', () => {
  it('round-trips the whole sheet and opaque batch state exactly, bytes included', () => {
    const sheet = sampleSheet();
    const batch = {
      audit: [{ who: 'AB', at: '2026-11-26T10:05:00Z', head: 'te', from: 'B', to: 'C', modelHash: sheet.model.hash }],
      crops: { 'embryo-01.png': tinyPng(7) },
      settings: { policy: 'expected-score', weights: { te: 0.5 } },
    };
    const text = toBatchJson(sheet, { batch, exportedAt: '2026-11-26T11:00:00.000Z' });
    const file = parseBatchJson<typeof batch>(text);
    expect(file).toEqual({ format: BATCH_FORMAT, version: 1, exportedAt: '2026-11-26T11:00:00.000Z', sheet, batch });
    expect(file.sheet.rows[0].thumbnailPng).toBeInstanceOf(Uint8Array);
    expect(file.sheet.rows[0].thumbnailPng).toEqual(sheet.rows[0].thumbnailPng);
    expect(file.batch?.crops['embryo-01.png']).toEqual(tinyPng(7));
    expect(file.sheet.rows[0].notes).toBe(sheet.rows[0].notes); // the JSON keeps the exact note, not neutralised
    expect(file.sheet.rows[1].heads[0].viewAgreement).toEqual({ agree: 5, of: 8 });
    expect(file.sheet.rows[0].heads[0]).not.toHaveProperty('viewAgreement'); // a grade from before it was recorded stays unknown
    expect(JSON.parse(text).sheet.rows[0].thumbnailPng).toEqual({ $bytes: expect.any(String) });
    // Exporting the import again gives the same file.
    expect(toBatchJson(file.sheet, { batch: file.batch, exportedAt: file.exportedAt })).toBe(text);
  });

  it('omits batch when none is given and stamps the export time', () => {
    const file = parseBatchJson(toBatchJson(sampleSheet()));
    expect('batch' in file).toBe(false);
    expect(Date.parse(file.exportedAt)).not.toBeNaN();
  });

  it('rejects what it cannot restore with a specific message', () => {
    const good = JSON.parse(toBatchJson(sampleSheet()));
    const attempt = (value: unknown) => () => parseBatchJson(typeof value === 'string' ? value : JSON.stringify(value));
    expect(attempt('{not json')).toThrow(BatchImportError);
    expect(attempt('{not json')).toThrow(/not JSON/);
    expect(attempt('[1,2]')).toThrow('Not a batch file: expected a JSON object');
    expect(attempt({ ...good, format: 'other' })).toThrow('Not a BlastoGrade batch file: format is "other", expected "blastograde-batch"');
    expect(attempt({ ...good, version: 2 })).toThrow('Unsupported batch file version 2: this app reads version 1');

    const badDecision = structuredClone(good);
    badDecision.sheet.rows[2].decision = 'keep';
    expect(attempt(badDecision)).toThrow(
      'Invalid batch file: sheet.rows[2].decision must be one of undecided, transfer, freeze, discard, biopsy, got "keep"',
    );
    const badProbabilities = structuredClone(good);
    badProbabilities.sheet.rows[0].heads[1].probabilities.pop();
    expect(attempt(badProbabilities)).toThrow(/sheet\.rows\[0\]\.heads\[1\]\.probabilities must be 3 numbers/);
    const noPatient = structuredClone(good);
    delete noPatient.sheet.meta.patientId;
    expect(attempt(noPatient)).toThrow('Invalid batch file: sheet.meta.patientId must be text, got nothing');
    const badDay = structuredClone(good);
    badDay.sheet.meta.day = 'D4';
    expect(attempt(badDay)).toThrow(/sheet\.meta\.day must be one of D5, D6, D7/);
    const badRank = structuredClone(good);
    badRank.sheet.rows[0].rank = 0;
    expect(attempt(badRank)).toThrow(/rows\[0\]\.rank must be a whole number from 1, or null/);
    const badViews = structuredClone(good);
    badViews.sheet.rows[1].heads[0].viewAgreement = { agree: 9, of: 8 };
    expect(attempt(badViews)).toThrow('Invalid batch file: sheet.rows[1].heads[0].viewAgreement.agree must be a whole number from 0 to 8, got 9');
    badViews.sheet.rows[1].heads[0].viewAgreement = { agree: 0, of: 0 };
    expect(attempt(badViews)).toThrow(/viewAgreement\.of must be a whole number of views from 1, got 0/);
    const badBytes = structuredClone(good);
    badBytes.sheet.rows[0].thumbnailPng = { $bytes: '***' };
    expect(attempt(badBytes)).toThrow('Invalid batch file: a binary field is not valid base64');
  });

  it('keeps a sheet no batch day was given for (the CLI makes such sheets)', () => {
    const { day: _day, ...meta } = sampleSheet().meta;
    const sheet = { ...sampleSheet(), meta };
    expect(parseBatchJson(toBatchJson(sheet)).sheet).toEqual(sheet);
  });

  it('accepts a file saved with a BOM', () => {
    expect(parseBatchJson(`\uFEFF${toBatchJson(sampleSheet())}`).sheet.meta.patientId).toBe('P-1234');
  });
});
