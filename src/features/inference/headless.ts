// Second public entry, for headless hosts (Node CLI, tests, benchmarks): grading in this
// realm without a worker. Kept out of index.ts so the page's bundle never includes tfjs.
export { createInProcessGrader, type InProcessOptions } from './in-process-grader';
export { type LocalGrader } from './local-grader';
export { ModelPackageError, type ModelPackageErrorCode } from './errors';
export { loadModelPackage, type LoadedModelPackage, type LoadProgress } from './load-model';
export { type ModelCard } from './model-card';
export { type ModelFileSource, filesSource, memorySource, urlSource } from './model-source';
export { DEFAULT_THRESHOLDS, type ConfidenceThresholds } from './predict';
export { folderSource, nodeWasmDir } from './node-model-source';
export { adaptModel, AdaptError, type AdaptOptions, type AdaptProgress, type AdaptedPackage } from './adapt';
export { chooseBackend } from './backend';
export { normalizeInput } from './normalize-input';
export { orientationBatch, orientationCount, orientationViews } from './orientations';
export { convSteps, convTrunk } from './adapt';
export {
  runAdaptJob,
  adaptableLayers,
  measureSourceStatistics,
  writeAdaptationSource,
  sourceMeasurement,
  shippedSource,
  ADAPTATION_SOURCE_FILE,
  MIN_ADAPT_IMAGES,
  DEFAULT_ADAPT_LAYERS,
  DEFAULT_SOURCE_PHANTOMS,
  DEFAULT_PHANTOM_SEED,
  type AdaptJobImage,
  type AdaptJobProgress,
  type AdaptJobResult,
  type SourceFrom,
  type SourceStatistics,
} from './adapt';
export { toGraphModel } from './graph-model';
export { computeModelHash, type ModelJson, type WeightSpecJson } from './load-model';
export { parseModelCard } from './model-card';
export { realSignalWarning } from './model-figures';
export { sha256Hex } from './sha256';
export * from './learned';
