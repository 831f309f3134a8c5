// Second entry of the learning feature, for workers, the CLI, benchmarks and tests: the
// learning engine (tfjs inside). index.ts stays tfjs-free for the page.
export { extractFeatures, releaseFeatureGraph, type ExtractOptions } from './train/extract-features';
export { learnFromExamples, checkLearnable, DEFAULT_LEARN_SEED } from './train/learn';
export { featureNodeForHeads, expectedGrade } from './train/base-heads';
export { outcomeProbabilities, gradeProbabilities } from './train/predict-package';
export { TRAINING } from './train/settings';
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
  type TrainingSettings,
} from './train/types';
