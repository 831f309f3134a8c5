export { EmbryoTable } from './EmbryoTable';
export { ThumbnailOverlay } from './ThumbnailOverlay';
export { ProbabilityBars } from './ProbabilityBars';
export type { EmbryoRow, ReviewActions } from './types';
export { UndoStack, type Change } from './undo-stack';
