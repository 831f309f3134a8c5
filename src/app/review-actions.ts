import { UndoStack, type Change, type ReviewActions } from '../features/review';
import type { Decision, HeadName } from '../lib/types';
import { onPageHidden } from './saved-as-typed';
import { reportError } from './report-error';
import type { Services } from './services';
import { useAppStore } from './state/app-store';

function context(id: string) {
  const state = useAppStore.getState();
  const image = state.images.find((i) => i.id === id);
  const batch = state.batches.find((b) => b.id === state.currentBatchId);
  return { image, who: batch?.embryologist || '(no initials)', batchId: state.currentBatchId ?? '' };
}

const run = (work: Promise<unknown>) => void work.catch(reportError);

/** Applies a decision or grade change, saves it and writes it to the audit trail. */
async function applyChange(typing: Services['typing'], change: Change, action: string): Promise<void> {
  const { image, who, batchId } = context(change.imageId);
  if (!image) return;
  if (change.field === 'decision') {
    await typing.saveImageFields(image.id, { decision: (change.to ?? 'undecided') as Decision });
  } else {
    const head = change.field.slice('grade.'.length) as HeadName;
    const overrides = { ...image.overrides };
    if (change.to === null) delete overrides[head];
    else overrides[head] = change.to;
    await typing.saveImageFields(image.id, { overrides });
  }
  const aiLabel = (v: string | null) => {
    if (v !== null || change.field === 'decision') return v;
    const head = change.field.slice('grade.'.length);
    return `AI ${image.prediction?.heads.find((h) => h.name === head)?.argmax ?? '?'}`;
  };
  await typing.saveAudit({
    batchId, imageId: image.id, who, action, field: change.field,
    from: aiLabel(change.from), to: aiLabel(change.to), modelId: image.prediction?.modelId ?? null,
  });
}

/** Every change the embryologist makes is saved at once, audited, and (decisions, grades) undoable. */
export function createReviewActions({ runner, typing }: Pick<Services, 'runner' | 'typing'>, onEditCrop: (id: string) => void, onView: (ids: string[]) => void) {
  const history = new UndoStack();
  // One audit entry per pause in typing, not per key; written at once if the page is hidden or goes.
  const noteAudits = new Map<string, { from: string; write: () => void; timer: ReturnType<typeof setTimeout> }>();
  const flushNoteAudits = () => {
    for (const pending of [...noteAudits.values()]) {
      clearTimeout(pending.timer);
      pending.write();
    }
  };
  onPageHidden(flushNoteAudits);

  function edit(change: Change) {
    if (change.from === change.to) return;
    history.record(change);
    run(applyChange(typing, change, change.field === 'decision' ? 'decision' : 'override'));
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
      run(typing.saveImageFields(id, { notes }));
      const pending = noteAudits.get(id);
      if (pending) clearTimeout(pending.timer);
      const from = pending?.from ?? image.notes;
      const write = () => {
        noteAudits.delete(id);
        run(typing.saveAudit({ batchId, imageId: id, who, action: 'notes', field: 'notes', from, to: notes, modelId: image.prediction?.modelId ?? null }));
      };
      noteAudits.set(id, { from, write, timer: setTimeout(write, 1500) });
    },
    retry(id) {
      run(runner.retry(id));
    },
    editCrop: onEditCrop,
    view: (id) => onView([id]),
    undo() {
      const change = history.undo();
      if (change) run(applyChange(typing, change, 'undo'));
      return !!change;
    },
    redo() {
      const change = history.redo();
      if (change) run(applyChange(typing, change, 'redo'));
      return !!change;
    },
  };
  return actions;
}
