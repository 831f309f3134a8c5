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
  ) {}

  async run<T>(job: (worker: W) => Promise<T>): Promise<T> {
    const worker = await this.acquire();
    try {
      return await job(worker);
    } finally {
      this.release(worker);
    }
  }

  /** Runs a job on every worker (e.g. warm-up), creating them all. */
  async each(job: (worker: W) => Promise<void>): Promise<void> {
    while (this.workers.length < this.size) this.spawn();
    await Promise.all(this.workers.map(job));
  }

  private spawn(): W {
    const worker = this.create();
    this.workers.push(worker);
    this.idle.push(worker);
    return worker;
  }

  private acquire(): Promise<W> {
    if (!this.idle.length && this.workers.length < this.size) this.spawn();
    const worker = this.idle.pop();
    if (worker) return Promise.resolve(worker);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(worker: W): void {
    const next = this.waiters.shift();
    if (next) next(worker);
    else this.idle.push(worker);
  }
}
