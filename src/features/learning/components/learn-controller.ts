// The page side of learning: the examples in IndexedDB, importing an archive (its images
// located by the trainer), a training run (progress, time left, cancel) and adding its result
// to the model list. The learned model is stored only once training has fully succeeded,
// and never made current here: the user selects it. What is not learning's own comes from
// the app as a LearnHost: the trainer (the learner's worker) and the review table's grades.
import { liveQuery } from 'dexie';
import { create } from 'zustand';
import { zipSync } from 'fflate';
import { addModelFromFiles, userModelFiles, useModelStore, selectedModelSource } from '../../models';
import { planArchiveImport, splitSelection } from '../archive-import';
import { combineExamples, confirmedExamples, type ConfirmedGradeSource } from '../confirmed-examples';
import { openExampleStore, type StoredExample } from '../example-store';
import { describeUndo, type ImportUndo } from '../import-undo';
import { settleImport, type RowImageOutcome } from '../settle-import';
import type { CropBox } from '../../../lib/types';
import { runAtOnce } from '../../../lib/run-at-once';
import { createTimeLeftClock } from '../time-left';
import type { LabTrainer, TrainProgress, TrainResult } from '../trainer';

/** Cross-validation folds and the seed every run uses (shown in the panel and written to the card). */
export const LEARN_FOLDS = 5;
/** The engine's DEFAULT_LEARN_SEED, as the CLI's learn uses by default (not imported: that entry holds tfjs). */
export const LEARN_SEED = 1;
const MEMORY_LIMIT_KEY = 'blastograde:learning-memory-limit-mb';
const INCLUDE_CONFIRMED_KEY = 'blastograde:learning-include-confirmed';
/** After Cancel, how long a run may take to stop by itself before its worker is ended. */
const CANCEL_GRACE_MS = 3000;

/** What the app hands the learning panel. */
export interface LearnHost {
  trainer: LabTrainer;
  confirmedGrades: ConfirmedGradeSource;
}

export interface ImportReport {
  ok: boolean;
  /** One line: matched rows, or why nothing was imported. */
  headline: string;
  /** Every problem, one sentence each. */
  problems: string[];
  imported: number;
}

/** The last import that changed the examples, and what puts them back (kept in memory until the next such import or a reload). */
export interface UndoableImport {
  sheetName: string;
  undo: ImportUndo<StoredExample>;
}

export interface TrainingState {
  progress: TrainProgress;
  secondsLeft: number | null;
}

export interface LearnedResult extends TrainResult {
  modelId: string;
}

export interface LearnState {
  examples: StoredExample[];
  confirmed: StoredExample[];
  includeConfirmed: boolean;
  importing: { done: number; total: number } | null;
  importReport: ImportReport | null;
  lastImport: UndoableImport | null;
  training: TrainingState | null;
  trainError: string | null;
  result: LearnedResult | null;
}

export const useLearnStore = create<LearnState>(() => ({
  examples: [],
  confirmed: [],
  includeConfirmed: globalThis.localStorage?.getItem(INCLUDE_CONFIRMED_KEY) !== 'false',
  importing: null,
  importReport: null,
  lastImport: null,
  training: null,
  trainError: null,
  result: null,
}));

const store = openExampleStore();

/** Reads the examples and the grades confirmed in the review table. */
export async function refreshExamples(host: LearnHost): Promise<void> {
  const [examples] = await Promise.all([store.list(), refreshConfirmed(host)]);
  useLearnStore.setState({ examples });
}

async function refreshConfirmed(host: LearnHost): Promise<void> {
  const { images, batches, audits } = await host.confirmedGrades.reviewedGrades();
  useLearnStore.setState({ confirmed: confirmedExamples(images, batches, audits) });
}

const unreadable = (error: unknown) => console.error('learning: examples could not be read', error);

/**
 * Keeps the panel's examples and confirmed grades current, whoever writes them: this panel, a
 * lab restore, another tab (Dexie's liveQuery over the example store; the app's watch of the
 * review's grades). Returns the unsubscribe.
 */
