// Learning from a lab's own labels: reading its label sheet, pairing rows with images,
// cross-validation folds and the metrics reported per head (pure; no training here).
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
  bootstrap,
  percentile,
  DEFAULT_BOOTSTRAP_RESAMPLES,
  DEFAULT_BOOTSTRAP_SEED,
  type BootstrapOptions,
  type ClassificationMetrics,
  type Interval,
  type OutcomeMetrics,
} from './metrics';
// The "Learn from this lab" panel (the app mounts it); loaded lazily, tfjs only in its worker.
export { LearnPanel } from './components/LazyLearnPanel';
