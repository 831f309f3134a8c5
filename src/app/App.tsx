import { useCallback, useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { buildRows, byRank, DecisionSummary, EmbryoTable, rankImages, ReviewReadOnly } from '../features/review';
import { canEditBatch, useBatchWriter, useWriterStore, WriterBanner } from './batch-writer';
import { StorageStatus } from './storage-status';
import { BatchDetails } from './components/BatchDetails';
import { BatchList } from './components/BatchList';
import { BatchProgress } from './components/BatchProgress';
import { DropZone } from './components/DropZone';
import { Notices } from './components/Notices';
import { createObjectUrlCache } from './object-urls';
import { createAppReviewActions } from './review-actions';
import { reportError, useServices } from './services';
import { selectCurrentBatch, useAppStore } from './state/app-store';
import { useEffectiveRanking } from './state/effective-ranking';
import { CropEditor } from './components/CropEditor';
import { EmbryoViewer } from './components/EmbryoViewer';
import { RankingPanel } from './components/RankingPanel';
import { IntendedUseBanner, ModelPanel, useModelStore } from '../features/models';
import { AdaptModelDialog } from '../features/adapt';
import { heldImages } from './held-images';
import { ExportBar } from './components/ExportBar';
import { AuditTrail } from './components/AuditTrail';
import { LearnPanel } from '../features/learning';
import { confirmedGradeSource } from './confirmed-grades';
import { DropQuestion } from './components/DropQuestion';
import { useIncomingFiles } from './use-incoming-files';

export function App() {
  const services = useServices();
  const { deleteBatch, editBatchFields, editDraft, learner, loadDemoBatch, openBatch, repo, runner, startDraftBatch } = services;
  const incoming = useIncomingFiles(services);
  // One batch, one writer across tabs: read-only here while another tab holds the batch.
  const writer = useBatchWriter(services);
  const readOnly = useWriterStore((s) => !canEditBatch(s));
  const { waiting } = incoming;
  const heldImagesOfRepo = useCallback(() => heldImages(repo), [repo]);
  // The review table's confirmed grades, for the learning panel (it never opens the app's database).
  const confirmedGrades = useMemo(() => confirmedGradeSource(repo), [repo]);
  const batch = useAppStore(selectCurrentBatch);
  const { batches, currentBatchId, images, draft } = useAppStore(
    useShallow((s) => ({ batches: s.batches, currentBatchId: s.currentBatchId, images: s.images, draft: s.draft })),
  );
  const backend = useModelStore((s) => s.grader?.backend ?? null);
  const { options: ranking, settled: rankingSettled } = useEffectiveRanking();
  const [editing, setEditing] = useState<string | null>(null);
  const urls = useMemo(createObjectUrlCache, []);
  const [viewing, setViewing] = useState<string[]>([]);
  const actions = useMemo(() => createAppReviewActions(services, setEditing, setViewing), [services]);

  const rows = useMemo(
    () => buildRows(images, rankingSettled ? rankImages(images, ranking, batch?.day) : new Map(), (blob, key) => urls.url(blob, key)),
    [images, ranking, rankingSettled, batch?.day, urls],
  );
  useEffect(() => urls.sweep(), [rows, urls]);
  // The large view steps through the batch in rank order (unranked last, by embryo number).
  const rankOrder = useMemo(
    () => [...rows].sort(byRank).map((r) => r.id),
    [rows],
  );

  // Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y): undo and redo decisions and grade overrides.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
      if (typing || !(e.ctrlKey || e.metaKey)) return;
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) { if (actions.undo()) e.preventDefault(); }
      else if (key === 'y' || (key === 'z' && e.shiftKey)) { if (actions.redo()) e.preventDefault(); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions]);

  const editingImage = images.find((i) => i.id === editing) ?? null;
  const fileNames = useMemo(() => new Map(images.map((i) => [i.id, i.fileName])), [images]);

  return (
    <ReviewReadOnly.Provider value={readOnly}>
    <div className="app">
      <header className="app-header">
        <h1>Blastograde</h1>
        <IntendedUseBanner />
        <a className="lab-link" href="#lab">Model &amp; lab learning</a>
        <StorageStatus />
        <span className="backend" title={backend ? backend.reason : 'no model loaded'}>
          Backend: <strong data-testid="backend">{backend?.name ?? 'none'}</strong>
        </span>
      </header>
      <Notices />
      <div className="layout">
        <BatchList
          batches={batches}
          currentId={currentBatchId}
          onOpen={(id) => void openBatch(id).catch(reportError)}
          onDelete={(id) => void deleteBatch(id).catch(reportError)}
          onNew={() => void openBatch(null).catch(reportError)}
        />
        <main>
          {/* The bench's bar: who the batch is for, its progress, decisions and export stay in sight while the table scrolls. */}
          <WriterBanner onTakeOver={writer.takeOver} />
          <div className="batch-bar" data-testid="batch-bar">
            <BatchDetails
              batch={batch}
              draft={draft}
              onDraftChange={editDraft}
              onCreate={() => void startDraftBatch().catch(reportError)}
              onChange={(fields) => batch && void editBatchFields(batch.id, fields).catch(reportError)}
              waiting={waiting?.step === 'ask-identity' ? { count: waiting.count, onGrade: incoming.gradeWaiting, onCancel: incoming.cancel } : null}
              readOnly={readOnly && !!batch}
            />
            <div className="batch-tools">
              <BatchProgress />
              {currentBatchId && !readOnly && (
                <button type="button" onClick={() => void runner.cancel(currentBatchId).catch(reportError)} data-testid="cancel-batch">
                  Stop processing
                </button>
              )}
              {!rankingSettled && images.some((i) => i.status === 'done') && (
                <span className="warning" role="status" data-testid="ranking-waits">Ranks appear once the model&apos;s card is read (its figures set the default weights).</span>
              )}
              <DecisionSummary rows={rows} />
              <ExportBar rows={rows} />
            </div>
          </div>
          <DropZone disabled={readOnly && !!currentBatchId} onFiles={incoming.onFiles} onDemo={() => void loadDemoBatch().catch(reportError)} />
          <RankingPanel />
          <EmbryoTable key={currentBatchId ?? 'none'} rows={rows} actions={actions} onCompare={setViewing} />
          {currentBatchId && <AuditTrail batchId={currentBatchId} fileNames={fileNames} />}
          {/* The lab's settings come after the batch: the table is the page (issue 26). */}
          <section className="lab-section" id="lab" aria-label="Model and learning from this lab">
            <h2>Model and learning from this lab</h2>
            <ModelPanel>
              <AdaptModelDialog heldImages={heldImagesOfRepo} />
            </ModelPanel>
            <LearnPanel trainer={learner} confirmedGrades={confirmedGrades} />
          </section>
        </main>
      </div>
      {viewing.length > 0 && (
        <EmbryoViewer
          entries={viewing.flatMap((id) => {
            const row = rows.find((r) => r.id === id);
            const image = images.find((i) => i.id === id);
            return row && image ? [{ row, image }] : [];
          })}
          order={rankOrder}
          actions={actions}
          onShow={setViewing}
          onClose={() => setViewing([])}
        />
      )}
      {waiting?.step === 'ask-batch' && (
        <DropQuestion count={waiting.count} target={waiting.target} onAdd={incoming.addToOpenBatch} onNew={incoming.startNewBatch} onCancel={incoming.cancel} />
      )}
      {editingImage && <CropEditor image={editingImage} onClose={() => setEditing(null)} />}
    </div>
    </ReviewReadOnly.Provider>
  );
}
