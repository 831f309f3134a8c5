// Public entry of label-free adaptation for the page: the dialog, the run that drives the
// adapt worker, and its settings. The job itself (tfjs) is behind headless.ts.
export { AdaptModelDialog, type HeldImages } from './components/AdaptModelDialog';
export { adaptSelectedModel, type AdaptImageFile, type AdaptOutcome, type AdaptRun, type AdaptRunOptions } from './adapt-client';
export { type AdaptJobProgress } from './adapt-job';
export { DEFAULT_ADAPT_LAYERS, DEFAULT_SOURCE_PHANTOMS, MIN_ADAPT_IMAGES } from './defaults';
