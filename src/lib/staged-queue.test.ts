import { describe, expect, it } from 'vitest';
import { StagedQueue } from './staged-queue';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

/** A stage whose calls wait until the test releases them, one key at a time. */
function gatedStage() {
  const gates = new Map<number, () => void>();
  const log: string[] = [];
  return {
    log,
    run(name: string, key: number) {
      log.push(`${name} ${key}`);
      return new Promise<void>((resolve) => gates.set(key, () => { log.push(`${name} ${key} end`); resolve(); }));
    },
    release(key: number) {
      const open = gates.get(key);
      gates.delete(key);
      open?.();
    },
    pending: () => [...gates.keys()],
  };
}

describe('StagedQueue', () => {
  it('prepares the next key while the current one finishes, and never looks further ahead than asked', async () => {
    const prep = gatedStage();
    const fin = gatedStage();
    const queue = new StagedQueue<number, number>({
      prepareConcurrency: 1,
      lookAhead: 2,
      prepare: async (key) => { await prep.run('prepare', key); return key * 10; },
      finish: (key) => fin.run('finish', key),
    });
    for (let i = 0; i < 5; i++) queue.enqueue(i);
    await tick();
    expect(queue.size).toEqual({ waiting: 4, preparing: 1, ready: 0, finishing: 0 });

    prep.release(0);
    await tick();
    // 0 is finishing and 1 is being prepared at the same time: the overlap.
    expect(queue.size).toEqual({ waiting: 3, preparing: 1, ready: 0, finishing: 1 });
    expect(fin.pending()).toEqual([0]);
    expect(prep.pending()).toEqual([1]);

    prep.release(1);
    await tick();
    prep.release(2);
    await tick();
    // 1 and 2 prepared and waiting for 0: the look-ahead is full, 3 does not start.
    expect(queue.size).toEqual({ waiting: 2, preparing: 0, ready: 2, finishing: 1 });
    expect(prep.pending()).toEqual([]);

    fin.release(0);
    await tick();
    expect(fin.pending()).toEqual([1]);
    expect(prep.pending()).toEqual([3]);

    while (queue.has(4)) {
      [...prep.pending(), ...fin.pending()].forEach((key) => { prep.release(key); fin.release(key); });
      await tick();
    }
    expect(fin.log.filter((l) => l.endsWith('end'))).toEqual([0, 1, 2, 3, 4].map((k) => `finish ${k} end`));
  });

  it('finishes prepared keys in the order they started, whichever was prepared first', async () => {
    const finished: number[] = [];
    const queue = new StagedQueue<number, number>({
      prepareConcurrency: 2,
      lookAhead: 3,
      // 1 and 2 are prepared while 0 finishes, 2 before 1
      prepare: async (key) => { await tick(key === 1 ? 20 : 1); return key; },
      finish: async (key) => { if (key === 0) await tick(60); finished.push(key); },
    });
    [0, 1, 2].forEach((k) => queue.enqueue(k));
    await queue.onIdle();
    expect(finished).toEqual([0, 1, 2]);
  });

  it('runs each key once while queued, skips the second stage when prepare has nothing for it, and goes on after a failure', async () => {
    const prepared: string[] = [];
    const finished: string[] = [];
    let attempts = 0;
    const queue = new StagedQueue<string, string>({
      prepareConcurrency: 1,
      lookAhead: 1,
      prepare: async (key) => {
        prepared.push(key);
        if (key === 'bad' && attempts++ === 0) throw new Error('boom');
        return key === 'nothing' ? undefined : key.toUpperCase();
      },
      finish: async (key, p) => { finished.push(`${key}:${p}`); },
    });
    ['a', 'bad', 'a', 'nothing', 'b'].forEach((k) => queue.enqueue(k));
    await queue.onIdle();
    expect(prepared).toEqual(['a', 'bad', 'nothing', 'b']);
    expect(finished).toEqual(['a:A', 'b:B']);
    queue.enqueue('bad');
    await queue.onIdle();
    expect(finished).toEqual(['a:A', 'b:B', 'bad:BAD']);
  });

  it('cancelAll drops waiting keys and hands its reason to every started key, prepared ones included', async () => {
    const prep = gatedStage();
    const fin = gatedStage();
    const reasons: [number, unknown][] = [];
    const queue = new StagedQueue<number, number>({
      prepareConcurrency: 1,
      lookAhead: 2,
      prepare: async (key) => { await prep.run('prepare', key); return key; },
      finish: async (key, _p, signal) => { reasons.push([key, signal.reason]); await fin.run('finish', key); },
    });
    [0, 1, 2, 3].forEach((k) => queue.enqueue(k));
    prep.release(0);
    await tick();
    prep.release(1);
    await tick();
    // 0 finishing, 1 prepared and waiting, 2 being prepared, 3 waiting
    expect(queue.size).toEqual({ waiting: 1, preparing: 1, ready: 1, finishing: 1 });
    const reason = Symbol('stand down');
    queue.cancelAll(reason);
    expect(queue.has(3)).toBe(false);
    expect(queue.has(1)).toBe(true);
    prep.release(2);
    fin.release(0);
    await tick();
    fin.release(1);
    await tick();
    fin.release(2);
    await queue.onIdle();
    expect(reasons).toEqual([[0, undefined], [1, reason], [2, reason]]);
    expect(prep.log).not.toContain('prepare 3');
  });

  it('runs up to finishConcurrency keys in the second stage at once, and no more', async () => {
    let active = 0;
    let peak = 0;
    const queue = new StagedQueue<number, number>({
      prepareConcurrency: 1,
      finishConcurrency: 2,
      lookAhead: 2,
      prepare: async (key) => key,
      finish: async () => { active++; peak = Math.max(peak, active); await tick(10); active--; },
    });
    for (let i = 0; i < 6; i++) queue.enqueue(i);
    await queue.onIdle();
    expect(peak).toBe(2);
  });

  it('refuses a look-ahead smaller than the first stage', () => {
    const stage = async () => undefined;
    expect(() => new StagedQueue({ prepareConcurrency: 2, lookAhead: 1, prepare: stage, finish: stage })).toThrow(/lookAhead/);
  });
});
