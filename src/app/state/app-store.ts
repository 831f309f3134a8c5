import { create } from 'zustand';
import type { BatchRecord, ImageRecord, NewBatch } from '../../lib/storage';

/** A message for the whole app (storage full, model refused...). */
export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

interface AppState {
  batches: BatchRecord[];
  currentBatchId: string | null;
  images: ImageRecord[];
  notices: Notice[];
  /** Batch fields typed before a batch exists (saved as typed; used by "Start batch" or the first drop). */
  draft: NewBatch;
  setDraft(draft: NewBatch): void;
  setBatches(batches: BatchRecord[]): void;
  setCurrentBatch(id: string | null): void;
  setImages(images: ImageRecord[]): void;
  notify(kind: Notice['kind'], text: string): void;
  dismiss(id: number): void;
}

let noticeId = 0;

export const useAppStore = create<AppState>((set) => ({
  batches: [],
  currentBatchId: null,
  images: [],
  notices: [],
  draft: { patientId: '', cycleId: '', day: 'D5', embryologist: '', clinic: '' },
  setDraft: (draft) => set({ draft }),
  setBatches: (batches) => set({ batches }),
  setCurrentBatch: (currentBatchId) => set({ currentBatchId, images: [] }),
  setImages: (images) => set({ images }),
  notify: (kind, text) => set((s) => ({ notices: [...s.notices.filter((n) => n.text !== text), { id: ++noticeId, kind, text }] })),
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
}));

export const selectCurrentBatch = (s: AppState) => s.batches.find((b) => b.id === s.currentBatchId) ?? null;

export function selectProgress(s: AppState): { finished: number; total: number } {
  return { finished: s.images.filter((i) => i.status === 'done' || i.status === 'error').length, total: s.images.length };
}
