import { useEffect, useState } from 'react';
import { liveQuery } from 'dexie';
import type { AuditRecord } from '../../lib/storage';
import { reportError, useServices } from '../services';

/** Who changed what, when, from what to what, and which model made the AI grade. */
export function AuditTrail({ batchId, fileNames }: { batchId: string; fileNames: Map<string, string> }) {
  const { repo } = useServices();
  const [open, setOpen] = useState(false);
  const [entries, setEntries] = useState<AuditRecord[]>([]);
  useEffect(() => {
    if (!open) return;
    const subscription = liveQuery(() => repo.auditOf(batchId)).subscribe({ next: setEntries, error: reportError });
    return () => subscription.unsubscribe();
  }, [open, batchId, repo]);
  return (
    <details className="audit-trail" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Audit trail</summary>
      {open && (
        <table data-testid="audit-trail">
          <thead><tr><th>When</th><th>Who</th><th>Embryo</th><th>What</th><th>From</th><th>To</th><th>Model</th></tr></thead>
          <tbody>
            {[...entries].reverse().map((e) => (
              <tr key={e.id}>
                <td>{new Date(e.at).toLocaleString()}</td>
                <td>{e.who}</td>
                <td>{e.imageId ? fileNames.get(e.imageId) ?? '(removed)' : ''}</td>
                <td>{e.action === e.field ? e.field : `${e.action}: ${e.field}`}</td>
                <td>{e.from ?? ''}</td>
                <td>{e.to ?? ''}</td>
                <td>{e.modelId ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && entries.length === 0 && <p>No changes recorded yet.</p>}
    </details>
  );
}
