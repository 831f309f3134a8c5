// Time left in the current training stage, from how fast its steps have gone so far.
export interface StageProgress {
  stage: string;
  done: number;
  total: number;
}

export interface TimeLeftClock {
  /** Seconds left in the stage reported, or null while there is nothing to go on. */
  update(progress: StageProgress, nowMs?: number): number | null;
}

export function createTimeLeftClock(): TimeLeftClock {
  let stage = '';
  let startedAt = 0;
  let startDone = 0;
  return {
    update(progress, nowMs = performance.now()) {
      if (progress.stage !== stage || progress.done < startDone) {
        stage = progress.stage;
        startedAt = nowMs;
        startDone = progress.done;
        return null;
      }
      const steps = progress.done - startDone;
      if (steps <= 0) return null;
      const perStep = (nowMs - startedAt) / steps;
      return Math.max(0, ((progress.total - progress.done) * perStep) / 1000);
    },
  };
}

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}
