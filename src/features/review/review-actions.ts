// What the embryologist does to a row: each change is saved at once, written to the audit
// trail, and (decisions, grades) undoable. Storage is the host's: the app hands in its store
// and its typed-edit saver, so this feature never opens the app's database.
import type { AuditRecord } from '../../lib/storage';
import type { Decision, HeadName, HeadPrediction } from '../../lib/types';
import { embryoGrades, gradeMark } from '../ranking';
import type { ReviewActions } from './types';
import { UndoStack, type Change } from './undo-stack';

/** The stored image as the review edits it. */
export interface ReviewedImageState {
  id: string;
  overrides: Partial<Record<HeadName, string>>;
  decision: Decision;
  notes: string;
  dish?: string;
  well?: string;
  prediction: { modelId: string; heads: HeadPrediction[] } | null;
}

/** One audit entry as the review writes it (the store stamps the time). */
export type ReviewAudit = Omit<AuditRecord, 'id' | 'at'>;

/** Where the review reads and saves; the app's store and IndexedDB behind it. */
export interface ReviewStore {
  image(id: string): ReviewedImageState | undefined;
  /** The open batch and the initials of whoever edits it ('' when none were typed). */
  session(): { batchId: string; embryologist: string };
  saveImageFields(id: string, patch: Partial<Pick<ReviewedImageState, 'decision' | 'overrides' | 'notes' | 'dish' | 'well'>>): Promise<void>;
  saveAudit(entry: ReviewAudit): Promise<void>;
}

export interface ReviewHost {
  store: ReviewStore;
  /** Re-runs a failed image. */
  retry(id: string): Promise<void>;
  editCrop(id: string): void;
  /** Large view of these embryos (one, or several to compare). */
  view(ids: string[]): void;
  /** Calls `flush` when the page is hidden or goes, so a pending note audit is not lost. */
  onPageHidden(flush: () => void): void;
  reportError(error: unknown): void;
}

/** One audit entry per pause in typing a note, not one per key. */
export const NOTE_AUDIT_PAUSE_MS = 1500;

export type ReviewActionsWithHistory = ReviewActions & { undo(): boolean; redo(): boolean };

export function createReviewActions(host: ReviewHost): ReviewActionsWithHistory {
  const { store } = host;
  const run = (work: Promise<unknown>) => void work.catch(host.reportError);
  const who = () => store.session().embryologist || '(no initials)';

  /** Applies a decision or grade change, saves it and writes it to the audit trail. */
  async function applyChange(change: Change, action: string): Promise<void> {
    const image = store.image(change.imageId);
    if (!image) return;
    const { batchId } = store.session();
    const author = who();
    if (change.field === 'decision') {
      await store.saveImageFields(image.id, { decision: (change.to ?? 'undecided') as Decision });
    } else {
      const head = change.field.slice('grade.'.length) as HeadName;
      const overrides = { ...image.overrides };
      if (change.to === null) delete overrides[head];
      else overrides[head] = change.to;
      await store.saveImageFields(image.id, { overrides });
    }
    // Going back to the AI's grade is audited as that grade ("AI B"), not as nothing; a head the
    // grading rule does not grade at the AI's expansion as "AI –", as the override menu says.
    const aiLabel = (v: string | null) => {
      if (v !== null || change.field === 'decision') return v;
      const head = change.field.slice('grade.'.length) as HeadName;
      return `AI ${gradeMark(image.prediction ? embryoGrades(image.prediction.heads).heads[head].ai : null)}`;
    };
    await store.saveAudit({
      batchId, imageId: image.id, who: author, action, field: change.field,
      from: aiLabel(change.from), to: aiLabel(change.to), modelId: image.prediction?.modelId ?? null,
    });
  }

  const history = new UndoStack();
  // Written at once if the page is hidden or goes, so no pause in typing is lost.
  const noteAudits = new Map<string, { from: string; write: () => void; timer: ReturnType<typeof setTimeout> }>();
  host.onPageHidden(() => {
    for (const pending of [...noteAudits.values()]) {
      clearTimeout(pending.timer);
      pending.write();
    }
  });

  function edit(change: Change) {
    if (change.from === change.to) return;
    history.record(change);
    run(applyChange(change, change.field === 'decision' ? 'decision' : 'override'));
  }

  return {
    setDecision(id, decision) {
      const image = store.image(id);
      if (image) edit({ imageId: id, field: 'decision', from: image.decision, to: decision });
    },
    setOverride(id, head, grade) {
      const image = store.image(id);
      if (image) edit({ imageId: id, field: `grade.${head}`, from: image.overrides[head] ?? null, to: grade });
    },
    setNotes(id, notes) {
      const image = store.image(id);
      if (!image) return;
      const { batchId } = store.session();
      const author = who();
      run(store.saveImageFields(id, { notes }));
      const pending = noteAudits.get(id);
      if (pending) clearTimeout(pending.timer);
      const from = pending?.from ?? image.notes;
      const write = () => {
        noteAudits.delete(id);
        run(store.saveAudit({ batchId, imageId: id, who: author, action: 'notes', field: 'notes', from, to: notes, modelId: image.prediction?.modelId ?? null }));
      };
      noteAudits.set(id, { from, write, timer: setTimeout(write, NOTE_AUDIT_PAUSE_MS) });
    },
    setPlace(id, field, value) {
      if (store.image(id)) run(store.saveImageFields(id, { [field]: value }));
    },
    retry(id) {
      run(host.retry(id));
    },
    editCrop: (id) => host.editCrop(id),
    view: (id) => host.view([id]),
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
}
