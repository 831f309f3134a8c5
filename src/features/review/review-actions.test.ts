import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HeadName, HeadPrediction } from '../../lib/types';
import { createReviewActions, NOTE_AUDIT_PAUSE_MS, type ReviewAudit, type ReviewedImageState, type ReviewStore } from './review-actions';

/** A head sure of `grade`. */
function certain(name: HeadName, grade: string): HeadPrediction {
  const classes = name === 'expansion' ? ['1', '2', '3', '4', '5', '6'] : ['C', 'B', 'A'];
  return { name, classes, probabilities: classes.map((c) => (c === grade ? 1 : 0)), argmax: grade, lowConfidence: false };
}

/** The host's storage, kept in memory: what the review saved and audited. */
function memoryStore(embryologist = 'AB') {
  const images = new Map<string, ReviewedImageState>([
    ['i1', { id: 'i1', overrides: {}, decision: 'undecided', notes: '', prediction: { modelId: 'm1', heads: [certain('expansion', '4'), certain('te', 'B')] } }],
    // An early blastocyst: its AI TE grade is not used (not graded below expansion 3).
    ['i2', { id: 'i2', overrides: {}, decision: 'undecided', notes: '', prediction: { modelId: 'm1', heads: [certain('expansion', '2'), certain('te', 'B')] } }],
  ]);
  const audit: ReviewAudit[] = [];
  const store: ReviewStore = {
    image: (id) => images.get(id),
    session: () => ({ batchId: 'b1', embryologist }),
    async saveImageFields(id, patch) {
      images.set(id, { ...images.get(id)!, ...patch });
    },
    async saveAudit(entry) {
      audit.push(entry);
    },
  };
  return { store, images, audit };
}

function setUp(embryologist?: string) {
  const memory = memoryStore(embryologist);
  const hidden: Array<() => void> = [];
  const errors: unknown[] = [];
  const retried: string[] = [];
  const viewed: string[][] = [];
  const actions = createReviewActions({
    store: memory.store,
    retry: async (id) => void retried.push(id),
    editCrop: () => undefined,
    view: (ids) => void viewed.push(ids),
    onPageHidden: (flush) => void hidden.push(flush),
    reportError: (e) => void errors.push(e),
  });
  return { ...memory, actions, hidden, errors, retried, viewed };
}

const settle = () => vi.advanceTimersByTimeAsync(0);
const entries = (audit: ReviewAudit[]) => audit.map((a) => [a.action, a.field, a.from, a.to]);

describe('review actions', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('saves a grade override and a decision, audits each, and undoes and redoes them through the same path', async () => {
    const { actions, images, audit, errors } = setUp();
    actions.setOverride('i1', 'te', 'C');
    actions.setDecision('i1', 'freeze');
    await settle();
    expect(images.get('i1')).toMatchObject({ overrides: { te: 'C' }, decision: 'freeze' });
    expect(actions.undo()).toBe(true);
    expect(actions.undo()).toBe(true);
    await settle();
    expect(images.get('i1')).toMatchObject({ overrides: {}, decision: 'undecided' });
    expect(actions.undo()).toBe(false);
    expect(actions.redo()).toBe(true);
    await settle();
    expect(images.get('i1')!.overrides).toEqual({ te: 'C' });
    // Going back to the AI's grade is written as that grade.
    expect(entries(audit)).toEqual([
      ['override', 'grade.te', 'AI B', 'C'],
      ['decision', 'decision', 'undecided', 'freeze'],
      ['undo', 'decision', 'freeze', 'undecided'],
      ['undo', 'grade.te', 'C', 'AI B'],
      ['redo', 'grade.te', 'AI B', 'C'],
    ]);
    expect(audit.every((a) => a.batchId === 'b1' && a.who === 'AB' && a.modelId === 'm1' && a.imageId === 'i1')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('audits the AI grade of a head the grading rule does not grade as "AI –", as the override menu shows it', async () => {
    const { actions, audit } = setUp();
    actions.setOverride('i2', 'te', 'B');
    await settle();
    expect(entries(audit)).toEqual([['override', 'grade.te', 'AI –', 'B']]);
  });

  it('records nothing for a change to the same value or an image that is gone', async () => {
    const { actions, audit } = setUp();
    actions.setDecision('i1', 'undecided');
    actions.setDecision('gone', 'transfer');
    await settle();
    expect(audit).toEqual([]);
    expect(actions.undo()).toBe(false);
  });

  it('saves a note at every key but audits it once per pause in typing, or at once when the page is hidden', async () => {
    const { actions, images, audit, hidden } = setUp('');
    actions.setNotes('i1', 'g');
    actions.setNotes('i1', 'go');
    await settle();
    expect(images.get('i1')!.notes).toBe('go');
    expect(audit).toEqual([]);
    await vi.advanceTimersByTimeAsync(NOTE_AUDIT_PAUSE_MS);
    expect(entries(audit)).toEqual([['notes', 'notes', '', 'go']]);
    expect(audit[0]!.who).toBe('(no initials)');

    actions.setNotes('i1', 'good');
    hidden.forEach((flush) => flush());
    await settle();
    expect(entries(audit).at(-1)).toEqual(['notes', 'notes', 'go', 'good']);
    await vi.advanceTimersByTimeAsync(NOTE_AUDIT_PAUSE_MS);
    expect(audit).toHaveLength(2);
  });

  it('saves dish and well as typed, without an undo step', async () => {
    const { actions, images } = setUp();
    actions.setPlace('i1', 'dish', 'D2');
    actions.setPlace('i1', 'well', 'W7');
    await settle();
    expect(images.get('i1')).toMatchObject({ dish: 'D2', well: 'W7', decision: 'undecided' });
    expect(actions.undo()).toBe(false);
  });

  it('hands retry, crop editing and the large view to the host, and a failed save to its error report', async () => {
    const { actions, retried, viewed, store, errors } = setUp();
    actions.retry('i1');
    actions.view('i1');
    await settle();
    expect(retried).toEqual(['i1']);
    expect(viewed).toEqual([['i1']]);
    store.saveImageFields = () => Promise.reject(new Error('disk full'));
    actions.setDecision('i1', 'discard');
    await settle();
    expect(errors).toEqual([new Error('disk full')]);
  });
});
