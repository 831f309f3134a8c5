import * as Comlink from 'comlink';
import type { Repository } from '../../lib/storage';
import { StagedQueue } from '../../lib/staged-queue';
import type { RgbaImage } from '../../lib/types';
import { WorkerTimeoutError, type WorkerPool } from '../../lib/worker-pool';
import type { Grader } from '../../features/inference';
import type { PipelineWorkerApi, PrepareResult } from './worker-api';

const DEFAULT_INPUT = { size: [320, 320] as [number, number], resize: 'bilinear' as const };

/** Technical detail goes to the console for whoever debugs; the row shows a sentence a user can act on. */
function logDetail(stage: string, id: string, error: unknown) {
  console.error(`blastograde: ${stage} of image ${id} failed`, error);
}

export const WORKER_FAILED_MESSAGE = 'the image worker stopped unexpectedly (the file may be too demanding or damaged); press Retry';
export const GRADING_FAILED_MESSAGE = 'the model could not grade this image; press Retry, or check the model under "About this model and settings"';

const duration = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`);

/** What the user reads when an image ran past the time limit (a hang in a decoder, most likely a crafted file). */
export const timeLimitMessage = (ms: number) =>
  `processing this image took longer than ${duration(ms)} and was stopped; the file may be crafted or damaged`;

type Model = Pick<Grader, 'card' | 'grade'>;

export interface BatchRunnerDeps {
  repo: Repository;
  pool: WorkerPool<Comlink.Remote<PipelineWorkerApi>>;
  /** The model that grades, once loaded (null: crop without grading). Only its card and grade() are used. */
  grader: () => Promise<Model | null>;
  /** Images prepared at once (the pipeline workers). */
  concurrency: number;
  /** Most images started and not yet grading (being prepared, or prepared and waiting); bounds memory. */
  lookAhead?: number;
  /** Longest one image may take to decode and crop; past it the worker is replaced and the row ends in error. */
  imageTimeLimitMs: number;
  onError?: (error: unknown) => void;
  /**
   * An image this tab was to process is already finished in the database: another tab finished
   * it, and its change notice may never have reached this tab (it closed as it wrote), so what
   * this tab shows of it may be stale.
   */
  onFoundFinished?: (id: string) => void;
}

/** Why a running image stops without writing anything: another tab took the batch over. */
const HANDED_OVER = Symbol('handed over to another tab');

/** An image decoded and cropped, waiting for the model (held in memory for at most `lookAhead` images). */
interface PreparedImage {
  model: Model;
  input: RgbaImage;
}

/**
 * Moves each image queued → preprocessing → grading → done | error, persisting every step. The
 * stages overlap: while the model grades one image, the pipeline workers prepare the next ones,
 * at most `lookAhead` of them ahead of the grader (default: one more than the workers).
 */
export function createBatchRunner({ repo, pool, grader, concurrency, lookAhead = concurrency + 1, imageTimeLimitMs, onError, onFoundFinished }: BatchRunnerDeps) {
  const queue = new StagedQueue<string, PreparedImage>({
    prepareConcurrency: concurrency,
    // Two in the second stage: one image's "done" write overlaps the next one's grade (oneGradeAtATime).
    finishConcurrency: 2,
    lookAhead,
    prepare: (id, signal) => prepareImage(id, signal).catch((error) => { onError?.(error); return undefined; }),
    finish: (id, prepared, signal) => gradeImage(id, prepared, signal).catch(onError),
  });

  let gradeTurn: Promise<unknown> = Promise.resolve();
  /** One grade at a time on the model's worker, in the order asked. */
  function oneGradeAtATime<T>(job: () => Promise<T>): Promise<T> {
    const result = gradeTurn.then(job);
    gradeTurn = result.catch(() => undefined);
    return result;
  }

  async function fail(id: string, error: string) {
    await repo.updateImage(id, { status: 'error', error });
  }

  /** Decode, locate and crop on a pipeline worker; the image is then graded by gradeImage, or done when no model grades. */
  async function prepareImage(id: string, signal: AbortSignal): Promise<PreparedImage | undefined> {
    const record = await repo.getImage(id);
    if (!record) return;
    if (record.status === 'done' || record.status === 'error') return void onFoundFinished?.(id);
    await repo.updateImage(id, { status: 'preprocessing', error: null });
    const model = await grader();
    if (signal.reason === HANDED_OVER) return;
    const input = model?.card.input ?? DEFAULT_INPUT;
    const bytes = await record.original.arrayBuffer();
    const manualCrop = record.localisation?.manual ? record.localisation.crop : undefined;
    let prepared: PrepareResult;
    try {
      prepared = await pool.run(
        (worker): Promise<PrepareResult> =>
          worker.prepare(Comlink.transfer(bytes, [bytes]), { inputSize: input.size, resize: input.resize, manualCrop }),
        // OpenCV loads into a fresh worker first: seconds on a busy machine, and no image's fault.
        { timeLimitMs: imageTimeLimitMs, setUp: (worker) => worker.warmUp() },
      );
    } catch (error) {
      if (error instanceof WorkerTimeoutError) return void (await fail(id, timeLimitMessage(error.limitMs)));
      logDetail('preprocessing', id, error);
      return void (await fail(id, WORKER_FAILED_MESSAGE));
    }
    if (signal.reason === HANDED_OVER) return;
    if (signal.aborted) return void (await fail(id, 'cancelled: press Retry to process it'));
    if (!prepared.ok) {
      await repo.updateImage(id, {
        width: prepared.width ?? null, height: prepared.height ?? null, thumbnail: prepared.thumbnail ?? null,
        warnings: prepared.notes, localisation: null,
      });
      const hint = prepared.stage === 'localise' ? ': place the crop by hand' : '';
      return void (await fail(id, prepared.error + hint));
    }
    await repo.updateImage(id, {
      status: model ? 'grading' : 'done', width: prepared.width, height: prepared.height, thumbnail: prepared.thumbnail,
      crop: prepared.cropPng, localisation: prepared.localisation,
      warnings: [...prepared.notes, ...prepared.localisation.warnings],
      ...(model ? {} : { prediction: null }),
    });
    return model ? { model, input: prepared.input } : undefined;
  }

  /** One grade on the model that the crop was made for. */
  async function gradeImage(id: string, { model, input }: PreparedImage, signal: AbortSignal): Promise<void> {
    if (signal.reason === HANDED_OVER) return;
    if (signal.aborted) return fail(id, 'cancelled: press Retry to grade it');
    try {
      const prediction = await oneGradeAtATime(() => (signal.aborted ? Promise.resolve(null) : model.grade(input)));
      if (signal.reason === HANDED_OVER) return;
      if (signal.aborted) return fail(id, 'cancelled: press Retry to grade it');
      await repo.updateImage(id, { status: 'done', prediction });
    } catch (error) {
      if (signal.reason === HANDED_OVER) return;
      logDetail('grading', id, error);
      await fail(id, GRADING_FAILED_MESSAGE);
    }
  }

  return {
    enqueue: (ids: string[]) => ids.forEach((id) => queue.enqueue(id)),

    /**
     * After a reload, or when this tab becomes the batch's writer: anything not finished goes back
     * in the queue, except what this tab is already working on (never processed twice).
     */
    async resume(batchId: string) {
      const unfinished = (await repo.imagesOf(batchId)).filter((i) => i.status !== 'done' && i.status !== 'error' && !queue.has(i.id));
      for (const image of unfinished) {
        if (image.status !== 'queued') await repo.updateImage(image.id, { status: 'queued' });
        queue.enqueue(image.id);
      }
    },

    async retry(id: string) {
      await repo.updateImage(id, { status: 'queued', error: null });
      queue.enqueue(id);
    },

    /** Regrade from a crop the embryologist placed; recorded in the audit trail by the caller. */
    async regrade(id: string) {
      await repo.updateImage(id, { status: 'queued', error: null, prediction: null });
      queue.enqueue(id);
    },

    async cancel(batchId: string) {
      queue.cancelAll();
      for (const image of await repo.imagesOf(batchId)) {
        if (image.status === 'queued') await fail(image.id, 'cancelled: press Retry to process it');
      }
    },

    /**
     * Another tab now writes the batch: stop at once and write nothing more (the images stay as
     * stored; the new writer resumes them). Not a cancel: no image is marked cancelled.
     */
    standDown() {
      queue.cancelAll(HANDED_OVER);
    },

    idle: () => queue.onIdle(),
  };
}

export type BatchRunner = ReturnType<typeof createBatchRunner>;
