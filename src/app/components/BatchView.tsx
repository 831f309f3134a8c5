// The batch view: who the batch is for, the drop, the review table or gallery, the audit trail and
// the sheet, with the large view, the crop editor and the drop question over it. It stays mounted
// while the lab is shown (hidden), so a batch being graded, a half-typed note or an open large
// view wait where they were.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { buildRows, byRank, DecisionSummary, EmbryoTable, rankImages, ReviewReadOnly, type EmbryoRow } from '../../features/review';
import { createStableList } from '../../lib/stable-list';
import { canEditBatch, useBatchWriter, useWriterStore, WriterBanner } from '../batch-writer';
import { useCoalescedImages } from '../coalesce-images';
import { createObjectUrlCache } from '../object-urls';
import { createAppReviewActions } from '../review-actions';
import { reportError, useServices } from '../services';
import { selectCurrentBatch, useAppStore } from '../state/app-store';
import { useEffectiveRanking } from '../state/effective-ranking';
import { useIncomingFiles } from '../use-incoming-files';
import { AuditTrail } from './AuditTrail';
import { BatchDetails } from './BatchDetails';
import { BatchList } from './BatchList';
import { BatchProgress } from './BatchProgress';
import { CropEditor } from './CropEditor';
import { DropQuestion } from './DropQuestion';
import { DropZone } from './DropZone';
import { EmbryoViewer } from './EmbryoViewer';
import { ExportBar } from './ExportBar';
import { RankingPanel } from './RankingPanel';

export function BatchView({ active }: { active: boolean }) {
  const services = useServices();
  const { deleteBatch, editBatchFields, editDraft, loadDemoBatch, openBatch, runner, startDraftBatch } = services;
  const incoming = useIncomingFiles(services);
  // One batch, one writer across tabs: read-only here while another tab holds the batch.
  const writer = useBatchWriter(services);
  const readOnly = useWriterStore((s) => !canEditBatch(s));
  const { waiting } = incoming;
  const batch = useAppStore(selectCurrentBatch);
  const { batches, currentBatchId, images, draft } = useAppStore(
    useShallow((s) => ({ batches: s.batches, currentBatchId: s.currentBatchId, images: s.images, draft: s.draft })),
  );
  const { options: ranking, settled: rankingSettled } = useEffectiveRanking();
  const [editing, setEditing] = useState<string | null>(null);
  const urls = useMemo(createObjectUrlCache, []);
  // Unchanged rows keep their identity, so the table re-renders only the rows that changed.
  const stableRows = useMemo(() => createStableList<EmbryoRow>(), []);
  const [viewing, setViewing] = useState<string[]>([]);
  const actions = useMemo(() => createAppReviewActions(services, setEditing, setViewing), [services]);
  const root = useRef<HTMLDivElement>(null);

  // Images only moving along the queue reach the table at most every few hundred ms while the
  // batch is graded (coalesce-images.ts); grades, problems and the user's own changes at once.
  const tableImages = useCoalescedImages(images);
  const rows = useMemo(
    () => stableRows(buildRows(tableImages, rankingSettled ? rankImages(tableImages, ranking, batch?.day) : new Map(), (blob, key) => urls.url(blob, key))),
    [tableImages, ranking, rankingSettled, batch?.day, urls, stableRows],
  );
  useEffect(() => urls.sweep(), [rows, urls]);
  // The large view steps through the batch in rank order (unranked last, by embryo number).
  const rankOrder = useMemo(
    () => [...rows].sort(byRank).map((r) => r.id),
    [rows],
  );

  // Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y): undo and redo decisions and grade overrides, in this view
  // only (in the lab they would change a batch nobody is looking at).
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
      if (typing || !(e.ctrlKey || e.metaKey)) return;
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) { if (actions.undo()) e.preventDefault(); }
      else if (key === 'y' || (key === 'z' && e.shiftKey)) { if (actions.redo()) e.preventDefault(); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions, active]);

  // Leaving for the lab (browser back/forward while a question is open) answers an open question
  // as Escape does: a modal dialog in a hidden view would leave the whole page inert.
  useEffect(() => {
    if (active) return;
    root.current?.querySelectorAll('dialog[open]').forEach((dialog) => dialog.dispatchEvent(new Event('cancel', { cancelable: true })));
  }, [active]);

  const editingImage = images.find((i) => i.id === editing) ?? null;
  const fileNames = useMemo(() => new Map(images.map((i) => [i.id, i.fileName])), [images]);

  return (
    <ReviewReadOnly.Provider value={readOnly}>
    <div className="view batch-view" hidden={!active} ref={root} data-testid="batch-view">
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
