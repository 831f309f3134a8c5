// Model loading progress, the running model and backend (with the reason on hover).
import { useModelStore } from '../model-controller';

const MB = 1024 * 1024;

export function ModelStatusBar() {
  const status = useModelStore((s) => s.status);
  const progress = useModelStore((s) => s.progress);
  const error = useModelStore((s) => s.error);
  const grader = useModelStore((s) => s.grader);
  return (
    <div className="model-status" data-testid="model-status" data-state={status}>
      {status === 'loading' && (
        <>
          <progress
            data-testid="model-progress"
            role="progressbar"
            aria-label="Model download and check"
            aria-valuemin={0}
            aria-valuemax={progress?.totalBytes ?? 0}
            aria-valuenow={progress?.loadedBytes ?? 0}
            max={Math.max(progress?.totalBytes ?? 1, 1)}
            value={progress?.loadedBytes ?? 0}
          />
          <span>
            Loading model{progress ? ` ${(progress.loadedBytes / MB).toFixed(1)} / ${(progress.totalBytes / MB).toFixed(1)} MB` : '…'}
          </span>
        </>
      )}
      {status === 'ready' && grader && (
        <span>
          Model <strong data-testid="model-id">{grader.card.id}</strong> {grader.card.version} on{' '}
          <strong data-testid="model-backend" title={grader.backend.reason}>
            {grader.backend.name}
          </strong>
        </span>
      )}
      {status === 'error' && (
        <span role="alert" className="model-error" data-testid="model-error">
          No model: {error}. Images are still cropped, but get no AI grade.
        </span>
      )}
    </div>
  );
}
