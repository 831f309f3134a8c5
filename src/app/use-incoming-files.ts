// Files dropped or picked, on their way into a batch: a batch that already has decisions asks
// whether they join it or start a new batch, and files never go into a batch without patient,
// cycle and initials (they wait, and the batch form asks for them). See drop-plan.ts.
import { useCallback, useMemo, useRef, useState } from 'react';
import type { PickedFile } from '../features/ingest';
import type { IncomingFile } from './batch-runner/add-files';
import { batchName, missingIdentity } from './batch-identity';
import { planDrop } from './drop-plan';
import { reportError, type Services } from './services';
import { useAppStore } from './state/app-store';

export interface WaitingFiles {
  count: number;
  /** The question being asked about them. */
  step: 'ask-batch' | 'ask-identity';
  /** The open batch, as the batch question names it ("PT-0042 · cycle C7"). */
  target: string;
}

/** The picked files as they are: their bytes are read when they are added, one file at a time. */
function readPicked(files: PickedFile[]): IncomingFile[] {
  return files.map(({ name, file }) => ({ name, data: file }));
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function useIncomingFiles({ addFilesToBatch, currentBatchFields, openBatch, repo }: Pick<Services, 'addFilesToBatch' | 'currentBatchFields' | 'openBatch' | 'repo'>) {
  const files = useRef<IncomingFile[]>([]);
  // The batch the embryologist said "add to this batch" for: opening another one while the files
  // wait for an identity means asking again.
  const confirmedFor = useRef<string | null>(null);
  const [waiting, setWaiting] = useState<WaitingFiles | null>(null);

  /** Takes the next step for the waiting files: ask, or add them and stop waiting. */
  const proceed = useCallback(async () => {
    const state = useAppStore.getState();
    const batchId = state.currentBatchId;
    const batchConfirmed = batchId !== null && confirmedFor.current === batchId;
    const fields = await currentBatchFields();
    // The store mirrors IndexedDB a moment late; either one knowing of a decision is enough to ask.
    const images = batchId ? [...(state.images[0]?.batchId === batchId ? state.images : []), ...(await repo.imagesOf(batchId))] : [];
    const step = planDrop({ batchOpen: !!batchId, images, missing: missingIdentity(fields), batchConfirmed });
    if (step === 'add') {
      const incoming = files.current;
      files.current = [];
      confirmedFor.current = null;
      setWaiting(null);
      await addFilesToBatch(incoming);
    } else {
      setWaiting({ count: files.current.length, step, target: batchName(fields) });
    }
  }, [addFilesToBatch, currentBatchFields, repo]);

  return useMemo(() => {
    const run = (work: () => Promise<unknown>) => void work().catch(reportError);
    return {
      waiting,
      /** Dropped or picked files: they join the ones already waiting, if any. */
      onFiles: (picked: PickedFile[]) => run(async () => {
        const incoming = readPicked(picked);
        if (!incoming.length) return;
        const asked = files.current.length > 0;
        files.current = [...files.current, ...incoming];
        if (asked) setWaiting((w) => (w ? { ...w, count: files.current.length } : w));
        else await proceed();
      }),
      /** "Add to this batch". */
      addToOpenBatch: () => run(() => {
        confirmedFor.current = useAppStore.getState().currentBatchId;
        return proceed();
      }),
      /** "Start a new batch": the open batch is left as it is; the files wait for the new batch's identity. */
      startNewBatch: () => run(async () => {
        await openBatch(null);
        await proceed();
      }),
      /** "Grade them", once the identity is complete. */
      gradeWaiting: () => run(proceed),
      /** "Cancel": the waiting files are dropped, and the page says so. */
      cancel: () => {
        const n = files.current.length;
        files.current = [];
        confirmedFor.current = null;
        setWaiting(null);
        if (n) useAppStore.getState().notify('info', `${plural(n, 'file')} not added: nothing was graded.`);
      },
    };
  }, [waiting, proceed, openBatch]);
}
