// "Back up this lab" and "Restore a backup": the whole lab in one verified zip file, and a
// restore that merges it (features/backup: adds what is missing, never overwrites a record here).
import { useState, type ChangeEvent } from 'react';
import { BackupError, backupFileName, blobSource, openRestorable, writeBackup, type BackupTable, type RestoreSummary } from '../../features/backup';
import { openExampleStore, type ExampleStore } from '../../features/learning';
import { addModelPackages, countModelPackages, modelPackages } from '../../features/models';
import type { Repository } from '../../lib/storage';
import { chooseBackupDestination } from '../backup-destination';
import { isStorageFull, labSource, reasonOf, RestoreInterrupted, restoreLab, type LabStores } from '../lab-backup';
import { reportError, useServices } from '../services';
import { useAppStore } from '../state/app-store';

const APP_VERSION = '0.1.0';
const TABLE_WORDS: Record<BackupTable, string> = { batches: 'batches', images: 'images', audit: 'audit entries', examples: 'learned examples', models: 'models' };

let examples: ExampleStore | null = null;

/** The lab's three stores: this page's batches, the learned examples, the stored model packages. */
function labStores(repo: Repository): LabStores {
  examples ??= openExampleStore();
  return { repo, examples, models: { count: countModelPackages, packages: modelPackages, add: addModelPackages } };
}

const counted = (counts: Record<BackupTable, number>) =>
  (Object.keys(counts) as BackupTable[]).filter((t) => counts[t] > 0).map((t) => `${counts[t]} ${TABLE_WORDS[t]}`).join(', ') || 'nothing';

export function LabBackup() {
  const { repo, openBatch } = useServices();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  /** The save picker is open. */
  const [choosing, setChoosing] = useState(false);
  const [restoring, setRestoring] = useState<{ step: string; done: number; total: number } | null>(null);
  const [report, setReport] = useState<RestoreSummary | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const [interrupted, setInterrupted] = useState<RestoreInterrupted | null>(null);

  async function backUp() {
    setSaved(null);
    // First, while the click's user activation lasts: the save picker needs it.
    setChoosing(true);
    const destination = await chooseBackupDestination(backupFileName(new Date()))
      .catch((err: unknown) => (reportError(err), null))
      .finally(() => setChoosing(false));
    if (!destination) return;
    setProgress({ done: 0, total: 0 });
    try {
      await writeBackup(labSource(labStores(repo)), {
        appVersion: APP_VERSION,
        sink: (chunk) => destination.write(chunk),
        onProgress: setProgress,
      });
      await destination.finish();
      setSaved(destination.name);
    } catch (err) {
      await destination.discard().catch(() => undefined);
      const reason = err instanceof Error ? err.message : String(err);
      useAppStore.getState().notify('error', `The backup could not be written (${reason}); nothing was kept, so no incomplete backup is left. The lab itself is unchanged.`);
    } finally {
      setProgress(null);
    }
  }

  /** The batch list is live; with no batch open, the first restored one is opened. */
  async function showRestoredBatches() {
    const batches = await repo.listBatches();
    const state = useAppStore.getState();
    state.setBatches(batches);
    if (!state.currentBatchId && batches[0]) await openBatch(batches[0].id);
  }

  async function restore(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setRestoring({ step: 'Checking', done: 0, total: 0 });
    setReport(null);
    setRefused(null);
    setInterrupted(null);
    try {
      // Every entry is checked against the manifest before anything is written.
      const backup = await openRestorable(blobSource(file), (p) => setRestoring({ step: 'Checking', ...p }));
      setReport(await restoreLab(labStores(repo), backup, (p) => setRestoring({ step: 'Restoring', ...p })));
      await showRestoredBatches();
    } catch (err) {
      if (err instanceof RestoreInterrupted) {
        setInterrupted(err);
        await showRestoredBatches().catch(reportError);
      } else if (err instanceof BackupError) setRefused(err.message);
      else reportError(err);
    } finally {
      setRestoring(null);
    }
  }

  return (
    <section className="panel lab-backup" aria-labelledby="lab-backup-heading">
      <h3 id="lab-backup-heading">Backup</h3>
      <p>One file with every batch, image, grade, decision, note, audit entry, learned example and stored model of this lab, to keep or to restore in another browser.</p>
      <button type="button" data-testid="lab-backup" disabled={choosing || progress !== null || restoring !== null} onClick={() => void backUp()}>
        Back up this lab
      </button>
      {progress && (
        <label>
          Writing the backup: {progress.done} of {progress.total} records{' '}
          <progress data-testid="lab-backup-progress" value={progress.done} max={Math.max(progress.total, 1)} />
        </label>
      )}
      {saved && <p role="status" data-testid="lab-backup-saved">Backup written: {saved}.</p>}
      <label>
        Restore a backup{' '}
        <input type="file" accept=".zip,application/zip" data-testid="lab-restore-input" disabled={progress !== null || restoring !== null} onChange={(e) => void restore(e)} />
      </label>
      {restoring && (
        <label role="status">
          {restoring.step === 'Checking' ? 'Checking the backup' : 'Restoring'}: {restoring.done} of {restoring.total}{' '}
          {restoring.step === 'Checking' ? 'entries' : 'records'}{' '}
          <progress data-testid="lab-restore-progress" data-step={restoring.step.toLowerCase()} value={restoring.done} max={Math.max(restoring.total, 1)} />
        </label>
      )}
      {refused && <p role="alert" data-testid="lab-restore-refused">{refused}</p>}
      {interrupted && (
        <div role="alert" data-testid="lab-restore-interrupted">
          <p>The restore stopped part way: {reasonOf(interrupted.cause)}.</p>
          <p data-testid="lab-restore-written">Written, and kept: {counted(interrupted.written)}.</p>
          <p data-testid="lab-restore-not-written">Not written: {counted(interrupted.notWritten)}.</p>
          <p>Restoring the same file again adds the rest (what is already here is skipped as identical){isStorageFull(interrupted.cause) ? ', once space is freed' : ''}.</p>
        </div>
      )}
      {report && (
        <div role="status" data-testid="lab-restore-report">
          <p data-testid="lab-restore-added">Added: {counted(report.added)}.</p>
          <p data-testid="lab-restore-identical">Already here, skipped as identical: {counted(report.identical)}.</p>
          <p data-testid="lab-restore-conflicts">
            {report.conflicts.length === 0
              ? 'No conflicts.'
              : `${report.conflicts.length} in conflict: kept as they are here, the backup's version was not applied.`}
          </p>
          {report.conflicts.length > 0 && (
            <ul>
              {report.conflicts.map((c) => (
                <li key={`${c.table}:${c.key}`}>
                  {TABLE_WORDS[c.table]}: {String(c.local.fileName ?? c.local.patientId ?? c.key)}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
