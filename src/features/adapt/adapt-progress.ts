// What the adaptation's progress bar says: the step in words and the time left, from the
// job's own progress (pure, so it is tested without a worker).
import type { AdaptJobProgress } from './headless';

export function adaptStageText(p: AdaptJobProgress): string {
  switch (p.stage) {
    case 'prepare':
      return `Locating the embryo in your images: ${p.done} of ${p.of}`;
    case 'phantoms':
      return `Rendering phantoms (the look the model was trained on): ${p.done} of ${p.of}`;
    case 'source':
      return `Measuring the model's layers on the phantoms: ${p.done} of ${p.of}`;
    case 'target':
      return `Adapting layer ${p.layer} of ${p.layers} (${p.item}) to your images: ${p.done} of ${p.of}`;
  }
}

/** "about 1 min 20 s left", once enough is done to say; null before. */
export function timeLeftText(elapsedMs: number, fraction: number): string | null {
  if (fraction < 0.02 || elapsedMs < 2000) return null;
  if (fraction >= 1) return 'finishing';
  const seconds = Math.max(1, Math.round((elapsedMs / fraction) * (1 - fraction) / 1000));
  if (seconds < 60) return `about ${seconds} s left`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round((seconds % 60) / 10) * 10;
  return rest > 0 && rest < 60 ? `about ${minutes} min ${rest} s left` : `about ${rest === 60 ? minutes + 1 : minutes} min left`;
}
