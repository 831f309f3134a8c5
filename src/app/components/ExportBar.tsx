import { useState } from 'react';
import { countDecisions, type EmbryoRow } from '../../features/review';
import { IDENTITY_FIELDS, identityWords, missingIdentity } from '../batch-identity';
import { captureBatch, restoreBatch } from '../batch-snapshot';
import { ModalDialog } from './ModalDialog';
import { reportError, useServices } from '../services';
import { selectCurrentBatch, useAppStore } from '../state/app-store';
import { useEffectiveRanking } from '../state/effective-ranking';

type Format = 'csv' | 'xlsx' | 'pdf' | 'json';
/** The grade sheets; the JSON file is the batch's backup, exported whatever its decisions. */
const SHEETS: readonly Format[] = ['csv', 'xlsx', 'pdf'];

function download(data: BlobPart, type: string, name: string) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Grade sheet downloads (the exporters load on first use) and JSON import. */
export function ExportBar({ rows }: { rows: EmbryoRow[] }) {
  const batch = useAppStore(selectCurrentBatch);
  const images = useAppStore((s) => s.images);
  const { options: ranking, leftOut, settled } = useEffectiveRanking();
  const { repo, openBatch, currentBatchFields } = useServices();
  const [busy, setBusy] = useState<Format | 'import' | null>(null);
  const [blocked, setBlocked] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<{ format: Format; question: string } | null>(null);
  const unfinished = images.some((i) => i.status !== 'done' && i.status !== 'error');

  /** Completeness first: no export without the identity; undecided embryos ask before a sheet is written. */
  async function requestExport(format: Format) {
    if (!batch) return;
    const missing = missingIdentity(await currentBatchFields());
    if (missing.length) {
      const message = `Export blocked: enter the ${identityWords(missing)} of this batch first.`;
      setBlocked(message);
      // Also at the top of the page, where the focus goes: the field to fill in.
      useAppStore.getState().notify('error', message);
      const first = IDENTITY_FIELDS.find(({ key }) => key === missing[0])!;
      document.querySelector<HTMLInputElement>(`[data-testid="${first.testId}"]`)?.focus();
      return;
    }
    setBlocked(null);
    const counts = countDecisions(rows);
    if (SHEETS.includes(format) && counts.undecided > 0) {
      setConfirming({ format, question: `${counts.undecided} of ${counts.total} embryos have no decision. Export anyway?` });
      return;
    }
    await exportAs(format);
  }

  async function exportAs(format: Format) {
    if (!batch) return;
    setBusy(format);
    try {
      const ex = await import('../../features/export');
      // The identity as typed, even if the store has not caught up with the last keystroke.
      const sheet = await ex.buildGradeSheet({ ...batch, ...(await currentBatchFields()) }, images, rows, ranking, leftOut);
      const name = ex.fileNameFor(sheet, format);
      const mime = ex.EXPORT_MIME_TYPES[format];
      if (format === 'csv') download(ex.toCsv(sheet), mime, name);
      if (format === 'xlsx') download((await ex.toXlsx(sheet)) as Uint8Array<ArrayBuffer>, mime, name);
      if (format === 'pdf') download((await ex.toPdf(sheet)) as Uint8Array<ArrayBuffer>, mime, name);
      if (format === 'json') download(ex.toBatchJson(sheet, { batch: await captureBatch(repo, batch.id) }), mime, name);
    } catch (error) {
      reportError(error);
    } finally {
      setBusy(null);
    }
  }

  async function importFile(file: File | undefined) {
    if (!file) return;
    setBusy('import');
    try {
      const { parseBatchJson } = await import('../../features/export');
      const parsed = parseBatchJson(await file.text());
      await openBatch(await restoreBatch(repo, parsed.batch));
      useAppStore.getState().notify('info', `Batch imported from ${file.name}.`);
    } catch (error) {
      useAppStore.getState().notify('error', `Could not import ${file.name}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="export-bar" aria-label="Grade sheet">
      <span>Grade sheet:</span>
      {(['csv', 'xlsx', 'pdf', 'json'] as const).map((format) => (
        <button key={format} type="button" data-testid={`export-${format}`} disabled={!batch || !images.length || busy !== null || !settled} title={settled ? undefined : "Waiting for the model card, which sets the ranking"} onClick={() => void requestExport(format).catch(reportError)}>
          {busy === format ? 'Preparing…' : format.toUpperCase()}
        </button>
      ))}
      {blocked && <p className="error" role="alert" data-testid="export-blocked">{blocked}</p>}
      {confirming && (
        <ModalDialog
          testId="export-confirm"
          title={confirming.question}
          onCancel={() => setConfirming(null)}
          actions={<>
            <button type="button" data-testid="export-cancel" onClick={() => setConfirming(null)}>Cancel</button>
            <button type="button" data-testid="export-anyway" onClick={() => { const { format } = confirming; setConfirming(null); void exportAs(format); }}>
              Export anyway
            </button>
          </>}
        >
          <p>The sheet lists them as undecided and counts them.</p>
        </ModalDialog>
      )}
      {unfinished && <span className="warning">Some images are still being processed: the sheet shows them as unranked.</span>}
      <label className="button">
        Import batch (JSON)
        <input type="file" accept=".json,application/json" data-testid="import-json" onChange={(e) => { void importFile(e.currentTarget.files?.[0]); e.currentTarget.value = ''; }} />
      </label>
    </section>
  );
}
