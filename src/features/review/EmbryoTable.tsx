import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { DECISIONS, HEAD_NAMES, NOT_GRADABLE, type Decision, type HeadName } from '../../lib/types';
import { EmbryoCard } from './EmbryoCard';
import { applyGradingKey, byRank } from './grading-keys';
import { flagChip } from './flag-chip';
import { displayOrder, moveNote, type HeldOrder } from './held-order';
import { gradeMark } from '../ranking';
import { outcomeColumnTitle } from './outcome-column';
import { useReviewReadOnly } from './read-only';
import { ProbabilityBars } from './ProbabilityBars';
import { ThumbnailOverlay } from './ThumbnailOverlay';
import type { EmbryoRow, ReviewActions } from './types';

type SortKey = 'rank' | 'number' | 'file';
type Filter = 'all' | 'problems' | 'undecided';

const STATUS_TEXT = { queued: 'Queued', preprocessing: 'Cropping…', grading: 'Grading…', done: 'Done', error: 'Problem' };

function sortRows(rows: EmbryoRow[], key: SortKey): EmbryoRow[] {
  const byNumber = (a: EmbryoRow, b: EmbryoRow) => a.number - b.number;
  const compare = {
    number: byNumber,
    file: (a: EmbryoRow, b: EmbryoRow) => a.fileName.localeCompare(b.fileName) || byNumber(a, b),
    rank: byRank,
  }[key];
  return [...rows].sort(compare);
}

const keep = (row: EmbryoRow, filter: Filter) =>
  filter === 'all' || (filter === 'problems' ? row.status === 'error' || row.flags.length > 0 : row.decision === 'undecided');

/**
 * The review table. Keyboard: ↑/↓ move between embryos; T/F/D/B/U set the
 * decision; 1-6 set the expansion override; Enter opens the large view, C the crop editor,
 * R re-ranks. Once the user acts on a row the order is held (see held-order.ts).
 */
