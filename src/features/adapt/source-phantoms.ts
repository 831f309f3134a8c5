// Which phantoms give a base model's source (training-domain) statistics: the styles the
// model was trained on (its card's training.phantomStyles) and the nuisance levels, in turn.
// Pure, so the job, its cache key and its description all follow one plan.
import type { NuisancePreset, PhantomStyle } from '../phantom';
import type { ModelCard } from '../inference';

const NUISANCE_CYCLE: NuisancePreset[] = ['none', 'default', 'high'];
/** What a card without training.phantomStyles was trained on (every model before the clinic style). */
const DEFAULT_STYLES: readonly PhantomStyle[] = ['default'];

export interface SourcePhantom {
  style: PhantomStyle;
  nuisance: NuisancePreset;
}

/** The phantom styles a model was trained on, in the card's order. */
export function trainedStyles(card: ModelCard): readonly PhantomStyle[] {
  const styles = card.training?.phantomStyles;
  return styles && styles.length > 0 ? styles : DEFAULT_STYLES;
}

/** Trained on the default style alone: the source is what it was before styles existed. */
const defaultOnly = (styles: readonly PhantomStyle[]) => styles.length === 1 && styles[0] === 'default';

/**
 * Phantom i: style styles[i % n], nuisance advancing once per round of styles, so every
 * style meets every nuisance level (with one style this is the nuisance cycle alone).
 */
export function sourcePhantom(styles: readonly PhantomStyle[], index: number): SourcePhantom {
  const style = styles[index % styles.length]!;
  const nuisance = NUISANCE_CYCLE[Math.floor(index / styles.length) % NUISANCE_CYCLE.length]!;
  return { style, nuisance };
}

/** How the adapted card names its source; the default style alone keeps the words it always had. */
export function sourceDescription(styles: readonly PhantomStyle[], images: number, seed: string): string {
  const nuisance = `nuisance ${NUISANCE_CYCLE.join('/')} in turn`;
  const look = defaultOnly(styles) ? nuisance : `${styles.join('/')} style in turn, each with ${nuisance}`;
  return `${images} phantoms, seed ${seed}, ${look}, prepared like the images`;
}

/** The part of the source cache key that names the styles: empty for the default style alone (keys cached before styles existed stay valid). */
export function stylesKeyPart(styles: readonly PhantomStyle[]): string {
  return defaultOnly(styles) ? '' : `/styles=${styles.join('+')}`;
}
