import { selectProgress, useAppStore } from '../state/app-store';
import { useShallow } from 'zustand/react/shallow';

export function BatchProgress() {
  const { finished, total } = useAppStore(useShallow(selectProgress));
  const errors = useAppStore((s) => s.images.filter((i) => i.status === 'error').length);
  return (
    <div className="progress">
      <progress
        data-testid="batch-progress"
        role="progressbar"
        aria-label="Batch progress"
        aria-valuemin={0}
        aria-valuenow={finished}
        aria-valuemax={total}
        max={Math.max(total, 1)}
        value={finished}
      />
      <span>
        {finished} of {total} processed{errors ? `, ${errors} with a problem` : ''}
      </span>
    </div>
  );
}
