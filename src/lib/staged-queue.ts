/**
 * Runs keyed jobs through two stages so that successive jobs overlap: while a key is in the
 * second stage (`finish`, up to `finishConcurrency` at once, default 1: e.g. grading on the
 * model's worker), the next ones are in the first (`prepare`, up to `prepareConcurrency` at once:
 * e.g. decode and crop on the pipeline workers). At most `lookAhead` keys are started and not yet finishing (being prepared,
 * or prepared and waiting), which bounds what prepared results hold in memory.
 *
 * A key is queued at most once at a time, from enqueue until its finish settles; cancel aborts
 * its signal (started) or drops it (waiting). A prepared key whose signal was aborted still goes
 * to `finish`, which decides what to record. Prepared keys finish in the order they started.
 */
export interface StagedQueueOptions<K, P> {
  prepareConcurrency: number;
  finishConcurrency?: number;
  lookAhead: number;
  /** First stage; `undefined` when the key has nothing left for the second (it failed, or is done). */
  prepare: (key: K, signal: AbortSignal) => Promise<P | undefined>;
  finish: (key: K, prepared: P, signal: AbortSignal) => Promise<void>;
}

interface Started<K> {
  key: K;
  /** Start order: prepared keys finish in it. */
  seq: number;
  controller: AbortController;
}

export class StagedQueue<K, P> {
  private readonly waiting: K[] = [];
  private readonly preparing = new Map<K, Started<K>>();
  private readonly ready: (Started<K> & { prepared: P })[] = [];
  private readonly finishing = new Set<Started<K>>();
  private nextSeq = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: StagedQueueOptions<K, P>) {
    if (options.prepareConcurrency < 1) throw new Error('prepareConcurrency must be at least 1');
    if ((options.finishConcurrency ?? 1) < 1) throw new Error('finishConcurrency must be at least 1');
    if (options.lookAhead < options.prepareConcurrency) throw new Error('lookAhead must be at least prepareConcurrency');
  }

  enqueue(key: K): void {
    if (this.has(key)) return;
    this.waiting.push(key);
    this.pump();
  }

  cancel(key: K): void {
    const at = this.waiting.indexOf(key);
    if (at >= 0) this.waiting.splice(at, 1);
    this.started().find((s) => s.key === key)?.controller.abort();
    this.settleIfIdle();
  }

  /** Drops every waiting key and aborts the started ones (with `reason` as their signal's reason). */
  cancelAll(reason?: unknown): void {
    this.waiting.length = 0;
    for (const s of this.started()) s.controller.abort(reason);
    this.settleIfIdle();
  }

  /** Whether `key` is waiting, being prepared, prepared or finishing. */
  has(key: K): boolean {
    return this.waiting.includes(key) || this.started().some((s) => s.key === key);
  }

  get size(): { waiting: number; preparing: number; ready: number; finishing: number } {
    return { waiting: this.waiting.length, preparing: this.preparing.size, ready: this.ready.length, finishing: this.finishing.size };
  }

  /** Resolves when nothing is waiting or started. */
  onIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private started(): Started<K>[] {
    return [...this.preparing.values(), ...this.ready, ...this.finishing];
  }

  private isIdle(): boolean {
    return !this.waiting.length && !this.started().length;
  }

  private pump(): void {
    const { prepareConcurrency, finishConcurrency = 1, lookAhead } = this.options;
    // The second stage first: a key moving into it makes room in the look-ahead.
    while (this.finishing.size < finishConcurrency && this.ready.length) this.startFinish(this.ready.shift()!);
    while (this.waiting.length && this.preparing.size < prepareConcurrency && this.preparing.size + this.ready.length < lookAhead) {
      this.startPrepare(this.waiting.shift()!);
    }
  }

  private startPrepare(key: K): void {
    const started: Started<K> = { key, seq: this.nextSeq++, controller: new AbortController() };
    this.preparing.set(key, started);
    // A job's failure is the job's business (it records it); the queue goes on.
    this.options.prepare(key, started.controller.signal)
      .catch(() => undefined)
      .then((prepared) => {
        this.preparing.delete(key);
        if (prepared !== undefined) {
          const at = this.ready.findIndex((r) => r.seq > started.seq);
          this.ready.splice(at < 0 ? this.ready.length : at, 0, { ...started, prepared });
        }
        this.pump();
        this.settleIfIdle();
      });
  }

  private startFinish(item: Started<K> & { prepared: P }): void {
    this.finishing.add(item);
    this.options.finish(item.key, item.prepared, item.controller.signal)
      .catch(() => undefined)
      .then(() => {
        this.finishing.delete(item);
        this.pump();
        this.settleIfIdle();
      });
  }

  private settleIfIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((resolve) => resolve());
  }
}
