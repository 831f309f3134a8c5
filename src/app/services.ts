// Wires storage, workers and the batch runner together, and mirrors IndexedDB into the
// zustand store (IndexedDB is the source of truth: nothing is lost on reload). Nothing is
// built when this module is imported: startServices() makes the database handle, the
// typing journal, the worker pool and the runner once, at start-up, and the page reaches
// them through useServices().
import * as Comlink from 'comlink';
import { createContext, useContext } from 'react';
import { liveQuery } from 'dexie';
import { createRepository, openDatabase, watchBatchImages, type NewBatch } from '../lib/storage';
import { WorkerPool } from '../lib/worker-pool';
import { DEMO_SEED } from '../features/phantom';
import { addFiles, type IncomingFile } from './batch-runner/add-files';
import { createBatchRunner } from './batch-runner/batch-runner';
import { createLearnerClient } from '../features/learner';
import { startModels, currentGrader } from '../features/models';
import { registerOfflineSupport } from './offline/register-offline';
import type { PipelineWorkerApi } from './batch-runner/worker-api';
import { reportError } from './report-error';
import { useAppStore } from './state/app-store';
import { restoredRanking, useSettingsStore, type RankingSettings } from './state/settings-store';
import { createTypingSaver, EMPTY_BATCH_FIELDS } from './saved-as-typed';
import { useWriterStore } from './batch-writer/writer-store';

const CURRENT_BATCH_KEY = 'currentBatchId';
const IMAGE_TIME_LIMIT_KEY = 'blastograde:image-time-limit-ms';
const DEFAULT_IMAGE_TIME_LIMIT_MS = 30_000;
const RANKING_KEY = 'ranking';

/**
 * Per-image limit for decode + crop. A very slow machine (or a test that needs
 * a short limit) can set localStorage["blastograde:image-time-limit-ms"].
 */
function imageTimeLimitMs(): number {
  const configured = Number(globalThis.localStorage?.getItem(IMAGE_TIME_LIMIT_KEY));
  return Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_IMAGE_TIME_LIMIT_MS;
}

/**
 * Images prepared at once: at most 2, and one core left for the page and the model's worker.
 * On a 2-core machine two pipeline workers plus inference starved the main thread (tasks of
 * 300-800 ms while a batch ran); one keeps the page responsive for a small loss of throughput.
 */
function pipelineConcurrency(): number {
  const cores = Math.max(1, navigator.hardwareConcurrency || 2);
  return Math.max(1, Math.min(2, cores - 1));
}

function createPipelinePool(concurrency: number) {
  const workers = new Map<Comlink.Remote<PipelineWorkerApi>, Worker>();
  return new WorkerPool<Comlink.Remote<PipelineWorkerApi>>(
    concurrency,
    () => {
      const worker = new Worker(new URL('./batch-runner/pipeline.worker.ts', import.meta.url), { type: 'module' });
      const remote = Comlink.wrap<PipelineWorkerApi>(worker);
      workers.set(remote, worker);
      return remote;
    },
    (remote) => {
      workers.get(remote)?.terminate();
      workers.delete(remote);
      remote[Comlink.releaseProxy]();
    },
  );
}

