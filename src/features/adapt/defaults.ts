// Adaptation's defaults, shared by the CLI, the worker and the page (no imports: the page's
// bundle takes these without the job's tfjs and OpenCV).

/** Below this, per-channel statistics of a whole lab are guesswork. */
export const MIN_ADAPT_IMAGES = 8;
/**
 * Convolutions adapted unless asked otherwise. Measured on the labelled clinic set
 * (140 images, ROC AUC of the default ranking, good vs not good) after adapting the
 * phantom-trained default model to 200 clinic images: none 0.791, first 2 layers 0.779,
 * 4 layers 0.761, all 13 layers 0.415. Re-estimating the deep layers on real images undid
 * what the model had learned; adapting the first 2 changed the ranking least. Re-measure
 * when the default model changes.
 */
export const DEFAULT_ADAPT_LAYERS = 2;
/** Phantoms rendered for the source statistics, and their seed (fixed: the same base gives the same source). */
export const DEFAULT_SOURCE_PHANTOMS = 96;
export const DEFAULT_PHANTOM_SEED = '20261129';
