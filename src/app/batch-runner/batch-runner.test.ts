import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type * as Comlink from 'comlink';
import { createRepository, openDatabase, type ImageRecord } from '../../lib/storage';
import { WorkerPool } from '../../lib/worker-pool';
import { createBatchRunner, timeLimitMessage } from './batch-runner';
import type { PipelineWorkerApi, PrepareResult } from './worker-api';

let dbCount = 0;

/** A pipeline worker that hangs on files whose first byte is 0xff and crops anything else. */
function fakeWorker(): Comlink.Remote<PipelineWorkerApi> & { terminated: boolean } {
  const worker = {
    terminated: false,
    async warmUp() {},
    async prepare(bytes: ArrayBuffer): Promise<PrepareResult> {
      if (new Uint8Array(bytes)[0] === 0xff) return new Promise(() => undefined);
      const crop = { x: 0, y: 0, size: 4 };
      return {
        ok: true, width: 4, height: 4, notes: [], thumbnail: new Blob([]), cropPng: new Blob([]),
        localisation: { ellipse: null, crop, quality: 1, warnings: [], manual: false },
        input: { width: 2, height: 2, data: new Uint8ClampedArray(16) },
        timingsMs: { decode: 0, thumbnail: 0, localise: 0, crop: 0 },
      } as PrepareResult;
    },
  };
  return worker as unknown as Comlink.Remote<PipelineWorkerApi> & { terminated: boolean };
}

function image(batchId: string, index: number, firstByte: number): ImageRecord {
  return {
    id: `img-${index}`, batchId, index, fileName: `e${index}.png`, contentHash: `h${index}`, byteSize: 4,
    status: 'queued', error: null, warnings: [], width: null, height: null,
    original: new Blob([new Uint8Array([firstByte, 1, 2, 3])]), thumbnail: null, crop: null, localisation: null,
    prediction: null, overrides: {}, decision: 'undecided', notes: '', updatedAt: '',
  };
}

describe('batch runner and other tabs', () => {
  it('an image found already finished in the database is not processed again, and the host is told (its view may be stale)', async () => {
    const repo = createRepository(openDatabase(`runner-${++dbCount}`));
    const pool = new WorkerPool<Comlink.Remote<PipelineWorkerApi>>(1, fakeWorker);
    const found: string[] = [];
    const runner = createBatchRunner({ repo, pool, grader: async () => null, concurrency: 1, imageTimeLimitMs: 1000, onFoundFinished: (id) => found.push(id) });
    const batch = await repo.createBatch({ patientId: 'P', cycleId: 'C', day: 'D5', embryologist: 'AB', clinic: '' });
    await repo.addImages([image(batch.id, 0, 0x89), image(batch.id, 1, 0x89)]);
    // Another tab finished img-1 after this one queued it.
    await repo.updateImage('img-1', { status: 'done', prediction: null });
    runner.enqueue(['img-0', 'img-1']);
    await runner.idle();
    expect(found).toEqual(['img-1']);
    expect((await repo.imagesOf(batch.id)).map((r) => r.status)).toEqual(['done', 'done']);
  });
});

describe('batch runner time limit', () => {
  it('a hanging image ends in error with a message, the others finish, and resuming does not run it again', async () => {
    const repo = createRepository(openDatabase(`runner-${++dbCount}`));
    const workers: ReturnType<typeof fakeWorker>[] = [];
    const pool = new WorkerPool<Comlink.Remote<PipelineWorkerApi>>(
      1,
      () => { const w = fakeWorker(); workers.push(w); return w; },
      (w) => { (w as ReturnType<typeof fakeWorker>).terminated = true; },
    );
    const deps = { repo, pool, grader: async () => null, concurrency: 1, imageTimeLimitMs: 50 };
    const batch = await repo.createBatch({ patientId: 'P', cycleId: 'C', day: 'D5', embryologist: 'AB', clinic: '' });
    await repo.addImages([image(batch.id, 0, 0xff), image(batch.id, 1, 0x89), image(batch.id, 2, 0x89)]);

    const runner = createBatchRunner(deps);
    runner.enqueue(['img-0', 'img-1', 'img-2']);
    await runner.idle();
    const [hung, ...rest] = await repo.imagesOf(batch.id);
    expect(hung).toMatchObject({ status: 'error', error: timeLimitMessage(50) });
    expect(hung.error).toBe('processing this image took longer than 50 ms and was stopped; the file may be crafted or damaged');
    expect(rest.map((r) => r.status)).toEqual(['done', 'done']);
    expect(workers.map((w) => w.terminated)).toEqual([true, false]);

    // a reload: a new runner resumes the batch; the stopped image stays in error
    const afterReload = createBatchRunner(deps);
    await afterReload.resume(batch.id);
    await afterReload.idle();
    expect((await repo.getImage('img-0'))?.status).toBe('error');
    expect(workers).toHaveLength(2);
  });
});

