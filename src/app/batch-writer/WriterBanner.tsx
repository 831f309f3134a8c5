import { useWriterStore } from './writer-store';
import { writerBanner } from './writer-state';

/** "This batch is open for editing in another tab. [Take over here]", in a read-only tab only. */
export function WriterBanner({ onTakeOver }: { onTakeOver(): void }) {
  const role = useWriterStore((s) => s.role);
  const reason = useWriterStore((s) => s.reason);
  const batchId = useWriterStore((s) => s.batchId);
  const banner = writerBanner({ role, reason, batchId });
  if (banner?.kind !== 'read-only') return null;
  return (
    <div className="writer-banner" role="status" data-testid="writer-banner">
      <span>{banner.text}</span>
      {banner.canTakeOver && <button type="button" data-testid="take-over" onClick={onTakeOver}>Take over here</button>}
    </div>
  );
}
