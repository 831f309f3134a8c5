// While a batch is graded, each image is written three times on its way (preprocessing, grading,
// done), and each write re-ranked and re-rendered the whole review table: the browser then lays
// out, walks and paints every row of the table again, so with 200 rows each write cost several
// times what it did with 10. The table takes the images through useCoalescedImages: a change that
// only moves images along the queue (queued -> preprocessing -> grading, and what the pipeline
// fills in on the way) waits up to COALESCE_MS and goes out with the next one; a grade or problem
// arriving, anything the embryologist did, images added or removed, and the batch's end show at once.
import { useEffect, useReducer, useRef } from 'react';
import type { ImageRecord } from '../lib/storage';

export const COALESCE_MS = 300;

const IN_PROGRESS = new Set<ImageRecord['status']>(['queued', 'preprocessing', 'grading']);

/** What the embryologist sets on an image (the runner never writes these). */
const sameUserFields = (a: ImageRecord, b: ImageRecord) =>
  a.decision === b.decision && a.notes === b.notes && a.dish === b.dish && a.well === b.well &&
  JSON.stringify(a.overrides) === JSON.stringify(b.overrides) && !!a.localisation?.manual === !!b.localisation?.manual;

/**
 * Whether going from `shown` to `next` must show at once; false when every changed image is one
 * still on its way through the queue (and was before) with nothing of the embryologist's changed.
 * Unchanged records keep their identity (the store patches the one written), so this is a pass of
 * identity checks.
 */
export function showsAtOnce(shown: readonly ImageRecord[], next: readonly ImageRecord[]): boolean {
  if (shown.length !== next.length) return true;
  let anyInProgress = false;
  for (let i = 0; i < next.length; i++) {
    const a = shown[i]!;
    const b = next[i]!;
    if (IN_PROGRESS.has(b.status)) anyInProgress = true;
    if (a === b) continue;
    if (a.id !== b.id) return true;
    if (!IN_PROGRESS.has(a.status) || !IN_PROGRESS.has(b.status) || !sameUserFields(a, b)) return true;
  }
  return !anyInProgress;
}

/** `images`, with changes that only move images along the queue held back up to `delayMs` (see showsAtOnce). */
export function useCoalescedImages(images: ImageRecord[], delayMs = COALESCE_MS): ImageRecord[] {
  const shown = useRef(images);
  const shownAt = useRef(-Infinity);
  const [woken, wake] = useReducer((n: number) => n + 1, 0);
  if (shown.current !== images) {
    const now = performance.now();
    if (now - shownAt.current >= delayMs || showsAtOnce(shown.current, images)) {
      shown.current = images;
      shownAt.current = now;
    }
  }
  const waiting = shown.current !== images;
  useEffect(() => {
    if (!waiting) return;
    const timer = setTimeout(wake, Math.max(0, shownAt.current + delayMs - performance.now()));
    return () => clearTimeout(timer);
    // `woken`: a timer that fired a little early sets another.
  }, [waiting, images, delayMs, woken]);
  return shown.current;
}
