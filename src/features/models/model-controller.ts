// Which model the app grades with: loads the selected one (the bundled default, or one
// the user brought) in the inference worker, keeps its state in a small zustand store
// for the UI, and lets the user switch, add, remove models and override the backend.
import { create } from 'zustand';
import { type BackendPreference, createGrader, type GraderSource, type Grader, type LoadProgress, baseName, type PickedModelFile, DEFAULT_THRESHOLDS, type ConfidenceThresholds } from '../inference';
import { openModelStore, type ModelKey, type ModelPackage, type ModelStore, type StoredModelSummary } from './model-store';

/** Cache Storage bucket holding the bundled model for offline starts. */
export const MODEL_CACHE_NAME = 'blastograde-models-v1';

export type ModelStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface ModelState {
  status: ModelStatus;
  /** Bytes of weights read and verified so far (loading). */
  progress: LoadProgress | null;
  error: string | null;
  /** A user model that was refused (kept apart from the running model's state). */
  importError: string | null;
  selected: ModelKey;
  userModels: StoredModelSummary[];
  grader: Grader | null;
  backendPreference: BackendPreference;
  thresholds: ConfidenceThresholds;
}

export const useModelStore = create<ModelState>(() => ({
  status: 'idle',
  progress: null,
  error: null,
  importError: null,
  selected: 'default',
  userModels: [],
  grader: null,
  backendPreference: 'auto',
  thresholds: DEFAULT_THRESHOLDS,
}));

export interface ModelControllerOptions {
  /** URL of the bundled model folder; default `<base>models/default/`. */
  defaultModelUrl?: string;
}

let store: ModelStore | null = null;
let defaultUrl = '';
let loading: Promise<Grader | null> = Promise.resolve(null);
let generation = 0;

function modelStore(): ModelStore {
  store ??= openModelStore();
  return store;
}

async function sourceFor(key: ModelKey): Promise<GraderSource> {
  if (key === 'default') return { kind: 'url', url: defaultUrl, cacheName: MODEL_CACHE_NAME };
  const id = key.slice('user:'.length);
  const files = await modelStore().files(id);
  if (!files) throw new Error(`model "${id}" is no longer stored in this browser`);
  return { kind: 'files', files, label: `model "${id}" (stored in this browser)` };
}

/** Loads `key` in a fresh worker; the previous grader keeps running until the new one is ready. */
function load(key: ModelKey): Promise<Grader | null> {
  const mine = ++generation;
  const set = useModelStore.setState;
  set({ status: 'loading', progress: null, error: null, selected: key });
  const { backendPreference, thresholds } = useModelStore.getState();
  loading = (async () => {
    try {
      const grader = await createGrader(await sourceFor(key), {
        backend: backendPreference,
        thresholds,
        onProgress: (progress) => mine === generation && set({ progress }),
      });
      if (mine !== generation) {
        grader.dispose(); // superseded by a later choice
        return useModelStore.getState().grader;
      }
      useModelStore.getState().grader?.dispose();
      set({ status: 'ready', grader, error: null });
      return grader;
    } catch (error) {
      if (mine === generation) set({ status: 'error', error: (error as Error).message, grader: null });
      return null;
    }
  })();
  return loading;
}

/** Starts the selected model (call once at app start). */
export async function startModels(options: ModelControllerOptions = {}): Promise<Grader | null> {
  defaultUrl = options.defaultModelUrl ?? `${import.meta.env.BASE_URL}models/default/`;
  const prefs = await modelStore().preferences();
  useModelStore.setState({
    userModels: await modelStore().list(),
    backendPreference: prefs.backend,
    thresholds: prefs.thresholds ?? DEFAULT_THRESHOLDS,
  });
  return load(prefs.selected);
}

/** The grader for the batch runner: waits for a load in progress; null when none works. */
export async function currentGrader(): Promise<Grader | null> {
  await loading;
  return useModelStore.getState().grader;
}

export async function selectModel(key: ModelKey): Promise<Grader | null> {
  await modelStore().setPreference('selected', key);
  return load(key);
}

/** Where the selected model's files are (for a worker that reads the package itself, e.g. learning). */
export function selectedModelSource(): Promise<GraderSource> {
  return sourceFor(useModelStore.getState().selected);
}

/** A stored user model's files by name (to export it), or null when it is gone. */
export function userModelFiles(id: string): Promise<Record<string, ArrayBuffer> | null> {
  return modelStore().files(id);
}

/**
 * Validates a picked folder (model.json, shards, grading.json) by loading it; only a
 * package that loads is stored and (unless `select: false`) selected. Throws the loader's message otherwise.
 */
export async function addModelFromFiles(picked: PickedModelFile[], options: { select?: boolean } = {}): Promise<StoredModelSummary> {
  useModelStore.setState({ importError: null });
  const files: Record<string, ArrayBuffer> = {};
  for (const file of picked) files[baseName(file.webkitRelativePath || file.name)] = await file.arrayBuffer();
  const { backendPreference, thresholds } = useModelStore.getState();
  let grader: Grader;
  try {
    grader = await createGrader({ kind: 'files', files, label: 'the chosen folder' }, { backend: backendPreference, thresholds });
  } catch (error) {
    useModelStore.setState({ importError: (error as Error).message });
    throw error;
  }
  const summary = await modelStore().save(grader.card, files);
  if (options.select === false) {
    // Listed, not made current: the user chooses when to grade with it.
    grader.dispose();
    useModelStore.setState({ userModels: await modelStore().list() });
    return summary;
  }
  await modelStore().setPreference('selected', `user:${summary.id}`);
  ++generation;
  useModelStore.getState().grader?.dispose();
  useModelStore.setState({ status: 'ready', grader, error: null, selected: `user:${summary.id}`, userModels: await modelStore().list() });
  loading = Promise.resolve(grader);
  return summary;
}

/** How many packages this browser keeps (for a lab backup). */
export const countModelPackages = (): Promise<number> => modelStore().count();

/** Every stored package, one at a time, for a lab backup. */
export const modelPackages = (): AsyncIterable<ModelPackage> => modelStore().packages();

/**
 * Adds packages restored from a lab backup (ids not stored here; one already here fails the
 * whole call and nothing is added) and lists them in the model panel. None is selected.
 */
export async function addModelPackages(packages: ModelPackage[]): Promise<void> {
  if (packages.length === 0) return;
  await modelStore().addPackages(packages);
  useModelStore.setState({ userModels: await modelStore().list() });
}

export async function removeUserModel(id: string): Promise<void> {
  await modelStore().remove(id);
  useModelStore.setState({ userModels: await modelStore().list() });
  if (useModelStore.getState().selected === `user:${id}`) await selectModel('default');
}

/** Backend override from settings: reloads the model on the new backend. */
export async function setBackendPreference(backend: BackendPreference): Promise<Grader | null> {
  await modelStore().setPreference('backend', backend);
  useModelStore.setState({ backendPreference: backend });
  return load(useModelStore.getState().selected);
}

export async function setConfidenceThresholds(thresholds: ConfidenceThresholds): Promise<void> {
  await modelStore().setPreference('thresholds', thresholds);
  useModelStore.setState({ thresholds });
  await useModelStore.getState().grader?.setThresholds(thresholds);
}
