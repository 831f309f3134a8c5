// Where a head fit runs. Every fit (a cross-validation fold, a learning-curve point, a final fit)
// is a pure function of its task: the start weights, the features and the targets, with the
// settings of settings.ts and no randomness. So a host may run independent fits anywhere that
// runs the same code on the same backend (the CLI: worker threads, one per core) and the heads
// come back bit for bit as fitted here. The learner hands a fitter every fit it can run at once
// (a label's folds, a curve's subsets) and waits for them together.
import type { DenseHead } from './dense-head';
import { fitGradeHead, fitOutcomeHead } from './heads';

export type HeadFitTask =
  /** A grade head re-fitted from the base head's weights. */
  | { kind: 'grade'; base: DenseHead; features: readonly Float32Array[]; targets: readonly number[] }
  /** The outcome head: penalised logistic regression from zero, then Platt scaling. */
  | { kind: 'outcome'; features: readonly Float32Array[]; targets: readonly (0 | 1)[] };

export interface HeadFitter {
  fit(task: HeadFitTask, signal?: AbortSignal): Promise<DenseHead>;
}

/** Fits the head of one task here, now. */
export function runHeadFitTask(task: HeadFitTask, signal?: AbortSignal): DenseHead {
  return task.kind === 'grade' ? fitGradeHead(task.base, task.features, task.targets, signal) : fitOutcomeHead(task.features, task.targets, signal);
}

/** Fits in this realm, one after another (the app's learning worker, tests, a CLI run told to use one thread). */
export const inProcessFitter: HeadFitter = {
  async fit(task, signal) {
    // Let the host's messages (progress, cancel) through between fits.
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    signal?.throwIfAborted();
    return runHeadFitTask(task, signal);
  },
};