describe('batch runner across tabs', () => {
  it('standing down (another tab took the batch) writes nothing more; the new writer finishes each image once', async () => {
    const repo = createRepository(openDatabase(`runner-${++dbCount}`));
    let prepared = 0;
    let openGate: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => { openGate = resolve; });
    const slowWorker = () => {
      const inner = fakeWorker();
      return { ...inner, async prepare(bytes: ArrayBuffer) { prepared += 1; await gate; return (inner.prepare as unknown as (b: ArrayBuffer) => Promise<PrepareResult>)(bytes); } } as unknown as Comlink.Remote<PipelineWorkerApi>;
    };
    const pool = () => new WorkerPool<Comlink.Remote<PipelineWorkerApi>>(1, slowWorker, () => undefined);
    const batch = await repo.createBatch({ patientId: 'P', cycleId: 'C', day: 'D5', embryologist: 'AB', clinic: '' });
    await repo.addImages([image(batch.id, 0, 0x89), image(batch.id, 1, 0x89)]);

    const tabA = createBatchRunner({ repo, pool: pool(), grader: async () => null, concurrency: 1, imageTimeLimitMs: 5000 });
    await tabA.resume(batch.id);
    await tabA.resume(batch.id); // asked twice (opened, then granted the lock): still queued once
    await new Promise((r) => setTimeout(r, 20));
    expect(prepared).toBe(1);
    expect((await repo.getImage('img-0'))?.status).toBe('preprocessing');
    tabA.standDown();
    openGate();
    await tabA.idle();
    // A wrote nothing after standing down: no "cancelled" error, image 1 never started.
    expect((await repo.imagesOf(batch.id)).map((i) => [i.status, i.error])).toEqual([['preprocessing', null], ['queued', null]]);

    const tabB = createBatchRunner({ repo, pool: pool(), grader: async () => null, concurrency: 1, imageTimeLimitMs: 5000 });
    await tabB.resume(batch.id);
    await tabB.idle();
    expect((await repo.imagesOf(batch.id)).map((i) => i.status)).toEqual(['done', 'done']);
    expect(prepared).toBe(3);
  });
});

describe('batch runner stages overlap', () => {
  it('prepares the next image while one is graded, and grades each image once, one at a time', async () => {
    const repo = createRepository(openDatabase(`runner-${++dbCount}`));
    const events: string[] = [];
    let inFlight = 0;
    let peakInFlight = 0;
    const worker = () => {
      const inner = fakeWorker();
      return {
        ...inner,
        async prepare(bytes: ArrayBuffer, options: unknown) {
          events.push(`prepare ${new Uint8Array(bytes)[1]}`);
          return (inner.prepare as unknown as (b: ArrayBuffer, o: unknown) => Promise<PrepareResult>)(bytes, options);
        },
      } as unknown as Comlink.Remote<PipelineWorkerApi>;
    };
    const pool = new WorkerPool<Comlink.Remote<PipelineWorkerApi>>(1, worker, () => undefined);
    const model = {
      card: { input: { size: [2, 2], resize: 'bilinear' } },
      async grade() {
        inFlight += 1;
        peakInFlight = Math.max(peakInFlight, inFlight);
        events.push('grade start');
        await new Promise((r) => setTimeout(r, 30));
        events.push('grade end');
        inFlight -= 1;
        return { expansion: null } as never;
      },
    };
    const batch = await repo.createBatch({ patientId: 'P', cycleId: 'C', day: 'D5', embryologist: 'AB', clinic: '' });
    const images = [0, 1, 2, 3].map((i) => ({ ...image(batch.id, i, 0x89), original: new Blob([new Uint8Array([0x89, i, 2, 3])]) }));
    await repo.addImages(images);
    const runner = createBatchRunner({ repo, pool, grader: async () => model as never, concurrency: 1, lookAhead: 2, imageTimeLimitMs: 5000 });
    runner.enqueue(images.map((i) => i.id));
    runner.enqueue(['img-1']); // already queued: not run twice
    await runner.idle();

    expect((await repo.imagesOf(batch.id)).map((i) => i.status)).toEqual(['done', 'done', 'done', 'done']);
    expect(events.filter((e) => e === 'grade start')).toHaveLength(4);
    expect(events.filter((e) => e.startsWith('prepare'))).toEqual(['prepare 0', 'prepare 1', 'prepare 2', 'prepare 3']);
    // image 1 is prepared after image 0's grade started and before it ended: the stages overlap
    expect(events.indexOf('prepare 1')).toBeGreaterThan(events.indexOf('grade start'));
    expect(events.indexOf('prepare 1')).toBeLessThan(events.indexOf('grade end'));
    // one grade at a time, on the model's worker
    expect(peakInFlight).toBe(1);
  });
});
