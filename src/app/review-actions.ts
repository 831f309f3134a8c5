import { UndoStack, type Change, type ReviewActions } from '../features/review';
import type { Decision, HeadName } from '../lib/types';
import { reportError, repo, runner } from './services';
import { useAppStore } from './state/app-store';

function context(id: string) {
  const state = useAppStore.getState();
  const image = state.images.find((i) => i.id === id);
  const batch = state.batches.find((b) => b.id === state.currentBatchId);
  return { image, who: batch?.embryologist || '(no initials)', batchId: state.currentBatchId ?? '' };
}

const run = (work: Promise<unknown>) => void work.catch(reportError);

/** Applies a decision or grade change, saves it and writes it to the audit trail. */
async function applyChange(change: Change, action: string): Promise<void> {
  const { image, who, batchId } = context(change.imageId);
  if (!image) return;
  if (change.field === 'decision') {
    await repo.updateImage(image.id, { decision: (change.to ?? 'undecided') as Decision });
  } else {
    const head = change.field.slice('grade.'.length) as HeadName;
    const overrides = { ...image.overrides };
    if (change.to === null) delete overrides[head];
    else overrides[head] = change.to;
    await repo.updateImage(image.id, { overrides });
  }
  const aiLabel = (v: string | null) => {
    if (v !== null || change.field === 'decision') return v;
    const head = change.field.slice('grade.'.length);
    return `AI ${image.prediction?.heads.find((h) => h.name === head)?.argmax ?? '?'}`;
  };
  await repo.appendAudit({
    batchId, imageId: image.id, who, action, field: change.field,
    from: aiLabel(change.from), to: aiLabel(change.to), modelId: image.prediction?.modelId ?? null,
  });
}

/** Every change the embryologist makes is saved at once, audited, and (decisions, grades) undoable. */
export function createReviewActions(onEditCrop: (id: string) => void, onView: (ids: string[]) => void) {
  const history = new UndoStack();
  const noteTimers = new Map<string, { from: string; timer: ReturnType<typeof setTimeout> }>();

  function edit(change: Change) {
    if (change.from === change.to) return;
    history.record(change);
    run(applyChange(change, change.field === 'decision' ? 'decision' : 'override'));
  }

  const actions: ReviewActions & { undo(): boolean; redo(): boolean } = {
    setDecision(id, decision) {
      const { image } = context(id);
      if (image) edit({ imageId: id, field: 'decision', from: image.decision, to: decision });
    },
    setOverride(id, head: HeadName, grade) {
      const { image } = context(id);
      if (image) edit({ imageId: id, field: `grade.${head}`, from: image.overrides[head] ?? null, to: grade });
    },
    setNotes(id, notes) {
      const { image, who, batchId } = context(id);
      if (!image) return;
      run(repo.updateImage(id, { notes }));
      // One audit entry per pause in typing, not per key.
      const pending = noteTimers.get(id);
      if (pending) clearTimeout(pending.timer);
      const from = pending?.from ?? image.notes;
      const timer = setTimeout(() => {
        noteTimers.delete(id);
        run(repo.appendAudit({ batchId, imageId: id, who, action: 'notes', field: 'notes', from, to: notes, modelId: image.prediction?.modelId ?? null }));
      }, 1500);
      noteTimers.set(id, { from, timer });
    },
    retry(id) {
      run(runner.retry(id));
    },
    editCrop: onEditCrop,
    view: (id) => onView([id]),
    undo() {
      const change = history.undo();
      if (change) run(applyChange(change, 'undo'));
      return !!change;
    },
    redo() {
      const change = history.redo();
      if (change) run(applyChange(change, 'redo'));
      return !!change;
    },
  };
  return actions;
}
