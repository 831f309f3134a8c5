import { describe, expect, it } from 'vitest';
import { WorkerPool, WorkerTimeoutError } from './worker-pool';

/** Stands in for a Web Worker: answers after `ms`, or never ('hang'); answers nothing once terminated. */
class FakeWorker {
  terminated = false;
  constructor(readonly id: number) {}
  work(ms: number | 'hang'): Promise<number> {
    return new Promise((resolve) => {
      if (ms !== 'hang') setTimeout(() => { if (!this.terminated) resolve(this.id); }, ms);
    });
  }
}

function fakePool(size: number) {
  const made: FakeWorker[] = [];
  const pool = new WorkerPool<FakeWorker>(
    size,
    () => { const w = new FakeWorker(made.length); made.push(w); return w; },
    (w) => { w.terminated = true; },
  );
  return { pool, made };
}

describe('WorkerPool', () => {
  it('runs jobs on at most `size` workers, reusing idle ones', async () => {
    const { pool, made } = fakePool(2);
    const ids = await Promise.all([1, 2, 3, 4].map(() => pool.run((w) => w.work(5))));
    expect(made.length).toBe(2);
    expect(new Set(ids)).toEqual(new Set([0, 1]));
  });

  it('close ends every worker, and a later job starts a fresh one', async () => {
    const { pool, made } = fakePool(2);
    await Promise.all([1, 2].map(() => pool.run((w) => w.work(5))));
    expect(pool.count).toBe(2);
    pool.close();
    expect(made.map((w) => w.terminated)).toEqual([true, true]);
    expect(pool.count).toBe(0);
    expect(await pool.run((w) => w.work(1))).toBe(2);
    expect(made[2]!.terminated).toBe(false);
  });

  it('stops a job past its time limit, terminates its worker and replaces it; the other jobs go on', async () => {
    const { pool, made } = fakePool(2);
    const hanging = pool.run((w) => w.work('hang'), { timeLimitMs: 30 });
    const others = [1, 2, 3].map(() => pool.run((w) => w.work(10), { timeLimitMs: 1000 }));
    await expect(hanging).rejects.toBeInstanceOf(WorkerTimeoutError);
    await expect(hanging).rejects.toThrow(/longer than 30 ms/);
    expect(await Promise.all(others)).toHaveLength(3);
    expect(made[0].terminated).toBe(true);
    expect(made.filter((w) => w.terminated)).toHaveLength(1);
    // the pool still has two live workers to give out, never the terminated one
    const used = await Promise.all([1, 2].map(() => pool.run(async (w) => { await w.work(5); return w; })));
    expect(used.every((w) => !w.terminated)).toBe(true);
    expect(made).toHaveLength(3);
    expect(pool.count).toBe(2);
  });

  it('hands a replacement worker to a job that was waiting for the stuck one', async () => {
    const { pool, made } = fakePool(1);
    const hanging = pool.run((w) => w.work('hang'), { timeLimitMs: 20 });
    const waiting = pool.run((w) => w.work(5), { timeLimitMs: 1000 });
    await expect(hanging).rejects.toBeInstanceOf(WorkerTimeoutError);
    expect(await waiting).toBe(1);
    expect(made.map((w) => w.terminated)).toEqual([true, false]);
  });

  it('a job that fails on its own keeps its worker (only time-outs replace)', async () => {
    const { pool, made } = fakePool(1);
    await expect(pool.run(async () => { throw new Error('bad file'); }, { timeLimitMs: 1000 })).rejects.toThrow('bad file');
    expect(await pool.run((w) => w.work(1), { timeLimitMs: 1000 })).toBe(0);
    expect(made).toHaveLength(1);
    expect(made[0].terminated).toBe(false);
  });

  it('set-up work (a fresh worker loading its runtime) runs before the clock starts', async () => {
    const { pool, made } = fakePool(1);
    const result = await pool.run((w) => w.work(5), { timeLimitMs: 30, setUp: async (w) => { await w.work(60); } });
    expect(result).toBe(0);
    expect(made[0].terminated).toBe(false);
  });

  it('the time limit counts from when the job gets a worker, not while it waits for one', async () => {
    const { pool } = fakePool(1);
    const slow = pool.run((w) => w.work(60), { timeLimitMs: 1000 });
    const next = pool.run((w) => w.work(10), { timeLimitMs: 40 });
    expect(await slow).toBe(0);
    expect(await next).toBe(0);
  });
});
