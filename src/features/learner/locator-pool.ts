// Where an archive import locates its images: one locate worker per core (at most 4), so a lab's
// thousands of images are located on every core instead of one after another in one worker.
// An image that holds its worker past the time limit (a file crafted to stall decoding) is
// listed as not located, its worker replaced, and the import goes on. Each worker holds OpenCV's
// runtime, so the workers are ended once the import is done, before learning needs the memory.
import * as Comlink from 'comlink';
import { WorkerPool, WorkerTimeoutError } from '../../lib/worker-pool';
import type { LocatedArchiveImage } from '../learning';
import type { LocateWorkerApi } from './locate.worker';

/** Longest one image may take to locate, unless the app sets its own (the grading pipeline's default limit per image). */
export const LOCATE_TIME_LIMIT_MS = 30_000;

export interface LocatorPool {
  /** Images it locates at once. */
  readonly workers: number;
  /** The bytes move to the worker (transferred, not copied). */
  locate(name: string, bytes: ArrayBuffer): Promise<LocatedArchiveImage>;
  /** Ends the workers; a later locate starts fresh ones. */
  close(): void;
}

/** Why an image that ran past the limit was not located (in the words the batch uses for the same). */
export const locateTimeLimitMessage = (ms: number) =>
  `locating this image took longer than ${ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`} and was stopped; the file may be crafted or damaged`;

export const locatorCount = () => Math.max(1, Math.min(4, globalThis.navigator?.hardwareConcurrency || 1));

type Locator = { raw: Worker; api: Comlink.Remote<LocateWorkerApi> };

export function locatorPool(workers = locatorCount(), timeLimitMs = LOCATE_TIME_LIMIT_MS): LocatorPool {
  let started = 0;
  const pool = new WorkerPool<Locator>(
    workers,
    () => {
      const raw = new Worker(new URL('./locate.worker.ts', import.meta.url), { type: 'module', name: `archive-locate-${++started}` });
      return { raw, api: Comlink.wrap<LocateWorkerApi>(raw) };
    },
    (w) => {
      w.api[Comlink.releaseProxy]();
      w.raw.terminate();
    },
  );
  return {
    workers,
    async locate(name, bytes) {
      try {
        return await pool.run((w) => w.api.locate(name, Comlink.transfer(bytes, [bytes])) as Promise<LocatedArchiveImage>, { timeLimitMs, setUp: (w) => w.api.warmUp() });
      } catch (error) {
        if (!(error instanceof WorkerTimeoutError)) throw error;
        return { ok: false, name, error: locateTimeLimitMessage(timeLimitMs) };
      }
    },
    close: () => pool.close(),
  };
}
