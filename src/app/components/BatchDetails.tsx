import { useEffect, useRef, useState } from 'react';
import type { BatchRecord, NewBatch } from '../../lib/storage';
import type { EmbryoDay } from '../../lib/types';
import { IDENTITY_FIELDS, identityWords, missingIdentity } from '../batch-identity';
import { WRITER_BANNER_TEXT_ID } from '../batch-writer';

/** Dropped files held until the batch has patient, cycle and initials. */
export interface IdentityWait {
  count: number;
  onGrade(): void;
  onCancel(): void;
}

interface Props {
  batch: BatchRecord | null;
  /** What was typed before a batch exists (shown when no batch is open). */
  draft: NewBatch;
  onDraftChange(fields: NewBatch): void;
  onCreate(): void;
  onChange(fields: Partial<NewBatch>): void;
  /** Files waiting for the identity: the form asks for it, and grades them once it is complete. */
  waiting?: IdentityWait | null;
  /** Another tab holds the batch for editing: the fields show what it saved and cannot be changed here. */
  readOnly?: boolean;
}

/**
 * Patient, cycle, day and initials, saved as they are typed: into the open
 * batch, or into the draft that "Start batch" (or the first drop) turns into one.
 */
export function BatchDetails({ batch, draft, onDraftChange, onCreate, onChange, waiting = null, readOnly = false }: Props) {
  // An open batch's fields are local state, so typing is never interrupted by the store catching up.
  const [batchFields, setBatchFields] = useState<NewBatch>(batch ?? draft);
  const form = useRef<HTMLFormElement>(null);
  const batchId = batch?.id;
  // Re-seed the form when another batch is opened.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => { if (batch) setBatchFields({ ...batch }); }, [batchId]);
  // The form follows what is stored unless the user is typing in it: read-only it shows the writing
  // tab's saves, and a tab that just took over shows what the closed tab left.
  useEffect(() => {
    if (batch && (readOnly || !form.current?.contains(document.activeElement))) setBatchFields({ ...batch });
  }, [batch, readOnly]);
  const fields = batch ? batchFields : draft;

  function edit<K extends keyof NewBatch>(key: K, value: NewBatch[K]) {
    if (batch) {
      if (readOnly) return;
      setBatchFields((f) => ({ ...f, [key]: value }));
      onChange({ [key]: value });
    } else {
      onDraftChange({ ...draft, [key]: value });
    }
  }

  // Locked fields name the reason (the writer banner's sentence) as their description.
  const lockedBy = readOnly ? `${WRITER_BANNER_TEXT_ID} batch-details-locked` : undefined;
  const missingFields = missingIdentity(fields);
  const missing = missingFields.length > 0;
  // Files arriving without an identity: the first blank field gets the focus, so the question is right there.
  const asking = waiting !== null;
  useEffect(() => {
    const first = IDENTITY_FIELDS.find(({ key }) => missingFields.includes(key));
    if (asking && first) form.current?.querySelector<HTMLInputElement>(`[data-testid="${first.testId}"]`)?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [asking]);
  const invalid = (key: (typeof missingFields)[number]) => (asking && missingFields.includes(key) ? true : undefined);

  return (
    <form
      ref={form}
      className={`batch-details${asking ? ' asking' : ''}`}
      aria-label="Batch details"
      onSubmit={(e) => {
        e.preventDefault();
        if (waiting) { if (!missing) waiting.onGrade(); } else if (!batch) onCreate();
      }}
    >
      {waiting && (
        <div className="identity-prompt" role="alert" data-testid="identity-prompt">
          <p>
            <strong>{waiting.count} file{waiting.count === 1 ? '' : 's'} waiting, not graded.</strong>{' '}
            {missing ? `Enter the ${identityWords(missingFields)} of this batch to grade them.` : 'The batch is identified: grade them now.'}
          </p>
          <button type="button" data-testid="identity-grade" disabled={missing} onClick={waiting.onGrade}>Grade them</button>
          <button type="button" data-testid="identity-cancel" onClick={waiting.onCancel}>Cancel</button>
        </div>
      )}
      <label>Patient ID <input data-testid="patient-id" disabled={readOnly} aria-describedby={lockedBy} value={fields.patientId} aria-invalid={invalid('patientId')} onChange={(e) => edit('patientId', e.target.value)} required /></label>
      <label>Cycle ID <input data-testid="cycle-id" disabled={readOnly} aria-describedby={lockedBy} value={fields.cycleId} aria-invalid={invalid('cycleId')} onChange={(e) => edit('cycleId', e.target.value)} required /></label>
      <label>
        Day
        <select data-testid="day" disabled={readOnly} aria-describedby={lockedBy} value={fields.day} onChange={(e) => edit('day', e.target.value as EmbryoDay)}>
          <option>D5</option><option>D6</option><option>D7</option>
        </select>
      </label>
      <label>Embryologist (initials) <input data-testid="embryologist" disabled={readOnly} aria-describedby={lockedBy} value={fields.embryologist} aria-invalid={invalid('embryologist')} maxLength={8} onChange={(e) => edit('embryologist', e.target.value.toUpperCase())} required /></label>
      <label>Clinic <input data-testid="clinic" disabled={readOnly} aria-describedby={lockedBy} value={fields.clinic} onChange={(e) => edit('clinic', e.target.value)} /></label>
      {!batch && <button type="submit" data-testid="start-batch">Start batch</button>}
      {readOnly && (
        <p className="read-only-reason" id="batch-details-locked" data-testid="batch-details-locked">
          Read-only here: another tab holds this batch for editing. Take it over to change these fields.
        </p>
      )}
      {batch && missing && !waiting && <p className="warning" role="status">The {identityWords(missingFields)} {missingFields.length === 1 ? 'is' : 'are'} needed before more images are graded and before any export.</p>}
    </form>
  );
}
