// "Learn from this lab": import an archive (images + label sheet), see the examples per
// label and class, train new heads in a worker (progress, time left, Cancel), read the
// cross-validated report, and export a model package for another workstation.
import { useEffect, useMemo, useState, type ChangeEvent } from 'react';
import { useModelStore, selectModel } from '../../models';
import { summariseLabels } from '../example-summary';
import { formatSeconds } from '../time-left';
import {
  LEARN_FOLDS, LEARN_SEED, cancelTraining, exportModelZip, importArchive, removeAllExamples,
  setIncludeConfirmed, train, trainingExamples, undoLastImport, useLearnStore, watchExamples, type LearnHost,
} from './learn-controller';
import { ReportView } from './ReportView';
import { reportView, skippedImagesView } from './report-adapter';

const STAGE_NAMES: Record<string, string> = {
  loading: 'Loading the base model',
  features: 'Computing features',
  'cross-validation': 'Cross-validating',
  'final-fit': 'Fitting the final heads',
  writing: 'Writing the model package',
};

const folderProps = { webkitdirectory: '', directory: '' } as Record<string, string>;

/** The trainer and the review table's grades come from the app (learning opens neither the engine nor the app's database). */
export type LearnPanelProps = LearnHost;

export function LearnPanel({ trainer, confirmedGrades }: LearnPanelProps) {
  const host = useMemo<LearnHost>(() => ({ trainer, confirmedGrades }), [trainer, confirmedGrades]);
  const state = useLearnStore();
  const userModels = useModelStore((s) => s.userModels);
  const [busy, setBusy] = useState(false);
  const [exportId, setExportId] = useState('');
  const [exportError, setExportError] = useState<string | null>(null);
  // Live: a lab restore or another tab adding examples or grades shows here without a reload.
  useEffect(() => watchExamples(host), [host]);

  const examples = useMemo(() => trainingExamples(state), [state]);
  const summary = useMemo(() => summariseLabels(examples, LEARN_FOLDS), [examples]);
  const trainable = summary.some((s) => !s.refusal);
  const { training, result } = state;
  const report = useMemo(() => (result ? reportView(result.report) : null), [result]);

  async function onPick(event: ChangeEvent<HTMLInputElement>) {
    const files = Array.from(event.target.files ?? []);
    event.target.value = '';
    if (files.length === 0) return;
    setBusy(true);
    try {
      await importArchive(host, files);
    } catch (error) {
      useLearnStore.setState({ importing: null, importReport: { ok: false, headline: `The import failed: ${(error as Error).message}`, problems: [], imported: 0 } });
    } finally {
      setBusy(false);
    }
  }

  async function onUndo() {
    setBusy(true);
    try {
      await undoLastImport(host);
    } catch (error) {
      useLearnStore.setState({ importReport: { ok: false, headline: `The import could not be undone: ${(error as Error).message}`, problems: [], imported: 0 } });
    } finally {
      setBusy(false);
    }
  }

  const exportable = exportId || result?.modelId || userModels[userModels.length - 1]?.id || '';

  return (
    <section className="learn-panel" aria-labelledby="learn-heading" data-testid="learn-panel">
      <h2 id="learn-heading">Learn from this lab</h2>
      <p>
        Trains new grade heads (and an outcome head when the sheet has outcomes) on this lab&apos;s own labelled embryos, here in
        the browser; no image leaves this machine. The result is a new model in the model list; it grades only once you select it.
      </p>

      <fieldset disabled={busy || !!training}>
        <legend>Import an archive: images and a sheet with a file column and any of expansion, icm, te, outcome</legend>
        <label>
          Folder (images and one .csv or .xlsx sheet):{' '}
          <input type="file" multiple data-testid="learn-folder-input" onChange={(e) => void onPick(e)} {...folderProps} />
        </label>{' '}
        <label>
          or files:{' '}
          <input type="file" multiple data-testid="learn-files-input" accept=".csv,.tsv,.txt,.xlsx,.jpg,.jpeg,.png,.bmp,.tif,.tiff" onChange={(e) => void onPick(e)} />
        </label>
      </fieldset>
      {state.importing && (
        <p>
          Reading images{' '}
          <progress data-testid="learn-import-progress" value={state.importing.done} max={state.importing.total} /> {state.importing.done} of {state.importing.total}
        </p>
      )}
      {state.importReport && (
        <div data-testid="learn-import-report" data-ok={String(state.importReport.ok)} role={state.importReport.ok ? 'status' : 'alert'}>
          <p>{state.importReport.headline}</p>
          {state.importReport.problems.length > 0 && (
            <ul>
              {state.importReport.problems.map((p) => <li key={p} data-testid="learn-import-problem">{p}</li>)}
            </ul>
          )}
        </div>
      )}
      {state.lastImport && (
        <p>
          <button type="button" data-testid="learn-import-undo" disabled={busy || !!training || !!state.importing} onClick={() => void onUndo()}>
            Undo the import of {state.lastImport.sheetName}
          </button>{' '}
          (puts back the labels it replaced and removes the examples it added)
        </p>
      )}

      <h3>Examples</h3>
      <p data-testid="learn-examples" data-count={examples.length} data-imported={state.examples.length}>
        {state.examples.length} imported example(s)
        {state.confirmed.length > 0 || state.examples.length > 0 ? '' : ': import an archive to start'}.
      </p>
      <label>
        <input
          type="checkbox" data-testid="learn-include-confirmed" checked={state.includeConfirmed}
          onChange={(e) => setIncludeConfirmed(e.target.checked)}
        />{' '}
        Include the {state.confirmed.length} embryo(s) whose grades were entered in the review table
      </label>
      {summary.length > 0 && (
        <table className="learn-counts" data-testid="learn-counts">
          <thead>
            <tr><th scope="col">Label</th><th scope="col">Examples per class</th><th scope="col">Ready?</th></tr>
          </thead>
          <tbody>
            {summary.map((s) => (
              <tr key={s.label} data-label={s.label}>
                <th scope="row">{s.label}</th>
                <td>{s.counts.map(([c, n]) => `${c}: ${n}`).join(', ')}</td>
                <td>{s.refusal ?? (s.warnings.length ? `yes; ${s.warnings.join(' ')}` : 'yes')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {state.examples.length > 0 && (
        <button type="button" disabled={!!training} onClick={() => { if (confirm('Remove every imported example from this browser?')) void removeAllExamples(host); }}>
          Remove imported examples
        </button>
      )}

      <h3>Train</h3>
      <p>
        {LEARN_FOLDS}-fold stratified cross-validation, seed {LEARN_SEED}, against the selected model on the same folds; then a final fit on every example.
      </p>
      <button type="button" data-testid="learn-train" disabled={!trainable || !!training || busy} onClick={() => void train(host)}>
        Train
      </button>
      {training && (
        <div data-testid="learn-progress" data-stage={training.progress.stage}>
          <p aria-live="polite">
            {STAGE_NAMES[training.progress.stage] ?? training.progress.stage}
            {training.progress.label ? ` (${training.progress.label}${training.progress.fold !== undefined ? `, fold ${training.progress.fold + 1}` : ''})` : ''}:{' '}
            {training.progress.done} of {training.progress.total}
            {training.progress.cached ? `, ${training.progress.cached} from the cache` : ''}
            {training.secondsLeft !== null ? `; about ${formatSeconds(training.secondsLeft)} left in this stage` : ''}
          </p>
          <progress value={training.progress.done} max={Math.max(1, training.progress.total)} />{' '}
          <button type="button" data-testid="learn-cancel" onClick={() => void cancelTraining(host)}>
            Cancel
          </button>
        </div>
      )}
      {state.trainError && <p role="alert" data-testid="learn-error">{state.trainError}</p>}

      {result && report && (
        <div data-testid="learn-report" data-model-id={result.modelId}>
          <h3>Report</h3>
          <p>
            Added to the model list as <strong>{result.modelId}</strong> ({result.computed} image(s) through the trunk, {result.cached} from the cache;
            features {formatSeconds(result.ms.features / 1000)}, learning {formatSeconds(result.ms.learning / 1000)}).{' '}
            <button type="button" data-testid="learn-select-model" onClick={() => void selectModel(`user:${result.modelId}`)}>
              Grade with it
            </button>
          </p>
          {result.report.warnings.map((w) => <p key={w} className="learn-warning" data-testid="learn-warning">⚠ {w}</p>)}
          <ReportView labels={report} skipped={skippedImagesView(result.report)} />
        </div>
      )}

      <h3>Export a model package</h3>
      {userModels.length === 0 ? (
        <p>No model of yours is stored in this browser yet.</p>
      ) : (
        <p>
          <label>
            Model{' '}
            <select data-testid="learn-export-select" value={exportable} onChange={(e) => setExportId(e.target.value)}>
              {userModels.map((m) => <option key={m.id} value={m.id}>{m.id} {m.version}</option>)}
            </select>
          </label>{' '}
          <button
            type="button" data-testid="learn-export"
            onClick={() => { setExportError(null); void exportModelZip(exportable).catch((e: unknown) => setExportError((e as Error).message)); }}
          >
            Export as zip
          </button>
        </p>
      )}
      {exportError && <p role="alert">{exportError}</p>}
    </section>
  );
}