export function EmbryoTable({ rows, actions, onCompare }: { rows: EmbryoRow[]; actions: ReviewActions; onCompare(ids: string[]): void }) {
  const [selected, setSelected] = useState<string[]>([]);
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  const [sortKey, setSortKey] = useState<SortKey>('rank');
  const [filter, setFilter] = useState<Filter>('all');
  const [held, setHeld] = useState<HeldOrder>(null);
  const body = useRef<HTMLElement>(null);
  const [layout, setLayout] = useState<'table' | 'gallery'>('table');
  const live = sortRows(rows, sortKey).filter((r) => keep(r, filter));
  const { rows: visible, pending, moving } = displayOrder(held, live, rows);
  const liveIds = new Set(live.map((r) => r.id));
  const outcomeTitle = outcomeColumnTitle(rows);
  // The row the user last worked on: it keeps focus, and stays in sight when the table re-ranks.
  const focusedId = useRef<string | null>(null);
  const [reranked, setReranked] = useState(0);
  const readOnly = useReviewReadOnly();

  const visibleIds = visible.map((r) => r.id);
  const hold = () => setHeld((h) => h ?? visibleIds);
  const rowActions = useMemo<ReviewActions>(() => ({
    ...actions,
    setDecision: (id, d) => { hold(); actions.setDecision(id, d); },
    setNotes: (id, n) => { hold(); actions.setNotes(id, n); },
    setOverride: (id, h, g) => { hold(); actions.setOverride(id, h, g); },
    retry: (id) => { hold(); actions.retry(id); },
    editCrop: (id) => { hold(); actions.editCrop(id); },
  // hold reads the order on screen at the time of the action
  // eslint-disable-next-line react-hooks/exhaustive-deps
  }), [actions, visibleIds.join('\n')]);

  function rerank() {
    setHeld(null);
    setReranked((n) => n + 1);
  }
  useEffect(() => {
    if (!reranked || !focusedId.current) return;
    const row = [...(body.current?.children ?? [])].find((r) => (r as HTMLElement).dataset.id === focusedId.current) as HTMLElement | undefined;
    row?.scrollIntoView({ block: 'nearest' });
    row?.focus({ preventScroll: true });
  }, [reranked]);
  const changeView = <T,>(set: (v: T) => void) => (value: T) => { setHeld(null); set(value); };

  function onRowKey(event: KeyboardEvent<HTMLElement>, row: EmbryoRow, index: number) {
    if (event.target !== event.currentTarget) return; // typing in a field
    const focusRow = (i: number) => (body.current?.children[i] as HTMLElement | undefined)?.focus();
    const key = event.key.toLowerCase();
    // The gallery reads left to right: ←/→ step there too.
    const gallery = layout === 'gallery';
    if (key === 'arrowdown' || (gallery && key === 'arrowright')) focusRow(Math.min(index + 1, visible.length - 1));
    else if (key === 'arrowup' || (gallery && key === 'arrowleft')) focusRow(Math.max(index - 1, 0));
    else if (key === 'enter') actions.view(row.id);
    else if (readOnly) return; // another tab edits this batch: the grading keys do nothing here
    else if (key === 'c') rowActions.editCrop(row.id);
    else if (key === 'r' && pending) rerank();
    else if (!applyGradingKey(key, row, rowActions)) return;
    event.preventDefault();
  }

  return (
    <div className="embryo-table-wrap">
      <div className="table-tools">
        <span className="layout-switch" role="group" aria-label="Show the batch as">
          <button type="button" data-testid="view-table" aria-pressed={layout === 'table'} onClick={() => setLayout('table')}>Table</button>
          <button type="button" data-testid="view-gallery" aria-pressed={layout === 'gallery'} onClick={() => setLayout('gallery')}>Gallery</button>
        </span>
        <label>Sort by <select value={sortKey} onChange={(e) => changeView(setSortKey)(e.target.value as SortKey)} data-testid="sort">
          <option value="rank">rank</option><option value="number">embryo number</option><option value="file">file name</option>
        </select></label>
        <label>Show <select value={filter} onChange={(e) => changeView(setFilter)(e.target.value as Filter)} data-testid="filter">
          <option value="all">all embryos</option><option value="problems">problems and flags</option><option value="undecided">undecided</option>
        </select></label>
        <button type="button" data-testid="compare" disabled={selected.length < 2} onClick={() => onCompare(selected)}>
          Compare selected ({selected.length})
        </button>
        <button type="button" data-testid="rerank" disabled={!pending} onClick={rerank} title="Put the rows in the current ranking order (R)">
          Re-rank{pending ? ` (${moving.size} moved)` : ''}
        </button>
        {/* Always laid out (hidden when nothing is pending), so its appearing never moves the rows. */}
        <span className="rerank-pending" role="status" data-testid="rerank-pending" style={{ visibility: pending ? 'visible' : 'hidden' }}>
          {pending ? 'The ranking changed: rows stay where they are until you re-rank.' : ''}
        </span>
        <span className="hint">Keys: ↑↓ move · T F D B U decide · 1–6 expansion · Enter view · C crop · R re-rank</span>
      </div>
      {layout === 'gallery' ? (
        <div className="embryo-gallery" ref={body as RefObject<HTMLDivElement>} aria-label="Embryos in rank order">
          {visible.map((row, index) => (
            <EmbryoCard
              key={row.id}
              row={row}
              actions={rowActions}
              moves={moving.has(row.id)}
              onKeyDown={(e) => onRowKey(e, row, index)}
              onFocus={() => { focusedId.current = row.id; }}
            />
          ))}
        </div>
      ) : (
      <table className="embryo-table">
        <thead>
          <tr>
            <th><span className="sr-only">Select</span></th><th>Rank</th><th title="The ranking policy's score for this embryo">Score</th><th>#</th><th>Image</th><th>File / status</th><th>AI grade</th><th>Probabilities</th>
            {outcomeTitle && <th data-testid="outcome-column" title="Probability of a positive outcome, from the model's outcome head (learned from this lab's outcomes)">{outcomeTitle}</th>}
            <th>Final grade</th><th>Decision</th><th>Notes</th><th />
          </tr>
        </thead>
        <tbody ref={body as RefObject<HTMLTableSectionElement>}>
          {visible.map((row, index) => (
            <tr
              key={row.id}
              tabIndex={0}
              data-testid="embryo"
              data-id={row.id}
              data-moves={moving.has(row.id) ? 'true' : undefined}
              onFocus={(e) => { if (e.target === e.currentTarget) focusedId.current = row.id; }}
              data-file={row.fileName}
              data-status={row.status}
              data-rank={row.rank ?? ''}
              data-ai-grade={row.aiGrade}
              data-grade={row.finalGrade}
              data-error={row.error ?? undefined}
              data-decision={row.decision}
              className={`status-${row.status}${row.flags.length ? ' flagged' : ''}${row.decision === 'undecided' ? '' : ` decided decision-${row.decision}`}`}
              onKeyDown={(e) => onRowKey(e, row, index)}
            >
              <td><input type="checkbox" aria-label={`Select ${row.fileName} to compare`} data-testid="compare-select" checked={selected.includes(row.id)} onChange={() => toggle(row.id)} /></td>
              <td className="rank">
                {row.rank ?? '–'}{row.tie ? <span className="tie" title="tied with another embryo"> (tie)</span> : null}
                {moving.has(row.id) && (
                  // One short line, so the note never makes the row taller (that would move the rows below).
                  <div className="moves" data-testid="moves" title={moveNote(row.rank, liveIds.has(row.id))}>
                    <span aria-hidden="true">{liveIds.has(row.id) && row.rank !== null ? `→ ${row.rank}` : '→'}</span>
                    <span className="sr-only">{moveNote(row.rank, liveIds.has(row.id))}</span>
                  </div>
                )}
              </td>
              <td className="score" data-testid="score">{row.scoreLabel || '–'}</td>
              <td className="number">{row.number}<PlaceField row={row} field="dish" actions={rowActions} /><PlaceField row={row} field="well" actions={rowActions} /></td>
              <td><ThumbnailOverlay row={row} size={84} /></td>
              <td className="file">
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
              </td>
              <td className="grade" data-testid="ai-grade">{row.aiGrade || (row.status === 'done' ? 'no model' : '')}</td>
              <td>{row.heads && <ProbabilityBars heads={row.heads} />}</td>
              {outcomeTitle && (
                <td className="outcome" data-testid="outcome-probability" title={row.outcome ? `P(${row.outcome.positiveLabel})` : 'no outcome probability'}>
                  {row.outcome ? row.outcome.probability.toFixed(2) : '–'}
                </td>
              )}
              <td className="final">
                <strong data-testid="final-grade">{row.finalGrade}</strong>
                {row.heads && HEAD_NAMES.map((head) => <OverrideSelect key={head} row={row} head={head} actions={rowActions} />)}
              </td>
              <td>
                <select data-testid="decision" disabled={readOnly} value={row.decision} onChange={(e) => rowActions.setDecision(row.id, e.target.value as Decision)} aria-label={`Decision for ${row.fileName}`}>
                  {DECISIONS.map((d) => <option key={d} value={d}>{d}</option>)}
                </select>
              </td>
              <td><NotesField row={row} actions={rowActions} /></td>
              <td className="actions">
                {row.status === 'error' && <button type="button" disabled={readOnly} onClick={() => rowActions.retry(row.id)} data-testid="retry">Retry</button>}
                {row.cropUrl && <button type="button" onClick={() => actions.view(row.id)} data-testid="view">View</button>}
                {row.imageSize && <button type="button" disabled={readOnly} onClick={() => rowActions.editCrop(row.id)} data-testid="edit-crop">{row.crop ? 'Adjust crop' : 'Place crop'}</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      )}
    </div>
  );
}

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
