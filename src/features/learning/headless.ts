// Second entry of the learning feature, for hosts (the learner's worker and job, the CLI,
// scripts): the lab's labels without the panel (no React, no tfjs): reading a label sheet,
// pairing rows with images, one example per image content, cross-validation folds, the
// metrics and the report's shape, the examples' IndexedDB store, and what a trainer is.
export { LABEL_COLUMNS, LABEL_CLASSES, rowLabels, type ExampleLabels, type LabelColumn, type LabelRow } from './types';
export {
  parseLabelSheet,
  parseLabelCsv,
  labelRowsFromLines,
  fileKey,
  OUTCOME_POSITIVE,
  OUTCOME_NEGATIVE,
  type LabelSheetOptions,
  type LabelSheetProblem,
  type LabelSheetProblemKind,
  type ParsedLabelSheet,
  type SheetColumn,
  type SheetLine,
} from './parse-label-sheet';
export { oneExamplePerContent, type ContentExample, type ImageTwin } from './image-twins';
export { planArchive, planArchiveImport, isImageName, DEFAULT_SHEET_ALIASES, type ArchiveHost, type ArchivePlan } from './archive-import';
export { matchExamples, type MatchReport, type MatchedExample, type UnmatchedRow, type UnmatchedReason } from './match-examples';
export {
  stratifiedFolds,
  DEFAULT_FOLDS,
  DEFAULT_SEED,
  MIN_EXAMPLES_PER_CLASS,
  HEAVY_IMBALANCE_RATIO,
  type Fold,
  type FoldOptions,
  type FoldPlan,
} from './folds';
export {
  classificationMetrics,
  outcomeMetrics,
  rocAucInterval,
  bootstrap,
  percentile,
  DEFAULT_BOOTSTRAP_RESAMPLES,
  DEFAULT_BOOTSTRAP_SEED,
  type BootstrapOptions,
  type ClassificationMetrics,
  type Interval,
  type OutcomeMetrics,
} from './metrics';
export type {
  FeatureSetChoice,
  FeatureSetName,
  GradeLabel,
  GradeLabelReport,
  LabelCurve,
  LabelReport,
  LearningCurve,
  LearningCurvePoint,
  LearnLabel,
  LearnReport,
  OutcomeLabelReport,
  SkippedImage,
  TrainingSettings,
  WithinExpansionReport,
} from './learn-report';
export { FEATURE_SET_TITLES } from './learn-report';
export { withinGroupAuc, withinGroupAucInterval, type WithinGroupAuc } from './within-group-auc';
export { fitLogLinear, predictFigure, extrapolate, type CurveEstimate, type CurvePointInput, type LogLinearFit } from './curve-fit';
export { stratifiedSubsets } from './stratified-subsets';
export type { LabTrainer, LocatedArchiveImage, TrainingExample, TrainProgress, TrainRequest, TrainResult, TrainStage } from './trainer';
export { featureKey, openExampleStore, LEARNING_DATABASE_NAME, type ExampleStore, type StoredExample } from './example-store';
export { confirmedExamples, type ConfirmedGradeSource, type ReviewedGrades } from './confirmed-examples';
export { learningCurve, foldsToScore, CURVE_FRACTIONS, MIN_CURVE_POINTS, MIN_HELD_OUT, type CurveLabelInput, type CurveOptions } from './learning-curve';
