import type { BatchRecord } from '../../lib/storage';

interface Props {
  batches: BatchRecord[];
  currentId: string | null;
  onOpen(id: string): void;
  onDelete(id: string): void;
  onNew(): void;
}

const label = (b: BatchRecord) => [b.patientId || 'no patient ID', b.cycleId, b.day].filter(Boolean).join(' · ');

export function BatchList({ batches, currentId, onOpen, onDelete, onNew }: Props) {
  return (
    <nav className="batch-list" aria-label="Batches">
      <h2>Batches</h2>
      <button type="button" onClick={onNew} data-testid="new-batch">New batch</button>
      <ul>
        {batches.map((b) => (
          <li key={b.id} className={b.id === currentId ? 'current' : ''} data-testid="batch-item">
            <button type="button" className="link" onClick={() => onOpen(b.id)} aria-current={b.id === currentId}>
              {label(b)}
              <small>{new Date(b.createdAt).toLocaleString()}</small>
            </button>
            <button
              type="button"
              className="danger small"
              aria-label={`Delete batch ${label(b)}`}
              onClick={() => { if (confirm(`Delete batch ${label(b)} and all its images, grades and notes? This cannot be undone.`)) onDelete(b.id); }}
            >
              Delete
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
