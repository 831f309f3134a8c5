/**
 * Runs keyed jobs with bounded concurrency. A key is queued at most once at a
 * time; cancel aborts its signal (running) or drops it (waiting). Retry is
 * simply enqueueing the key again after it settled.
 */
export class TaskQueue<K> {
  private readonly waiting: K[] = [];
  private readonly running = new Map<K, AbortController>();
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly run: (key: K, signal: AbortSignal) => Promise<void>,
  ) {
    if (concurrency < 1) throw new Error('concurrency must be at least 1');
  }

  enqueue(key: K): void {
    if (this.running.has(key) || this.waiting.includes(key)) return;
    this.waiting.push(key);
    this.pump();
  }

  cancel(key: K): void {
    const at = this.waiting.indexOf(key);
    if (at >= 0) this.waiting.splice(at, 1);
    this.running.get(key)?.abort();
    this.settleIfIdle();
  }

  /** Drops every waiting key and aborts the running ones (with `reason` as their signal's reason). */
  cancelAll(reason?: unknown): void {
    this.waiting.length = 0;
    for (const controller of this.running.values()) controller.abort(reason);
    this.settleIfIdle();
  }

  /** Whether `key` is waiting or running. */
  has(key: K): boolean {
    return this.running.has(key) || this.waiting.includes(key);
  }

  get size(): { waiting: number; running: number } {
    return { waiting: this.waiting.length, running: this.running.size };
  }

  /** Resolves when nothing is waiting or running. */
  onIdle(): Promise<void> {
    if (!this.waiting.length && !this.running.size) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running.size < this.concurrency && this.waiting.length) {
      const key = this.waiting.shift()!;
      const controller = new AbortController();
      this.running.set(key, controller);
      // A job's failure is the job's business (it records it); the queue goes on.
      this.run(key, controller.signal)
        .catch(() => undefined)
        .finally(() => {
          this.running.delete(key);
          this.pump();
          this.settleIfIdle();
        });
    }
  }

  private settleIfIdle(): void {
    if (this.waiting.length || this.running.size) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((resolve) => resolve());
  }
}
