// Public entry of the inference feature: model contract, loader, backend choice,
// predictions, Grad-CAM heatmaps, the worker-backed grader and its UI.
export { createGrader, type CreateGraderOptions, type GraderSource, type ModelGrader } from './create-grader';
export { type BackendChoice, type BackendName, type BackendPreference, BACKEND_NAMES } from './backend-types';
export { ModelPackageError, type ModelPackageErrorCode } from './errors';
export { type ModelCard, type ModelCardHead, isNotForClinicalUse } from './model-card';
export { type LoadProgress } from './load-model';
export { DEFAULT_THRESHOLDS, type ConfidenceThresholds } from './confidence';
export { normalizeInput } from './normalize-input';
export { type GradCamResult, type GradCamOptions } from './grad-cam';
export { gradCamForCrop } from './grad-cam-for-crop';
export {
  useModelStore,
  startModels,
  currentGrader,
  selectModel,
  addModelFromFiles,
  selectedModelSource,
  userModelFiles,
  removeUserModel,
  setBackendPreference,
  setConfidenceThresholds,
  MODEL_CACHE_NAME,
  type ModelState,
  type ModelStatus,
  type ModelControllerOptions,
} from './model-controller';
export { type ModelKey, type StoredModelSummary } from './model-store';
export { adaptSelectedModel, type AdaptImageFile, type AdaptOutcome, type AdaptRun, type AdaptRunOptions } from './adapt/adapt-client';
export { type AdaptJobProgress } from './adapt/adapt-job';
export { DEFAULT_ADAPT_LAYERS, DEFAULT_SOURCE_PHANTOMS, MIN_ADAPT_IMAGES } from './adapt/defaults';
export { adaptationSentence, modelListLabel } from './adapt/model-list-label';
export { ModelStatusBar } from './components/ModelStatusBar';
export { AboutModel, type AboutModelProps } from './components/AboutModel';
export {
  learnedFigures,
  modelFigures,
  realSignalWarning,
  realVerdict,
  verdictText,
  type FigureRow,
  type LearnedFigures,
  type ModelFigures,
  type RealVerdict,
} from './model-figures';
export { ModelSettings } from './components/ModelSettings';
export { HeatmapOverlay } from './components/HeatmapOverlay';
// Headless hosts (Node CLI, tests, benchmarks) import './headless' instead: it pulls
// tfjs into the importing bundle, which the page must not do (tfjs lives in the worker).