function createServices() {
  const repo = createRepository(openDatabase());
  const typing = createTypingSaver(repo, globalThis.localStorage ?? null);
  const concurrency = pipelineConcurrency();
  const pipelinePool = createPipelinePool(concurrency);
  // The model loads in its own worker; images queued meanwhile wait for it
  // (never graded by "no model" just because the model was still loading).
  let modelStarted: Promise<unknown> = new Promise(() => undefined);
  const runner = createBatchRunner({
    repo,
    pool: pipelinePool,
    grader: async () => {
      await modelStarted;
      return currentGrader();
    },
    concurrency,
    imageTimeLimitMs: imageTimeLimitMs(),
    onError: reportError,
    onFoundFinished: () => rereadShownImages(),
  });

  // The open batch's images: read once, then each write patches only the records it touched (a
  // liveQuery over the batch re-read all N records on every status write: O(N) per image).
  let stopWatchingImages: (() => void) | null = null;
  function watchBatch(batchId: string | null) {
    stopWatchingImages?.();
    stopWatchingImages = null;
    if (!batchId) return;
    stopWatchingImages = watchBatchImages(repo.db, batchId, {
      next: (images) => {
        if (useAppStore.getState().currentBatchId === batchId) useAppStore.getState().setImages(images);
      },
      error: reportError,
    });
  }

  /**
   * The shown batch read whole again: when this tab becomes its writer, the tab that closed may
   * have committed a last write whose change notice never reached this tab.
   */
  function rereadShownImages() {
    watchBatch(useAppStore.getState().currentBatchId);
  }

  async function openBatch(batchId: string | null) {
    useAppStore.getState().setCurrentBatch(batchId);
    watchBatch(batchId);
    await repo.setSetting(CURRENT_BATCH_KEY, batchId);
    // The pipeline resumes once this tab holds the batch for writing (use-batch-writer.ts): a
    // second tab showing it never grades its images again.
  }

  /** Another tab holds the shown batch for editing: this one changes nothing in it. */
  function refuseWhileAnotherTabWrites(batchId: string | null) {
    const writer = useWriterStore.getState();
    if (batchId && writer.batchId === batchId && writer.role === 'reader') {
      throw new Error('This batch is open for editing in another tab: take it over here to change it.');
    }
  }

  async function createBatch(fields: NewBatch): Promise<string> {
    const batch = await repo.createBatch(fields);
    // Shown at once (the batches list catches up from IndexedDB a moment later).
    const state = useAppStore.getState();
    state.setBatches([batch, ...state.batches.filter((b) => b.id !== batch.id)]);
    await openBatch(batch.id);
    return batch.id;
  }

  // What was last typed into each batch's fields, ahead of IndexedDB and the store that mirrors it,
  // so a drop or an export right after typing sees the identity as typed.
  const typedBatchFields = new Map<string, Partial<NewBatch>>();

  /** A field of an open batch, as typed: saved at once. */
  async function editBatchFields(batchId: string, patch: Partial<NewBatch>) {
    refuseWhileAnotherTabWrites(batchId);
    typedBatchFields.set(batchId, { ...typedBatchFields.get(batchId), ...patch });
    return typing.saveBatchFields(batchId, patch);
  }

  /** The open batch's fields as typed, or the fields typed for the next batch when none is open. */
  async function currentBatchFields(): Promise<NewBatch> {
    const state = useAppStore.getState();
    const id = state.currentBatchId;
    if (!id) return state.draft;
    const stored = state.batches.find((b) => b.id === id) ?? (await repo.getBatch(id)) ?? EMPTY_BATCH_FIELDS;
    const { patientId, cycleId, day, embryologist, clinic } = { ...stored, ...typedBatchFields.get(id) };
    return { patientId, cycleId, day, embryologist, clinic };
  }

  /** Fields typed before "Start batch": in the store for the form, and saved as typed. */
  function editDraft(fields: NewBatch) {
    useAppStore.getState().setDraft(fields);
    void typing.saveDraft(fields).catch(reportError);
  }

  /** "Start batch", or the first drop with no batch open: the draft becomes the batch. */
  async function startDraftBatch(): Promise<string> {
    const id = await createBatch(useAppStore.getState().draft);
    editDraft(EMPTY_BATCH_FIELDS);
    return id;
  }

  async function deleteBatch(batchId: string) {
    if (useAppStore.getState().currentBatchId === batchId) await openBatch(null);
    await repo.deleteBatch(batchId);
  }

  /** Adds files to the open batch, starting one from the typed draft fields if none is open. */
  async function addFilesToBatch(files: IncomingFile[]) {
    let batchId = useAppStore.getState().currentBatchId;
    refuseWhileAnotherTabWrites(batchId);
    batchId ??= await startDraftBatch();
    const ids = await addFiles(repo, batchId, files);
    runner.enqueue(ids);
  }

  /** "Load demo batch": 12 synthetic phantoms through the normal pipeline, in a batch of their own. */
  async function loadDemoBatch() {
    await createBatch({ patientId: 'DEMO', cycleId: 'phantoms', day: 'D5', embryologist: 'DEMO', clinic: 'Synthetic demo' });
    const files = await pipelinePool.run((worker) => worker.demoBatch(DEMO_SEED));
    await addFilesToBatch(files.map(({ name, png }) => ({ name, data: new Blob([png as Uint8Array<ArrayBuffer>], { type: 'image/png' }) })));
  }

  /** Restores the saved settings, then saves every change. */
  async function persistSettings() {
    const saved = await repo.getSetting<Partial<RankingSettings> | null>(RANKING_KEY, null);
    if (saved) useSettingsStore.getState().setRanking(restoredRanking(saved));
    useSettingsStore.subscribe((state, previous) => {
      if (state.ranking !== previous.ranking) void repo.setSetting(RANKING_KEY, state.ranking).catch(reportError);
    });
  }

  async function start() {
    modelStarted = startModels().catch(reportError);
    void registerOfflineSupport().catch(reportError);
    // Edits a previous page typed but could not commit are written before anything reads the database.
    await typing.replay().catch(reportError);
    const untouched = useAppStore.getState().draft;
    const draft = await typing.loadDraft();
    if (useAppStore.getState().draft === untouched) useAppStore.getState().setDraft(draft);
    liveQuery(() => repo.listBatches()).subscribe({ next: (b) => useAppStore.getState().setBatches(b), error: reportError });
    await persistSettings();
    const last = await repo.getSetting<string | null>(CURRENT_BATCH_KEY, null);
    if (last && (await repo.getBatch(last))) await openBatch(last);
    void pipelinePool.each((worker) => worker.warmUp()).catch(reportError);
  }

  // The learning panel's trainer: the learner's worker, started on first use.
  // An archive import's locating runs under the same per-image limit as a batch's preparing.
  const learner = createLearnerClient({ locateTimeLimitMs: imageTimeLimitMs });

  return { repo, typing, runner, pipelinePool, learner, rereadShownImages, openBatch, createBatch, editDraft, editBatchFields, currentBatchFields, startDraftBatch, deleteBatch, addFilesToBatch, loadDemoBatch, start };
}

export type Services = Omit<ReturnType<typeof createServices>, 'start'>;

/** Builds the app's services once and starts them (model, offline cache, replay of unsaved edits, last batch). */
export function startServices(): { services: Services; started: Promise<void> } {
  const services = createServices();
  return { services, started: services.start() };
}

export const ServicesContext = createContext<Services | null>(null);

/** The services startServices() made, for components under ServicesContext. */
export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices() outside ServicesContext: main.tsx provides it');
  return services;
}

export { reportError };
