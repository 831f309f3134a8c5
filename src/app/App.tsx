import { useCallback, useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { buildRows, EmbryoTable, rankImages } from '../features/review';
import type { PickedFile } from '../features/ingest';
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

async function readPicked(files: PickedFile[]) {
  return Promise.all(files.map(async ({ name, file }) => ({ name, bytes: new Uint8Array(await file.arrayBuffer()) })));
}

export function App() {
  const services = useServices();
  const { addFilesToBatch, deleteBatch, editDraft, learner, loadDemoBatch, openBatch, repo, runner, startDraftBatch, typing } = services;
  const heldImagesOfRepo = useCallback(() => heldImages(repo), [repo]);
  // The review table's confirmed grades, for the learning panel (it never opens the app's database).
  const confirmedGrades = useMemo(() => confirmedGradeSource(repo), [repo]);
  const batch = useAppStore(selectCurrentBatch);
  const { batches, currentBatchId, images, draft } = useAppStore(
    useShallow((s) => ({ batches: s.batches, currentBatchId: s.currentBatchId, images: s.images, draft: s.draft })),
  );
  const backend = useModelStore((s) => s.grader?.backend ?? null);
  const { options: ranking } = useEffectiveRanking();
  const [editing, setEditing] = useState<string | null>(null);
  const urls = useMemo(createObjectUrlCache, []);
  const [viewing, setViewing] = useState<string[]>([]);
  const actions = useMemo(() => createAppReviewActions(services, setEditing, setViewing), [services]);

  const rows = useMemo(
    () => buildRows(images, rankImages(images, ranking, batch?.day), (blob, key) => urls.url(blob, key)),
    [images, ranking, batch?.day, urls],
  );
  useEffect(() => urls.sweep(), [rows, urls]);

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

  const onFiles = (files: PickedFile[]) => void readPicked(files).then(addFilesToBatch).catch(reportError);
  const editingImage = images.find((i) => i.id === editing) ?? null;
  const fileNames = useMemo(() => new Map(images.map((i) => [i.id, i.fileName])), [images]);

  return (
    <div className="app">
      <header className="app-header">
        <h1>Blastograde</h1>
        <IntendedUseBanner />
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
          <BatchDetails
            batch={batch}
            draft={draft}
            onDraftChange={editDraft}
            onCreate={() => void startDraftBatch().catch(reportError)}
            onChange={(fields) => batch && void typing.saveBatchFields(batch.id, fields).catch(reportError)}
          />
          <ModelPanel>
            <AdaptModelDialog heldImages={heldImagesOfRepo} />
          </ModelPanel>
          <LearnPanel trainer={learner} confirmedGrades={confirmedGrades} />
          <DropZone onFiles={onFiles} onDemo={() => void loadDemoBatch().catch(reportError)} />
          <div className="batch-tools">
            <BatchProgress />
            {currentBatchId && (
              <button type="button" onClick={() => void runner.cancel(currentBatchId).catch(reportError)} data-testid="cancel-batch">
                Stop processing
              </button>
            )}
          </div>
          <RankingPanel />
          <EmbryoTable rows={rows} actions={actions} onCompare={setViewing} />
          <ExportBar rows={rows} />
          {currentBatchId && <AuditTrail batchId={currentBatchId} fileNames={fileNames} />}
        </main>
      </div>
      {viewing.length > 0 && (
        <EmbryoViewer images={viewing.map((id) => images.find((i) => i.id === id)).filter((i) => !!i)} onClose={() => setViewing([])} />
      )}
      {editingImage && <CropEditor image={editingImage} onClose={() => setEditing(null)} />}
    </div>
  );
}
