import { useEffect, useState } from 'react';
import type { BatchRecord, NewBatch } from '../../lib/storage';
import type { EmbryoDay } from '../../lib/types';

interface Props {
  batch: BatchRecord | null;
  /** What was typed before a batch exists (shown when no batch is open). */
  draft: NewBatch;
  onDraftChange(fields: NewBatch): void;
  onCreate(): void;
  onChange(fields: Partial<NewBatch>): void;
}

/**
 * Patient, cycle, day and initials, saved as they are typed: into the open
 * batch, or into the draft that "Start batch" (or the first drop) turns into one.
 */
export function BatchDetails({ batch, draft, onDraftChange, onCreate, onChange }: Props) {
  // An open batch's fields are local state, so typing is never interrupted by the store catching up.
  const [batchFields, setBatchFields] = useState<NewBatch>(batch ?? draft);
  const batchId = batch?.id;
  // Re-seed the form when another batch is opened.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => { if (batch) setBatchFields({ ...batch }); }, [batchId]);
  const fields = batch ? batchFields : draft;

  function edit<K extends keyof NewBatch>(key: K, value: NewBatch[K]) {
    if (batch) {
      setBatchFields((f) => ({ ...f, [key]: value }));
      onChange({ [key]: value });
    } else {
      onDraftChange({ ...draft, [key]: value });
    }
  }

  const missing = !fields.patientId.trim() || !fields.cycleId.trim() || !fields.embryologist.trim();
  return (
    <form
      className="batch-details"
      aria-label="Batch details"
      onSubmit={(e) => { e.preventDefault(); if (!batch) onCreate(); }}
    >
      <label>Patient ID <input data-testid="patient-id" value={fields.patientId} onChange={(e) => edit('patientId', e.target.value)} required /></label>
      <label>Cycle ID <input data-testid="cycle-id" value={fields.cycleId} onChange={(e) => edit('cycleId', e.target.value)} required /></label>
      <label>
        Day
        <select data-testid="day" value={fields.day} onChange={(e) => edit('day', e.target.value as EmbryoDay)}>
          <option>D5</option><option>D6</option><option>D7</option>
        </select>
      </label>
      <label>Embryologist (initials) <input data-testid="embryologist" value={fields.embryologist} maxLength={8} onChange={(e) => edit('embryologist', e.target.value.toUpperCase())} required /></label>
      <label>Clinic <input data-testid="clinic" value={fields.clinic} onChange={(e) => edit('clinic', e.target.value)} /></label>
      {!batch && <button type="submit" data-testid="start-batch">Start batch</button>}
      {batch && missing && <p className="warning" role="status">Patient ID, cycle ID and initials are needed on the grade sheet.</p>}
    </form>
  );
}
