// Label-free adaptation of a model package (AdaBN on batch-norm-folded convolutions).
export { adaptModel, ADAPTED_SHARD, type AdaptOptions, type AdaptProgress, type AdaptedLayer, type AdaptedPackage } from './adapt-model';
export { AdaptError, convSteps, convTrunk, type ConvStep, type TrunkStep } from './conv-chain';
export { measurePreActivations, type WeightTensors } from './measure';
export { adaptFoldedConv, MIN_TARGET_STD } from './weight-update';
export { addBatch, emptyMoments, statsOfValues, toStats, type ChannelMoments, type ChannelStats } from './statistics';
export { MIN_ADAPT_IMAGES, DEFAULT_ADAPT_LAYERS, DEFAULT_SOURCE_PHANTOMS, DEFAULT_PHANTOM_SEED } from './defaults';
export {
  runAdaptJob,
  adaptableLayers,
  measureSourceStatistics,
  sourceStatisticsKey,
  type SourceFrom,
  type SourceMeasureOptions,
  type SourceStatistics,
  type SourceStatisticsCache,
  type AdaptJobImage,
  type AdaptJobOptions,
  type AdaptJobProgress,
  type AdaptJobResult,
  type ReadImageResult,
} from './adapt-job';
export { ADAPTATION_SOURCE_FILE, shippedSource, sourceMeasurement, writeAdaptationSource, type AdaptationSourceFile, type ShippedSource, type SourceMeasurement } from './source-file';
