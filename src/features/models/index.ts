// Public entry of the lab's model library: which model grades (zustand controller over the
// inference worker), the packages kept in this browser (IndexedDB), and the model's UI.
export {
  useModelStore,
  startModels,
  currentGrader,
  selectModel,
  addModelFromFiles,
  selectedModelSource,
  userModelFiles,
  removeUserModel,
  countModelPackages,
  modelPackages,
  addModelPackages,
  setBackendPreference,
  setConfidenceThresholds,
  MODEL_CACHE_NAME,
  type ModelState,
  type ModelStatus,
  type ModelControllerOptions,
} from './model-controller';
export { openModelStore, type ModelKey, type ModelPackage, type ModelStore, type StoredModelSummary } from './model-store';
export { adaptationSentence, modelListLabel } from './model-list-label';
export { ModelPanel, IntendedUseBanner } from './components/ModelPanel';
