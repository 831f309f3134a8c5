// One row of the review table, memoised: while a batch is graded, one image's change re-renders
// its own row, not the whole table (the rows keep their identity when unchanged: stable-list.ts),
// and a row whose rank alone changed re-renders its rank and score cells only (RowCells).
import { memo, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { DECISIONS, HEAD_NAMES, NOT_GRADABLE, type Decision, type HeadName } from '../../lib/types';
import { flagChip } from './flag-chip';
import { moveNote } from './held-order';
import { sameData } from '../../lib/stable-list';
import { gradeMark } from '../ranking';
import { useReviewReadOnly } from './read-only';
import { ProbabilityBars } from './ProbabilityBars';
import { ThumbnailOverlay } from './ThumbnailOverlay';
import type { EmbryoRow, ReviewActions } from './types';

const STATUS_TEXT = { queued: 'Queued', preprocessing: 'Cropping…', grading: 'Grading…', done: 'Done', error: 'Problem' };

interface Props {
  row: EmbryoRow;
  /** Its place in the rows shown (for ↑/↓). */
  index: number;
  /** Stable across renders (the table holds the order through it). */
  actions: ReviewActions;
  checked: boolean;
  /** Its place would change on re-rank (the order is held). */
  moves: boolean;
  /** It is in the live (sorted, filtered) order: it stays in this view on re-rank. */
  inLiveOrder: boolean;
  showOutcome: boolean;
  /** Stable callbacks (the row is memoised). */
  onToggle(id: string): void;
  onRowKey(event: KeyboardEvent<HTMLElement>, row: EmbryoRow, index: number): void;
  onFocusRow(id: string): void;
}

export const EmbryoTableRow = memo(function EmbryoTableRow({ row, index, actions, checked, moves, inLiveOrder, showOutcome, onToggle, onRowKey, onFocusRow }: Props) {
  return (
    <div
      role="row"
      tabIndex={0}
      data-testid="embryo"
      data-id={row.id}
      data-moves={moves ? 'true' : undefined}
      onFocus={(e) => { if (e.target === e.currentTarget) onFocusRow(row.id); }}
      data-file={row.fileName}
      data-status={row.status}
      data-rank={row.rank ?? ''}
      data-ai-grade={row.aiGrade}
      data-grade={row.finalGrade}
      data-error={row.error ?? undefined}
      data-decision={row.decision}
      className={`row status-${row.status}${row.flags.length ? ' flagged' : ''}${row.decision === 'undecided' ? '' : ` decided decision-${row.decision}`}`}
      onKeyDown={(e) => onRowKey(e, row, index)}
    >
      <div role="cell"><input type="checkbox" aria-label={`Select ${row.fileName} to compare`} data-testid="compare-select" checked={checked} onChange={() => onToggle(row.id)} /></div>
      <div role="cell" className="rank">
        {row.rank ?? '–'}{row.tie ? <span className="tie" title="tied with another embryo"> (tie)</span> : null}
        {moves && (
          // One short line, so the note never makes the row taller (that would move the rows below).
          <div className="moves" data-testid="moves" title={moveNote(row.rank, inLiveOrder)}>
            <span aria-hidden="true">{inLiveOrder && row.rank !== null ? `→ ${row.rank}` : '→'}</span>
            <span className="sr-only">{moveNote(row.rank, inLiveOrder)}</span>
          </div>
        )}
      </div>
      <div role="cell" className="score" data-testid="score">{row.scoreLabel || '–'}</div>
      <RowCells row={row} actions={actions} showOutcome={showOutcome} />
    </div>
  );
});

/** Everything but a place in the ranking shows the same when only that changed. */
const RANK_FIELDS = new Set<string>(['rank', 'tie', 'scoreLabel']);
function sameApartFromRank(a: EmbryoRow, b: EmbryoRow): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length &&
    keys.every((k) => RANK_FIELDS.has(k) || (Object.prototype.hasOwnProperty.call(b, k) && sameData(a[k as keyof EmbryoRow], b[k as keyof EmbryoRow])));
}

/**
 * The row's cells after its rank and score, memoised apart: a newly graded image changes the
 * rank of every row ranked below it (about half the table in a streaming batch), and those rows
 * then re-render only their rank and score, not their menus, fields and bars.
 */