export function watchExamples(host: LearnHost): () => void {
  const examples = liveQuery(() => store.list()).subscribe({ next: (list) => useLearnStore.setState({ examples: list }), error: unreadable });
  const unwatchGrades = host.confirmedGrades.watch(() => void refreshConfirmed(host).catch(unreadable));
  return () => {
    examples.unsubscribe();
    unwatchGrades();
  };
}

export function setIncludeConfirmed(include: boolean) {
  globalThis.localStorage?.setItem(INCLUDE_CONFIRMED_KEY, String(include));
  useLearnStore.setState({ includeConfirmed: include });
}

/** The examples a run would use now. */
export function trainingExamples(state: Pick<LearnState, 'examples' | 'confirmed' | 'includeConfirmed'>): StoredExample[] {
  return combineExamples(state.examples, state.includeConfirmed ? state.confirmed : []);
}

const baseName = (name: string) => name.split(/[\\/]/).pop() ?? name;

/** Imports a picked folder or set of files: one label sheet and its images. A bad sheet changes nothing. */
export async function importArchive(host: LearnHost, picked: File[]): Promise<ImportReport> {
  const named = picked.map((file) => ({ name: file.webkitRelativePath || file.name, file }));
  const finish = (report: ImportReport) => {
    useLearnStore.setState({ importReport: report, importing: null });
    return report;
  };
  const split = splitSelection(named);
  if ('refusal' in split) return finish({ ok: false, headline: split.refusal, problems: [], imported: 0 });
  const sheetName = baseName(split.sheet.name);
  const plan = await planArchiveImport(new Uint8Array(await split.sheet.file.arrayBuffer()), split.images.map((i) => i.name));
  // A refused sheet still says how far its rows matched, so the problems read in context.
  if (!plan.ok) return finish({ ok: false, headline: `${sheetName}: ${plan.summary ? `${plan.summary} ` : ''}${plan.refusal}`, problems: plan.problems, imported: 0 });

  const byName = new Map(split.images.map((i) => [i.name, i.file]));
  const total = plan.matched.length;
  const located = new Array<RowImageOutcome<{ file: File; crop: CropBox }>>(total);
  useLearnStore.setState({ importing: { done: 0, total }, importReport: null });
  // As many images in hand as the trainer locates at once, each kept at its row's place.
  let done = 0;
  try {
    await runAtOnce(total, host.trainer.locators, async (index) => {
      const match = plan.matched[index]!;
      const file = byName.get(match.image)!;
      const result = await host.trainer.locate(match.image, await file.arrayBuffer());
      useLearnStore.setState({ importing: { done: ++done, total } });
      located[index] = result.ok ? { match, ok: true, key: result.key, extra: { file, crop: result.crop } } : { match, ok: false, error: result.error };
    });
  } finally {
    host.trainer.endLocating();
  }
  const settled = settleImport(sheetName, plan, located);
  if (!settled.ok) return finish({ ok: false, headline: settled.headline, problems: settled.problems, imported: 0 });
  const addedAt = new Date().toISOString();
  const ready = settled.examples.map(({ key, image, labels, extra }): StoredExample => ({
    key, fileName: image, original: extra.file, crop: extra.crop, labels, origin: 'import', source: sheetName, addedAt,
  }));
  // One transaction: the import lands whole or not at all, over what earlier sheets said.
  const merged = await store.importAll(ready);
  useLearnStore.setState({ lastImport: { sheetName, undo: merged.undo } });
  await refreshExamples(host);
  const kept = merged.alreadyStored > 0 ? [`${merged.alreadyStored} of these images were imported before: labels this sheet does not give are kept.`] : [];
  return finish({ ok: true, headline: settled.headline, problems: [...settled.problems, ...kept, ...merged.replaced], imported: ready.length });
}

/** Puts the examples back as they were before the last import, in one transaction. */
export async function undoLastImport(host: LearnHost): Promise<ImportReport | null> {
  const last = useLearnStore.getState().lastImport;
  if (!last) return null;
  await store.undoImport(last.undo);
  const report: ImportReport = { ok: true, headline: describeUndo(last.sheetName, last.undo), problems: [], imported: 0 };
  useLearnStore.setState({ lastImport: null, importReport: report });
  await refreshExamples(host);
  return report;
}

