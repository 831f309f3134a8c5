/** A job ran past its time limit; its worker was terminated and replaced. */
export class WorkerTimeoutError extends Error {
  constructor(readonly limitMs: number) {
    super(`the job took longer than ${limitMs} ms and its worker was stopped`);
    this.name = 'WorkerTimeoutError';
  }
}

export interface RunOptions<W> {
  /**
   * Longest the job may hold its worker. Past it the worker is terminated (a
   * worker stuck in a loop cannot be interrupted any other way), a fresh one
   * takes its place, and the job rejects with WorkerTimeoutError.
   */
  timeLimitMs?: number;
  /**
   * Runs on the worker before the clock starts (e.g. loading a runtime into a
   * fresh worker), so a slow start-up is not taken for a stuck job.
   */
  setUp?: (worker: W) => Promise<void>;
}

/**
 * A fixed set of workers handing out one idle worker per job; jobs beyond the
 * pool size wait their turn. Workers are created lazily on first use.
 */
export class WorkerPool<W> {
  private readonly workers: W[] = [];
  private readonly idle: W[] = [];
  private readonly waiters: ((worker: W) => void)[] = [];

  constructor(
    private readonly size: number,
    private readonly create: () => W,
    /** Ends a worker for good (Worker.terminate); needed for time limits. */
    private readonly destroy: (worker: W) => void = () => undefined,
  ) {}

  async run<T>(job: (worker: W) => Promise<T>, options: RunOptions<W> = {}): Promise<T> {
    const worker = await this.acquire();
    const { timeLimitMs, setUp } = options;
    if (timeLimitMs === undefined) {
      try {
        await setUp?.(worker);
        return await job(worker);
      } finally {
        this.release(worker);
      }
    }
    try {
      await setUp?.(worker);
    } catch (error) {
      this.release(worker);
      throw error;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new WorkerTimeoutError(timeLimitMs)), timeLimitMs);
    });
    try {
      const result = await Promise.race([job(worker), expired]);
      this.release(worker);
      return result;
    } catch (error) {
      if (error instanceof WorkerTimeoutError) this.replace(worker);
      else this.release(worker);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Runs a job on every worker (e.g. warm-up), creating them all. */
  async each(job: (worker: W) => Promise<void>): Promise<void> {
    while (this.workers.length < this.size) this.idle.push(this.spawn());
    await Promise.all(this.workers.map(job));
  }

  /** Ends every worker (their memory is wanted back); a later job starts fresh ones. */
  close(): void {
    for (const worker of this.workers.splice(0)) this.destroy(worker);
    this.idle.length = 0;
  }

  /** Workers alive now (for tests and diagnostics). */
  get count(): number {
    return this.workers.length;
  }

  private spawn(): W {
    const worker = this.create();
    this.workers.push(worker);
    return worker;
  }

  /** Terminates a stuck worker and hands a fresh one to whoever waits next. */
  private replace(stuck: W): void {
    this.workers.splice(this.workers.indexOf(stuck), 1);
    const at = this.idle.indexOf(stuck);
    if (at >= 0) this.idle.splice(at, 1);
    try {
      this.destroy(stuck);
    } finally {
      if (this.waiters.length) this.release(this.spawn());
    }
  }

  private acquire(): Promise<W> {
    const worker = this.idle.pop() ?? (this.workers.length < this.size ? this.spawn() : undefined);
    if (worker) return Promise.resolve(worker);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(worker: W): void {
    const next = this.waiters.shift();
    if (next) next(worker);
    else this.idle.push(worker);
  }
}
