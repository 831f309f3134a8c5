// Who may write the open batch, decided from what the tab's Web Lock said, and what the page says
// about it. Pure: the browser glue (use-batch-writer.ts) turns lock answers into these events.
//
// One batch, one writer: the tab that opens a batch first holds it; any other tab showing it is
// read-only until the user takes over. When the writing tab closes, a waiting reader is given
// the lock by the browser and becomes the writer with a visible notice (the batch keeps going:
// the images still queued are graded there), rather than asking, because the tab that closed
// can no longer lose anything and an embryologist expects the batch to finish in the tab that is
// left open.

export type WriterRole = 'none' | 'checking' | 'writer' | 'reader';

/** How this tab came to hold the batch, or why it does not. */
export type WriterReason = 'first' | 'other-tab' | 'taken-over-here' | 'taken-over-elsewhere' | 'other-tab-closed' | 'no-locks';

export interface WriterState {
  batchId: string | null;
  role: WriterRole;
  reason: WriterReason | null;
}

export type WriterEvent =
  /** A batch (or none) is shown in this tab. */
  | { type: 'open'; batchId: string | null }
  /** This tab's lock request for the shown batch was answered. */
  | { type: 'granted'; batchId: string; how: 'first' | 'waited' | 'took-over' | 'no-locks' }
  | { type: 'busy'; batchId: string }
  /** Another tab took the lock away from this one. */
  | { type: 'lost'; batchId: string };

export const INITIAL_WRITER_STATE: WriterState = { batchId: null, role: 'none', reason: null };

const GRANTED_REASON = { first: 'first', waited: 'other-tab-closed', 'took-over': 'taken-over-here', 'no-locks': 'no-locks' } as const;

export function nextWriterState(state: WriterState, event: WriterEvent): WriterState {
  if (event.type === 'open') {
    if (event.batchId === state.batchId) return state;
    return { batchId: event.batchId, role: event.batchId ? 'checking' : 'none', reason: null };
  }
  // An answer about a batch this tab no longer shows changes nothing on screen.
  if (event.batchId !== state.batchId) return state;
  switch (event.type) {
    case 'granted':
      return { batchId: state.batchId, role: 'writer', reason: GRANTED_REASON[event.how] };
    case 'busy':
      return { batchId: state.batchId, role: 'reader', reason: 'other-tab' };
    case 'lost':
      return { batchId: state.batchId, role: 'reader', reason: 'taken-over-elsewhere' };
  }
}

/**
 * Whether this tab may change the shown batch. While the lock is being asked for (a few
 * milliseconds after opening) edits wait too: a tab never writes before it knows it is the writer.
 */
export const canEditBatch = (state: WriterState): boolean => state.role === 'writer' || state.role === 'none';

/** Whether this tab runs the pipeline for the shown batch (readers never do: no image is graded twice). */
export const runsPipeline = (state: WriterState): boolean => state.role === 'writer';

export interface WriterBanner {
  kind: 'read-only' | 'notice';
  text: string;
  /** The reader can take the batch over here. */
  canTakeOver: boolean;
}

export function writerBanner(state: WriterState): WriterBanner | null {
  if (state.role === 'reader') {
    const text = state.reason === 'taken-over-elsewhere'
      ? 'This batch was taken over in another tab and is open for editing there. This tab is read-only and shows their changes.'
      : 'This batch is open for editing in another tab. This tab is read-only and shows its changes.';
    return { kind: 'read-only', text, canTakeOver: true };
  }
  if (state.role === 'writer' && state.reason === 'other-tab-closed') {
    return { kind: 'notice', text: 'The tab that was editing this batch was closed: this tab now holds it for editing and finishes its images.', canTakeOver: false };
  }
  if (state.role === 'writer' && state.reason === 'taken-over-here') {
    return { kind: 'notice', text: 'You took this batch over: this tab holds it for editing; the other tab is now read-only.', canTakeOver: false };
  }
  return null;
}
