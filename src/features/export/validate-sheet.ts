// Checks an imported batch file's grade sheet field by field and says exactly which
// field is wrong. Hand-written rather than ajv: ajv compiles schemas with
// new Function(), which the app's Content-Security-Policy (no 'unsafe-eval') forbids.
import { DECISIONS, HEAD_NAMES, type EmbryoDay } from '../../lib/types';
import type { GradeSheet } from './types';

export class BatchImportError extends Error {
  override name = 'BatchImportError';
}

const DAYS: readonly EmbryoDay[] = ['D5', 'D6', 'D7'];

type Json = Record<string, unknown>;

function fail(path: string, expected: string, value: unknown): never {
  const got = value === undefined ? 'nothing' : JSON.stringify(value)?.slice(0, 60);
  throw new BatchImportError(`Invalid batch file: ${path} must be ${expected}, got ${got}`);
}

function object(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'an object', value);
  return value as Json;
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, 'a list', value);
  return value;
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string') fail(path, 'text', value);
  return value;
}

function optionalString(value: unknown, path: string): void {
  if (value !== undefined) string(value, path);
}

function boolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') fail(path, 'true or false', value);
  return value;
}

function number(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, 'a number', value);
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (!allowed.includes(value as T)) fail(path, `one of ${allowed.join(', ')}`, value);
  return value as T;
}

function validateHead(value: unknown, path: string): void {
  const head = object(value, path);
  oneOf(head.name, HEAD_NAMES, `${path}.name`);
  const classes = array(head.classes, `${path}.classes`);
  classes.forEach((c, i) => string(c, `${path}.classes[${i}]`));
  const probabilities = array(head.probabilities, `${path}.probabilities`);
  probabilities.forEach((p, i) => number(p, `${path}.probabilities[${i}]`));
  if (probabilities.length !== classes.length) fail(`${path}.probabilities`, `${classes.length} numbers (one per class)`, probabilities);
  string(head.aiGrade, `${path}.aiGrade`);
  if (head.finalGrade !== null) string(head.finalGrade, `${path}.finalGrade`);
  optionalString(head.grade, `${path}.grade`);
  boolean(head.lowConfidence, `${path}.lowConfidence`);
  if (head.viewAgreement !== undefined) validateViewAgreement(head.viewAgreement, `${path}.viewAgreement`);
}

/** Whole numbers with 0 <= agree <= of and at least one view. */
function validateViewAgreement(value: unknown, path: string): void {
  const agreement = object(value, path);
  const of = number(agreement.of, `${path}.of`);
  if (!Number.isInteger(of) || of < 1) fail(`${path}.of`, 'a whole number of views from 1', of);
  const agree = number(agreement.agree, `${path}.agree`);
  if (!Number.isInteger(agree) || agree < 0 || agree > of) fail(`${path}.agree`, `a whole number from 0 to ${of}`, agree);
}

function validateOutcome(value: unknown, path: string): void {
  const outcome = object(value, path);
  const probability = number(outcome.probability, `${path}.probability`);
  if (probability < 0 || probability > 1) fail(`${path}.probability`, 'a probability from 0 to 1', probability);
  string(outcome.positiveLabel, `${path}.positiveLabel`);
}

function validateRow(value: unknown, path: string): void {
  const row = object(value, path);
  if (row.rank !== null) {
    const rank = number(row.rank, `${path}.rank`);
    if (!Number.isInteger(rank) || rank < 1) fail(`${path}.rank`, 'a whole number from 1, or null', rank);
  }
  boolean(row.tie, `${path}.tie`);
  string(row.file, `${path}.file`);
  number(row.embryo, `${path}.embryo`);
  optionalString(row.dish, `${path}.dish`);
  optionalString(row.well, `${path}.well`);
  string(row.aiGrade, `${path}.aiGrade`);
  string(row.finalGrade, `${path}.finalGrade`);
  boolean(row.overridden, `${path}.overridden`);
  array(row.heads, `${path}.heads`).forEach((h, i) => validateHead(h, `${path}.heads[${i}]`));
  if (row.outcome !== undefined) validateOutcome(row.outcome, `${path}.outcome`);
  optionalString(row.score, `${path}.score`);
  optionalString(row.demotion, `${path}.demotion`);
  array(row.flags, `${path}.flags`).forEach((f, i) => string(f, `${path}.flags[${i}]`));
  oneOf(row.decision, DECISIONS, `${path}.decision`);
  string(row.notes, `${path}.notes`);
  if (row.thumbnailPng !== undefined && !(row.thumbnailPng instanceof Uint8Array)) fail(`${path}.thumbnailPng`, 'PNG bytes', row.thumbnailPng);
  string(row.timestamp, `${path}.timestamp`);
}

/** Throws BatchImportError naming the first bad field; returns the value typed when it is a GradeSheet. */
export function validateGradeSheet(value: unknown, path = 'sheet'): GradeSheet {
  const sheet = object(value, path);
  const meta = object(sheet.meta, `${path}.meta`);
  optionalString(meta.clinic, `${path}.meta.clinic`);
  string(meta.patientId, `${path}.meta.patientId`);
  string(meta.cycleId, `${path}.meta.cycleId`);
  if (meta.day !== undefined) oneOf(meta.day, DAYS, `${path}.meta.day`);
  string(meta.embryologist, `${path}.meta.embryologist`);
  string(meta.date, `${path}.meta.date`);
  const model = object(sheet.model, `${path}.model`);
  string(model.id, `${path}.model.id`);
  string(model.version, `${path}.model.version`);
  string(model.hash, `${path}.model.hash`);
  optionalString(model.intendedUse, `${path}.model.intendedUse`);
  optionalString(model.realSignalWarning, `${path}.model.realSignalWarning`);
  const ranking = object(sheet.ranking, `${path}.ranking`);
  string(ranking.policy, `${path}.ranking.policy`);
  boolean(ranking.finalGradesUsed, `${path}.ranking.finalGradesUsed`);
  optionalString(ranking.weights, `${path}.ranking.weights`);
  array(sheet.rows, `${path}.rows`).forEach((row, i) => validateRow(row, `${path}.rows[${i}]`));
  return value as GradeSheet;
}
