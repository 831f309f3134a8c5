// The browser glue for "one batch, one writer": one exclusive Web Lock per batch, held by the
// tab that writes it for as long as it shows the batch or still has images of it to grade.
// The browser releases a closed tab's locks, which hands the batch to the next waiting tab.

const lockName = (batchId: string) => `blastograde:batch:${batchId}`;

export type GrantedHow = 'first' | 'waited' | 'took-over' | 'no-locks';

export interface BatchLockEvents {
  /** This tab now holds the batch's lock. */
  granted(batchId: string, how: GrantedHow): void;
  /** Another tab stole it. */
  lost(batchId: string): void;
}

/** Whether this browser can enforce a single writer (every current one can; tests in Node cannot). */
export const hasWebLocks = () => typeof navigator !== 'undefined' && !!navigator.locks;

export function createBatchLocks(events: BatchLockEvents) {
  /** Held locks: resolving the promise given to the lock callback releases the lock. */
  const held = new Map<string, () => void>();
  /** Queued requests (readers waiting for the writer to go). */
  const waiting = new Map<string, AbortController>();
  /** Locks to release once this tab has nothing left to grade in their batch. */
  const releasing = new Set<string>();

  /** Runs inside the lock's callback: keeps the lock until released. */
  function hold(batchId: string, how: GrantedHow): Promise<void> {
    return new Promise<void>((release) => {
      held.set(batchId, () => {
        held.delete(batchId);
        release();
      });
      events.granted(batchId, how);
    });
  }

  function request(batchId: string, options: LockOptions, how: GrantedHow, onUnavailable?: () => void): void {
    navigator.locks
      .request(lockName(batchId), options, (lock) => {
        if (!lock) {
          onUnavailable?.();
          return undefined;
        }
        return hold(batchId, how);
      })
      .catch((error: unknown) => {
        // A stolen lock rejects the request that held it; an aborted wait rejects too (ours).
        if ((error as { name?: string })?.name !== 'AbortError') throw error;
        if (held.has(batchId) && !options.signal) {
          held.delete(batchId);
          releasing.delete(batchId);
          events.lost(batchId);
        }
      })
      .catch((error: unknown) => console.error('blastograde: batch lock', error));
  }

  function stopWaiting(batchId: string) {
    waiting.get(batchId)?.abort();
    waiting.delete(batchId);
  }

  return {
    /** Asks for the batch: granted at once if no other tab holds it, else `onBusy`. */
    open(batchId: string, onBusy: () => void) {
      releasing.delete(batchId);
      if (!hasWebLocks()) return events.granted(batchId, 'no-locks');
      if (held.has(batchId)) return events.granted(batchId, 'first');
      request(batchId, { ifAvailable: true }, 'first', onBusy);
    },

    /** Queues behind the writer: granted when that tab closes or lets go of the batch. */
    wait(batchId: string) {
      if (!hasWebLocks() || held.has(batchId) || waiting.has(batchId)) return;
      const controller = new AbortController();
      waiting.set(batchId, controller);
      request(batchId, { signal: controller.signal }, 'waited');
    },

    /** "Take over here": steals the lock; the other tab is told by the browser (its lock is gone). */
    takeOver(batchId: string) {
      if (!hasWebLocks()) return;
      stopWaiting(batchId);
      request(batchId, { steal: true }, 'took-over');
    },

    /** The batch is no longer shown: stop waiting for it, and let it go once `idle` resolves. */
    leave(batchId: string, idle: Promise<void>) {
      stopWaiting(batchId);
      if (!held.has(batchId)) return;
      releasing.add(batchId);
      void idle.then(() => {
        if (releasing.delete(batchId)) held.get(batchId)?.();
      });
    },

    holds: (batchId: string) => held.has(batchId),
  };
}

export type BatchLocks = ReturnType<typeof createBatchLocks>;
