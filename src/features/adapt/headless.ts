// Second entry of the adaptation feature, for hosts that run the job in this realm (the
// Node CLI, the adapt worker, benchmarks): label-free adaptation of a model package (AdaBN
// on batch-norm-folded convolutions). tfjs inside; the page imports index.ts.
export { adaptModel, type AdaptOptions, type AdaptProgress, type AdaptedPackage } from './adapt-model';
export { AdaptError, convSteps, convTrunk } from './conv-chain';
export { MIN_ADAPT_IMAGES, DEFAULT_ADAPT_LAYERS, DEFAULT_SOURCE_PHANTOMS, DEFAULT_PHANTOM_SEED } from './defaults';
export {
  runAdaptJob,
  adaptableLayers,
  measureSourceStatistics,
  type SourceFrom,
  type SourceStatistics,
  type SourceStatisticsCache,
  type AdaptJobImage,
  type AdaptJobProgress,
  type AdaptJobResult,
} from './adapt-job';
export { ADAPTATION_SOURCE_FILE, shippedSource, sourceMeasurement, writeAdaptationSource } from './source-file';