const RowCells = memo(function RowCells({ row, actions, showOutcome }: { row: EmbryoRow; actions: ReviewActions; showOutcome: boolean }) {
  const readOnly = useReviewReadOnly();
  return (
    <>
      <div role="cell" className="number">{row.number}<PlaceField row={row} field="dish" actions={actions} /><PlaceField row={row} field="well" actions={actions} /></div>
      <div role="cell"><ThumbnailOverlay row={row} size={84} /></div>
      <div role="cell" className="file">
        <div className="name" title={row.fileName}>{row.fileName}</div>
        <div className="status" data-testid="status">{STATUS_TEXT[row.status]}</div>
        {row.error && <div className="error" role="alert" data-testid="error-message">{row.error}</div>}
        {row.warnings.map((w) => <div key={w} className="warning">{w}</div>)}
        {row.demotion && <div className="demotion" data-testid="demotion">{row.demotion}</div>}
        {row.flags.length > 0 && (
          <div className="flags">
            {/* A short chip; the sentence is its tooltip and accessible name (focus shows it too). */}
            {row.flags.map((f) => (
              <span key={f} className="flag" data-testid="flag" tabIndex={0} title={f} aria-label={`Flag: ${f}`} data-message={f}>
                ⚑ {flagChip(f)}<span className="flag-sentence" aria-hidden="true">{f}</span>
              </span>
            ))}
          </div>
        )}
      </div>
      <div role="cell" className="grade" data-testid="ai-grade">{row.aiGrade || (row.status === 'done' ? 'no model' : '')}</div>
      <div role="cell">{row.heads && <ProbabilityBars heads={row.heads} />}</div>
      {showOutcome && (
        <div role="cell" className="outcome" data-testid="outcome-probability" title={row.outcome ? `P(${row.outcome.positiveLabel})` : 'no outcome probability'}>
          {row.outcome ? row.outcome.probability.toFixed(2) : '–'}
        </div>
      )}
      <div role="cell" className="final">
        <strong data-testid="final-grade">{row.finalGrade}</strong>
        {row.heads && HEAD_NAMES.map((head) => <OverrideSelect key={head} row={row} head={head} actions={actions} />)}
      </div>
      <div role="cell">
        <select data-testid="decision" disabled={readOnly} value={row.decision} onChange={(e) => actions.setDecision(row.id, e.target.value as Decision)} aria-label={`Decision for ${row.fileName}`}>
          {DECISIONS.map((d) => <option key={d} value={d}>{d}</option>)}
        </select>
      </div>
      <div role="cell"><NotesField row={row} actions={actions} /></div>
      <div role="cell" className="actions">
        {row.status === 'error' && <button type="button" disabled={readOnly} onClick={() => actions.retry(row.id)} data-testid="retry">Retry</button>}
        {row.cropUrl && <button type="button" onClick={() => actions.view(row.id)} data-testid="view">View</button>}
        {row.imageSize && <button type="button" disabled={readOnly} onClick={() => actions.editCrop(row.id)} data-testid="edit-crop">{row.crop ? 'Adjust crop' : 'Place crop'}</button>}
      </div>
    </>
  );
}, (a, b) => a.actions === b.actions && a.showOutcome === b.showOutcome && (a.row === b.row || sameApartFromRank(a.row, b.row)));

/** One head's grade menu: the AI's grade, each class, or not gradable. */
export function OverrideSelect({ row, head, actions }: { row: EmbryoRow; head: HeadName; actions: ReviewActions }) {
  const prediction = row.heads?.find((h) => h.name === head);
  if (!prediction) return null;
  const value = row.overrides[head] ?? '';
  return (
    <OverrideMenu row={row} head={head} actions={actions} value={value} classes={prediction.classes} />
  );
}

function OverrideMenu({ row, head, actions, value, classes }: { row: EmbryoRow; head: HeadName; actions: ReviewActions; value: string; classes: string[] }) {
  const readOnly = useReviewReadOnly();
  return (
    <label className="override">
      {head === 'expansion' ? 'Exp' : head.toUpperCase()}
      <select
        data-testid={`override-${head}`}
        disabled={readOnly}
        value={value}
        onChange={(e) => actions.setOverride(row.id, head, e.target.value || null)}
        className={value ? 'overridden' : ''}
      >
        <option value="">AI: {gradeMark(row.grades[head].ai)}</option>
        {classes.map((c) => <option key={c} value={c}>{c}</option>)}
        <option value={NOT_GRADABLE}>not gradable</option>
      </select>
    </label>
  );
}

/** The embryo's dish or well, as typed (local state, like the notes). */
function PlaceField({ row, field, actions }: { row: EmbryoRow; field: 'dish' | 'well'; actions: ReviewActions }) {
  const [text, setText] = useState(row[field]);
  const readOnly = useReviewReadOnly();
  const input = useRef<HTMLInputElement>(null);
  // Follows what is stored unless the user is typing here: read-only it shows the writing tab's
  // saves, and a tab that just took over shows what the closed tab left.
  useEffect(() => { if (readOnly || document.activeElement !== input.current) setText(row[field]); }, [readOnly, row, field]);
  return (
    <input
      className="place"
      ref={input}
      data-testid={field}
      aria-label={`${field === 'dish' ? 'Dish' : 'Well'} of ${row.fileName}`}
      placeholder={field}
      value={text}
      maxLength={16}
      disabled={readOnly}
      onChange={(e) => { setText(e.target.value); actions.setPlace(row.id, field, e.target.value); }}
    />
  );
}

/** Local state so typing is never interrupted; every change is saved at once. */
function NotesField({ row, actions }: { row: EmbryoRow; actions: ReviewActions }) {
  const [text, setText] = useState(row.notes);
  const readOnly = useReviewReadOnly();
  const field = useRef<HTMLTextAreaElement>(null);
  // Follows what is stored unless the user is typing here: read-only it shows the writing tab's
  // saves, and a tab that just took over shows what the closed tab left.
  useEffect(() => { if (readOnly || document.activeElement !== field.current) setText(row.notes); }, [readOnly, row.notes]);
  return (
    <textarea
      data-testid="notes"
      ref={field}
      aria-label={`Notes for ${row.fileName}`}
      value={text}
      rows={2}
      readOnly={readOnly}
      aria-readonly={readOnly || undefined}
      onChange={(e) => { setText(e.target.value); actions.setNotes(row.id, e.target.value); }}
    />
  );
}
