import { useWriterStore } from './writer-store';
import { writerBanner } from './writer-state';

/** The banner's sentence, which the locked batch fields name as their description. */
export const WRITER_BANNER_TEXT_ID = 'writer-banner-text';

/**
 * "This batch is open for editing in another tab. [Take over here]", in a read-only tab only.
 * The live region is always in the page and only its content comes and goes: a screen reader
 * announces a status that appears in a region it already knows (one inserted with its text is
 * often missed), so a tab that is taken over says so aloud.
 */
export function WriterBanner({ onTakeOver }: { onTakeOver(): void }) {
  const role = useWriterStore((s) => s.role);
  const reason = useWriterStore((s) => s.reason);
  const batchId = useWriterStore((s) => s.batchId);
  const banner = writerBanner({ role, reason, batchId });
  const readOnly = banner?.kind === 'read-only';
  return (
    <div role="status" aria-live="polite" data-testid="writer-banner-region">
      {readOnly && (
        <div className="writer-banner" data-testid="writer-banner">
          <span id={WRITER_BANNER_TEXT_ID}>{banner.text}</span>
          {banner.canTakeOver && <button type="button" data-testid="take-over" onClick={onTakeOver}>Take over here</button>}
        </div>
      )}
    </div>
  );
}
