import { storageExplanation, storageLine, isLowOnSpace } from './storage-status';
import { useStorageStatus } from './use-storage-status';

/** One short line in the header: kept or not, used of quota; the tooltip says what it means. */
export function StorageStatus() {
  const facts = useStorageStatus();
  const low = isLowOnSpace(facts);
  return (
    <span
      className={`storage-status${low ? ' low' : ''}${facts.persisted === false ? ' not-kept' : ''}`}
      data-testid="storage-status"
      data-persisted={facts.persisted === null ? 'unknown' : String(facts.persisted)}
      data-usage={facts.usage ?? ''}
      data-quota={facts.quota ?? ''}
      title={storageExplanation(facts)}
      tabIndex={0}
    >
      {storageLine(facts)}
    </span>
  );
}
