// One batch, one writer across tabs and windows (issue 25): Web Locks + BroadcastChannel.
export { useBatchWriter, mayEditShownBatch } from './use-batch-writer';
export { WriterBanner, WRITER_BANNER_TEXT_ID } from './WriterBanner';
export { useWriterStore } from './writer-store';
export { canEditBatch, runsPipeline, writerBanner, type WriterState } from './writer-state';