export async function removeAllExamples(host: LearnHost): Promise<void> {
  await store.clear();
  // Nothing is left to put back over.
  useLearnStore.setState({ lastImport: null });
  await refreshExamples(host);
}

/** The ceiling set in this browser, if any (else the learner's default applies). */
function memoryLimitBytes(): number | undefined {
  const configured = Number(globalThis.localStorage?.getItem(MEMORY_LIMIT_KEY));
  return Number.isFinite(configured) && configured > 0 ? configured * 1024 ** 2 : undefined;
}

const stamp = (date: Date) => date.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');

/** Trains on the examples in hand; on success the learned package is added to the model list (not selected). */
export async function train(host: LearnHost): Promise<LearnedResult | null> {
  const state = useLearnStore.getState();
  if (state.training) return null;
  const examples = trainingExamples(state);
  const clock = createTimeLeftClock();
  const run = ++currentRun;
  // Progress comes on its own channel and can arrive after the run has ended: ignore it then.
  const onProgress = (progress: TrainProgress) => {
    if (run === currentRun && useLearnStore.getState().training) useLearnStore.setState({ training: { progress, secondsLeft: clock.update(progress) } });
  };
  useLearnStore.setState({ trainError: null, result: null, training: { progress: { stage: 'loading', done: 0, total: 1 }, secondsLeft: null } });
  try {
    const baseCard = useModelStore.getState().grader?.card;
    const id = `${baseCard?.id ?? 'model'}-lab-${stamp(new Date())}`;
    const result = await host.trainer.train(
      {
        base: await selectedModelSource(),
        examples: examples.map(({ key, fileName, original, crop, labels, source, date }) => ({ key, fileName, original, crop, labels, source, date })),
        folds: LEARN_FOLDS, seed: LEARN_SEED, id, version: '1.0.0', memoryLimitBytes: memoryLimitBytes(),
      },
      onProgress,
    );
    onProgress({ stage: 'writing', done: 0, total: 1 });
    const files = Object.entries(result.files).map(([name, bytes]) => new File([bytes as Uint8Array<ArrayBuffer>], name));
    const added = await addModelFromFiles(files, { select: false });
    const learned: LearnedResult = { ...result, modelId: added.id };
    currentRun++;
    useLearnStore.setState({ result: learned, training: null });
    return learned;
  } catch (error) {
    const message = cancelledRun === run ? CANCELLED : (error as Error).message;
    currentRun++;
    useLearnStore.setState({ trainError: message, training: null });
    return null;
  }
}

const CANCELLED = 'Training was cancelled; nothing was added to the model list.';
/** The run that is going, and the one the user cancelled (its failure is then no news). */
let currentRun = 0;
let cancelledRun = -1;

/** Asks the run to stop; a run that does not stop at once has its worker ended. */
export async function cancelTraining(host: LearnHost): Promise<void> {
  if (!useLearnStore.getState().training) return;
  const run = currentRun;
  cancelledRun = run;
  await host.trainer.cancel();
  setTimeout(() => {
    if (currentRun === run && useLearnStore.getState().training) {
      currentRun++;
      host.trainer.terminate();
      useLearnStore.setState({ training: null, trainError: CANCELLED });
    }
  }, CANCEL_GRACE_MS);
}

/** A model package as a zip (folder named after the model), for another workstation. */
export function packageZip(id: string, files: Record<string, Uint8Array | ArrayBuffer>): Blob {
  const entries = Object.fromEntries(Object.entries(files).map(([name, bytes]) => [`${id}/${name}`, bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)]));
  return new Blob([zipSync(entries, { level: 6 }) as Uint8Array<ArrayBuffer>], { type: 'application/zip' });
}

export async function exportModelZip(id: string): Promise<void> {
  const files = await userModelFiles(id);
  if (!files) throw new Error(`model "${id}" is no longer stored in this browser`);
  const url = URL.createObjectURL(packageZip(id, files));
  const link = document.createElement('a');
  link.href = url;
  link.download = `${id}.zip`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
