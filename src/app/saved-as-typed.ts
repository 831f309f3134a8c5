// Everything typed (and every decision or grade chosen) is saved at once and
// survives a reload at any moment: each edit goes to a synchronous localStorage journal, then to
// IndexedDB (the source of truth); the journal entry is dropped once that
// write commits. At start-up, entries whose write never committed (the page
// went away first) are replayed before anything reads the database.
import { createJournal, type AuditRecord, type ImagePatch, type KeyValueStorage, type NewBatch, type Repository } from '../lib/storage';

export const EMPTY_BATCH_FIELDS: NewBatch = { patientId: '', cycleId: '', day: 'D5', embryologist: '', clinic: '' };
export const DRAFT_KEY = 'batchDraft';

type AuditEntry = Omit<AuditRecord, 'id'>;
/** What the embryologist enters on an image (the pipeline's own fields are not journaled). */
export type ImageEntry = Pick<ImagePatch, 'notes' | 'decision' | 'overrides' | 'dish' | 'well'>;

export type TypedEdit =
  | { kind: 'batch'; batchId: string; patch: Partial<NewBatch> }
  | { kind: 'draft'; fields: NewBatch }
  | { kind: 'image'; imageId: string; patch: ImageEntry }
  | { kind: 'audit'; entry: AuditEntry };

export function createTypingSaver(repo: Repository, storage: KeyValueStorage | null) {
  const journal = createJournal<TypedEdit>(storage, 'blastograde:unsaved-edits');

  async function apply(edit: TypedEdit): Promise<void> {
    switch (edit.kind) {
      case 'batch':
        return repo.updateBatch(edit.batchId, edit.patch);
      case 'draft':
        return repo.setSetting(DRAFT_KEY, edit.fields);
      case 'image':
        return repo.updateImage(edit.imageId, edit.patch);
      case 'audit':
        if (!(await repo.getBatch(edit.entry.batchId)) || (await repo.hasAudit(edit.entry))) return;
        return repo.appendAudit(edit.entry);
    }
  }

  function save(key: string, edit: TypedEdit): Promise<void> {
    journal.put(key, edit);
    return apply(edit).then(() => journal.settle(key, edit));
  }

  return {
    /** A batch field of an open batch; edits not yet committed merge into one entry per batch. */
    saveBatchFields(batchId: string, patch: Partial<NewBatch>) {
      const key = `batch:${batchId}`;
      const pending = journal.get(key);
      const merged = pending?.kind === 'batch' ? { ...pending.patch, ...patch } : patch;
      return save(key, { kind: 'batch', batchId, patch: merged });
    },
    /** The fields typed before a batch exists. */
    saveDraft: (fields: NewBatch) => save('draft', { kind: 'draft', fields }),
    loadDraft: async (): Promise<NewBatch> => ({ ...EMPTY_BATCH_FIELDS, ...(await repo.getSetting<Partial<NewBatch> | null>(DRAFT_KEY, null)) }),
    /** Notes, dish, well, a decision or grade overrides of one image; uncommitted edits merge into one entry per image. */
    saveImageFields(imageId: string, patch: ImageEntry) {
      const key = `image:${imageId}`;
      const pending = journal.get(key);
      const merged = pending?.kind === 'image' ? { ...pending.patch, ...patch } : patch;
      return save(key, { kind: 'image', imageId, patch: merged });
    },
    saveAudit: (entry: Omit<AuditEntry, 'at'>) => {
      const withTime = { ...entry, at: new Date().toISOString() };
      return save(`audit:${withTime.at}:${entry.imageId}:${entry.field}`, { kind: 'audit', entry: withTime });
    },
    /** Writes what a previous page typed but could not commit. Run before anything reads the database. */
    async replay(): Promise<number> {
      const entries = journal.entries();
      for (const [key, edit] of entries) {
        await apply(edit);
        journal.settle(key, edit);
      }
      return entries.length;
    },
  };
}

export type TypingSaver = ReturnType<typeof createTypingSaver>;

/**
 * Calls `flush` when the page is hidden or about to go (reload, close, tab
 * switch): the moments when a pending debounced write would otherwise be lost.
 */
export function onPageHidden(flush: () => void): () => void {
  const onVisibility = () => { if (document.visibilityState === 'hidden') flush(); };
  window.addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', onVisibility);
  return () => {
    window.removeEventListener('pagehide', flush);
    document.removeEventListener('visibilitychange', onVisibility);
  };
}
