export { EmbryoTable } from './EmbryoTable';
export { ThumbnailOverlay } from './ThumbnailOverlay';
export { ProbabilityBars } from './ProbabilityBars';
export { HeatmapOverlay } from './HeatmapOverlay';
export type { EmbryoRow, ReviewActions } from './types';
export { UndoStack, type Change } from './undo-stack';
