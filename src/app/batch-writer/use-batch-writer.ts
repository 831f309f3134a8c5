// The browser glue for one writer per batch: asks for the shown batch's Web Lock, turns the
// answers into writer-state events, runs the pipeline only in the writer, tells other tabs
// when the batch changed, and reloads the batch from IndexedDB in a read-only tab when told.
import { useCallback, useEffect, useMemo } from 'react';
import type { Repository } from '../../lib/storage';
import type { BatchRunner } from '../batch-runner/batch-runner';
import type { TypingSaver } from '../saved-as-typed';
import { reportError } from '../report-error';
import { useAppStore } from '../state/app-store';
import { openBatchChannel, type BatchChannel } from './batch-channel';
import { createBatchLocks, type BatchLocks } from './batch-locks';
import { useWriterStore } from './writer-store';
import { canEditBatch, writerBanner } from './writer-state';

interface Deps {
  repo: Repository;
  runner: BatchRunner;
  /** The typed-edit journal: replayed when this tab takes over from a tab that closed. */
  typing: Pick<TypingSaver, 'replay'>;
  /** Reads the shown batch's images whole again (a closing tab's last change notice may be lost). */
  rereadShownImages: () => void;
}

/** Whether this tab may change the shown batch now (for guards outside React). */
export const mayEditShownBatch = () => canEditBatch(useWriterStore.getState());

/** A reload at a time, and one more if asked meanwhile: a burst of changes costs two reads. */
function coalesced(work: () => Promise<void>) {
  let running: Promise<void> | null = null;
  let again = false;
  const go = (): void => {
    if (running) { again = true; return; }
    running = work().catch(reportError).finally(() => {
      running = null;
      if (again) { again = false; go(); }
    });
  };
  return go;
}

export function useBatchWriter({ repo, runner, typing, rereadShownImages }: Deps) {
  const batchId = useAppStore((s) => s.currentBatchId);
  const dispatch = useWriterStore((s) => s.dispatch);

  const { locks, channel } = useMemo(() => {
    let channel: BatchChannel | null = null;
    const shown = () => useAppStore.getState().currentBatchId;
    const locks: BatchLocks = createBatchLocks({
      granted(id, how) {
        // Granted after this tab moved on to another batch: let it go at once.
        if (id !== shown()) return locks.leave(id, Promise.resolve());
        if (how === 'took-over') channel?.post({ type: 'taken-over', batchId: id });
        const { dispatch } = useWriterStore.getState();
        dispatch({ type: 'granted', batchId: id, how });
        const banner = writerBanner(useWriterStore.getState());
        if (banner?.kind === 'notice') useAppStore.getState().notify('info', banner.text);
        // The tab that closed may have left an edit in the journal whose write never committed:
        // written now, before grading goes on (the journal is shared by the app's tabs).
        const replayed = how === 'waited' ? typing.replay() : Promise.resolve(0);
        // What this tab shows is read again before grading goes on: a write the other tab
        // committed as it closed may never have been announced here, and an image left shown
        // as unfinished would hold the batch's progress short of its end.
        void replayed.then(() => {
          rereadShownImages();
          return runner.resume(id);
        }).catch(reportError);
      },
      lost(id) {
        // Another tab writes this batch now: stop grading it here (it resumes there), and wait
        // behind it in case it closes.
        runner.standDown();
        useWriterStore.getState().dispatch({ type: 'lost', batchId: id });
        const current = shown();
        if (current && current !== id && locks.holds(current)) void runner.resume(current).catch(reportError);
        if (current === id) locks.wait(id);
      },
    });
    const reload = coalesced(async () => {
      const id = shown();
      if (!id) return;
      const [images, batches] = await Promise.all([repo.imagesOf(id), repo.listBatches()]);
      const state = useAppStore.getState();
      state.setBatches(batches);
      if (state.currentBatchId === id) state.setImages(images);
    });
    channel = openBatchChannel((message) => {
      if (message.type === 'batch-changed' && message.batchId === shown() && useWriterStore.getState().role === 'reader') reload();
    });
    return { locks, channel };
  }, [repo, runner, typing, rereadShownImages]);

  useEffect(() => () => channel.close(), [channel]);

  // Ask for the shown batch; let it go (once this tab has nothing left to grade) when another is shown.
  useEffect(() => {
    dispatch({ type: 'open', batchId });
    if (!batchId) return;
    locks.open(batchId, () => {
      dispatch({ type: 'busy', batchId });
      locks.wait(batchId);
    });
    return () => locks.leave(batchId, runner.idle());
  }, [batchId, dispatch, locks, runner]);

  // The writer tells the other tabs each time its view of the batch changed (after the write committed).
  useEffect(() => useAppStore.subscribe((state, previous) => {
    if (useWriterStore.getState().role !== 'writer' || !state.currentBatchId) return;
    if (state.images !== previous.images || state.batches !== previous.batches) {
      channel.post({ type: 'batch-changed', batchId: state.currentBatchId });
    }
  }), [channel]);

  const takeOver = useCallback(() => { if (batchId) locks.takeOver(batchId); }, [batchId, locks]);
  return { takeOver };
}
