import { describe, expect, it } from 'vitest';
import { canEditBatch, INITIAL_WRITER_STATE, nextWriterState, runsPipeline, writerBanner, type WriterEvent, type WriterState } from './writer-state';

const run = (events: WriterEvent[], from: WriterState = INITIAL_WRITER_STATE) => events.reduce(nextWriterState, from);

describe('one batch, one writer', () => {
  it('the first tab to open a batch writes it and runs its pipeline, with no banner', () => {
    const state = run([{ type: 'open', batchId: 'b1' }, { type: 'granted', batchId: 'b1', how: 'first' }]);
    expect(state).toEqual({ batchId: 'b1', role: 'writer', reason: 'first' });
    expect(canEditBatch(state)).toBe(true);
    expect(runsPipeline(state)).toBe(true);
    expect(writerBanner(state)).toBeNull();
  });

  it('waits for the lock before it edits or grades anything', () => {
    const state = run([{ type: 'open', batchId: 'b1' }]);
    expect(state.role).toBe('checking');
    expect(canEditBatch(state)).toBe(false);
    expect(runsPipeline(state)).toBe(false);
    expect(writerBanner(state)).toBeNull();
  });

  it('a second tab is read-only, says so plainly and offers to take over', () => {
    const state = run([{ type: 'open', batchId: 'b1' }, { type: 'busy', batchId: 'b1' }]);
    expect(canEditBatch(state)).toBe(false);
    expect(runsPipeline(state)).toBe(false);
    expect(writerBanner(state)).toEqual({ kind: 'read-only', text: expect.stringMatching(/^This batch is open for editing in another tab\./), canTakeOver: true });
  });

  it('taking over makes this tab the writer; the tab that lost the lock turns read-only with the banner', () => {
    const reader = run([{ type: 'open', batchId: 'b1' }, { type: 'busy', batchId: 'b1' }]);
    const tookOver = nextWriterState(reader, { type: 'granted', batchId: 'b1', how: 'took-over' });
    expect(canEditBatch(tookOver)).toBe(true);
    expect(writerBanner(tookOver)).toMatchObject({ kind: 'notice', canTakeOver: false });
    const previous = run([{ type: 'open', batchId: 'b1' }, { type: 'granted', batchId: 'b1', how: 'first' }, { type: 'lost', batchId: 'b1' }]);
    expect(canEditBatch(previous)).toBe(false);
    expect(writerBanner(previous)).toMatchObject({ kind: 'read-only', canTakeOver: true, text: expect.stringMatching(/taken over in another tab/) });
  });

  it('when the writing tab closes, the waiting reader holds the batch and says why', () => {
    const state = run([{ type: 'open', batchId: 'b1' }, { type: 'busy', batchId: 'b1' }, { type: 'granted', batchId: 'b1', how: 'waited' }]);
    expect(runsPipeline(state)).toBe(true);
    expect(writerBanner(state)?.text).toMatch(/was closed/);
  });

  it('an answer about a batch no longer shown changes nothing; opening another batch asks again', () => {
    const shown = run([{ type: 'open', batchId: 'b1' }, { type: 'open', batchId: 'b2' }]);
    expect(nextWriterState(shown, { type: 'granted', batchId: 'b1', how: 'first' })).toBe(shown);
    expect(nextWriterState(shown, { type: 'lost', batchId: 'b1' })).toBe(shown);
    const none = run([{ type: 'open', batchId: null }], shown);
    expect(none.role).toBe('none');
    expect(canEditBatch(none)).toBe(true);
  });
});
