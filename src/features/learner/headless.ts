// Second entry of the learner, for hosts that run it in this realm (the Node CLI, the learning
// worker, benchmarks, scripts, tests): the learning engine that re-fits a base model's heads
// on pooled trunk features (tfjs inside). The page imports index.ts.
export { extractFeatures, releaseFeatureGraph, type ExtractOptions } from './train/extract-features';
export { learnFromExamples, checkLearnable, DEFAULT_LEARN_SEED } from './train/learn';
export { featureNodeForHeads, expectedGrade } from './train/base-heads';
export { outcomeProbabilities, gradeProbabilities } from './train/predict-package';
export { TRAINING } from './train/settings';
export { inProcessFitter, runHeadFitTask, type HeadFitTask, type HeadFitter } from './train/head-fitter';
export type { DenseHead } from './train/dense-head';
export { DEFAULT_MEMORY_LIMIT_BYTES, estimateTrainingBytes, featureSizeFromWeights, memoryRefusal } from './memory-estimate';
export {
  LearnError,
  type GradeLabel,
  type GradeLabelReport,
  type LabelReport,
  type LearnLabel,
  type LearnOptions,
  type LearnProgress,
  type LearnReport,
  type LearnedPackage,
  type LearningExample,
  type OutcomeLabelReport,
  type SkippedImage,
  type TrainingSettings,
} from './train/types';
// The job every host runs (the learning worker, `blastograde learn`), and its features step.
export {
  runLearnJob,
  TooFewUsableError,
  UnusableImagesError,
  type FeatureCache,
  type LearnJobExample,
  type LearnJobOptions,
  type LearnJobProgress,
  type LearnJobResult,
} from './learn-job';
export { inRealmPreparer, takeFeatures, type FeatureOptions, type FeatureProgress, type ImagePreparer, type PreparedInput, type TakenFeatures, type TrunkRunner } from './example-features';
