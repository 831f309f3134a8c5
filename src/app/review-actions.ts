// The app's side of the review's actions: its zustand store (mirroring IndexedDB) and its
// typed-edit saver are the review's storage; the batch runner retries.
import { createReviewActions, type ReviewActionsWithHistory, type ReviewStore } from '../features/review';
import { onPageHidden } from './saved-as-typed';
import { reportError } from './report-error';
import type { Services } from './services';
import { useAppStore } from './state/app-store';

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
  return createReviewActions({ store: reviewStore(typing), retry: (id) => runner.retry(id), editCrop, view, onPageHidden, reportError });
}
