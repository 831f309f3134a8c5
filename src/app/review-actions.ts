// The app's side of the review's actions: its zustand store (mirroring IndexedDB) and its
// typed-edit saver are the review's storage; the batch runner retries.
import { createReviewActions, type ReviewActionsWithHistory, type ReviewStore } from '../features/review';
import { onPageHidden } from './saved-as-typed';
import { reportError } from './report-error';
import type { Services } from './services';
import { useAppStore } from './state/app-store';
import { mayEditShownBatch } from './batch-writer';

function reviewStore(typing: Services['typing']): ReviewStore {
  return {
    image: (id) => useAppStore.getState().images.find((i) => i.id === id),
    session() {
      const state = useAppStore.getState();
      const batch = state.batches.find((b) => b.id === state.currentBatchId);
      return { batchId: state.currentBatchId ?? '', embryologist: batch?.embryologist ?? '' };
    },
    saveImageFields: (id, patch) => typing.saveImageFields(id, patch),
    saveAudit: (entry) => typing.saveAudit(entry),
  };
}

export function createAppReviewActions(
  { runner, typing }: Pick<Services, 'runner' | 'typing'>,
  editCrop: (id: string) => void,
  view: (ids: string[]) => void,
): ReviewActionsWithHistory {
  const actions = createReviewActions({ store: reviewStore(typing), retry: (id) => runner.retry(id), editCrop, view, onPageHidden, reportError });
  return readOnlyWhileAnotherTabWrites(actions);
}

/** Every change to the batch does nothing while another tab holds it (keys, menus, undo); viewing still works. */
function readOnlyWhileAnotherTabWrites(actions: ReviewActionsWithHistory): ReviewActionsWithHistory {
  const guard = <A extends unknown[]>(change: (...args: A) => void) => (...args: A) => { if (mayEditShownBatch()) change(...args); };
  return {
    ...actions,
    setDecision: guard(actions.setDecision),
    setNotes: guard(actions.setNotes),
    setPlace: guard(actions.setPlace),
    setOverride: guard(actions.setOverride),
    retry: guard(actions.retry),
    editCrop: guard(actions.editCrop),
    undo: () => mayEditShownBatch() && actions.undo(),
    redo: () => mayEditShownBatch() && actions.redo(),
  };
}
