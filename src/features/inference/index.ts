// Public entry of the model core for the page: the model contract (card) and what its
// figures say, the worker-backed grader, Grad-CAM. tfjs stays in the worker; headless
// hosts (Node CLI, workers, tests) import headless.ts instead.
export { createGrader, type CreateGraderOptions, type GraderSource } from './create-grader';
export type { Grader } from './grader';
export { type BackendChoice, type BackendName, type BackendPreference, BACKEND_NAMES } from './backend-types';
export { ModelPackageError, type ModelPackageErrorCode } from './errors';
export { type ModelCard, type ModelCardHead, type ResizeMode, isNotForClinicalUse } from './model-card';
export type { ModelAdaptation, ModelAdaptationSource } from './model-card.generated';
export { type LoadProgress } from './load-model';
export { baseName, type PickedModelFile } from './model-source';
export { DEFAULT_THRESHOLDS, type ConfidenceThresholds } from './confidence';
export { type GradCamResult, type GradCamOptions } from './grad-cam';
export { gradCamForCrop } from './grad-cam-for-crop';
export { type WorkerModelSource } from './worker-api';
export {
  BEFORE_ADAPTATION,
  learnedFigures,
  modelFigures,
  realSignalWarning,
  realVerdict,
  verdictText,
  type FigureRow,
  type IntervalFigure,
  type LearnedFigures,
  type ModelFigures,
  type RealVerdict,
  type WithinExpansionFigure,
} from './model-figures';
