import { describe, expect, it } from 'vitest';
import { runAtOnce } from './run-at-once';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('runAtOnce', () => {
  it('runs every step once, never more than `concurrency` at a time, starting them in order', async () => {
    const started: number[] = [];
    let running = 0;
    let most = 0;
    await runAtOnce(10, 3, async (i) => {
      started.push(i);
      most = Math.max(most, ++running);
      await tick((i * 7) % 5);
      running--;
    });
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(most).toBe(3);
  });

  it('starts nothing after a failure, lets the steps in hand end, and throws the first failure', async () => {
    const ended: number[] = [];
    const run = runAtOnce(10, 2, async (i) => {
      await tick(i === 1 ? 1 : 10);
      if (i === 1) throw new Error('step 1 failed');
      ended.push(i);
    });
    await expect(run).rejects.toThrow('step 1 failed');
    expect(ended).toEqual([0]); // 0 was in hand when 1 failed; none started after it
  });

  it('does nothing for no steps, and runs one at a time when asked for none at once', async () => {
    await runAtOnce(0, 4, async () => { throw new Error('not called'); });
    const order: number[] = [];
    await runAtOnce(3, 0, async (i) => { order.push(i); });
    expect(order).toEqual([0, 1, 2]);
  });
});
