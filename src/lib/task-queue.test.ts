import { describe, expect, it } from 'vitest';
import { TaskQueue } from './task-queue';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('TaskQueue', () => {
  it('never runs more than its concurrency, and runs everything once', async () => {
    let active = 0, peak = 0;
    const done: number[] = [];
    const queue = new TaskQueue<number>(2, async (key) => {
      active++; peak = Math.max(peak, active);
      await tick();
      active--; done.push(key);
    });
    for (let i = 0; i < 7; i++) queue.enqueue(i);
    queue.enqueue(3); // already waiting: ignored
    await queue.onIdle();
    expect(peak).toBe(2);
    expect(done.sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('a failing job does not stop the others, and can be retried', async () => {
    let attempts = 0;
    const ok: string[] = [];
    const queue = new TaskQueue<string>(1, async (key) => {
      if (key === 'bad' && attempts++ === 0) throw new Error('boom');
      ok.push(key);
    });
    ['a', 'bad', 'b'].forEach((k) => queue.enqueue(k));
    await queue.onIdle();
    expect(ok).toEqual(['a', 'b']);
    queue.enqueue('bad');
    await queue.onIdle();
    expect(ok).toEqual(['a', 'b', 'bad']);
  });

  it('cancel aborts the running job and drops waiting ones', async () => {
    const aborted: string[] = [];
    const started: string[] = [];
    const queue = new TaskQueue<string>(1, (key, signal) => {
      started.push(key);
      return new Promise<void>((resolve) => signal.addEventListener('abort', () => { aborted.push(key); resolve(); }));
    });
    ['x', 'y', 'z'].forEach((k) => queue.enqueue(k));
    await tick();
    queue.cancel('y');
    queue.cancel('x');
    await tick();
    expect(aborted).toEqual(['x']);
    expect(started).toEqual(['x', 'z']);
    queue.cancelAll();
    await queue.onIdle();
    expect(aborted).toEqual(['x', 'z']);
  });
});
