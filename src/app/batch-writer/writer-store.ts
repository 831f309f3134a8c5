import { create } from 'zustand';
import { INITIAL_WRITER_STATE, nextWriterState, type WriterEvent, type WriterState } from './writer-state';

/** This tab's role for the shown batch (see writer-state.ts); read synchronously by the edit guards. */
export const useWriterStore = create<WriterState & { dispatch(event: WriterEvent): void }>((set) => ({
  ...INITIAL_WRITER_STATE,
  dispatch: (event) => set((state) => nextWriterState(state, event)),
}));
