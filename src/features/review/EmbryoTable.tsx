import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { EmbryoCard } from './EmbryoCard';
import { EmbryoTableRow } from './EmbryoTableRow';
import { applyGradingKey, byRank } from './grading-keys';
import { displayOrder, type HeldOrder } from './held-order';
import { outcomeColumnTitle } from './outcome-column';
import { useReviewReadOnly } from './read-only';
import { arrangeChildren } from './row-order';
import type { EmbryoRow, ReviewActions } from './types';

type SortKey = 'rank' | 'number' | 'file';
type Filter = 'all' | 'problems' | 'undecided';

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
  const toggle = useCallback((id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id])), []);
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

  // The rows are memoised (EmbryoTableRow): what they call stays the same function across renders
  // and reads the latest order and handlers through refs.
  const visibleIds = useRef<string[]>([]);
  useLayoutEffect(() => { visibleIds.current = visible.map((r) => r.id); });
  const rowActions = useMemo<ReviewActions>(() => {
    // hold keeps the order on screen at the time of the action
    const hold = () => { const ids = visibleIds.current; setHeld((h) => h ?? ids); };
    return {
      ...actions,
      setDecision: (id, d) => { hold(); actions.setDecision(id, d); },
      setNotes: (id, n) => { hold(); actions.setNotes(id, n); },
      setOverride: (id, h, g) => { hold(); actions.setOverride(id, h, g); },
      retry: (id) => { hold(); actions.retry(id); },
      editCrop: (id) => { hold(); actions.editCrop(id); },
    };
  }, [actions]);
  const focusRow = useCallback((id: string) => { focusedId.current = id; }, []);

  // React renders the table's rows in arrival order, which never changes, and this puts them in
  // the order shown moving the fewest (row-order.ts: React's own keyed moves moved every row
  // between a newly graded image's old and new places). React keeps the focus through its own
  // moves; this does too.
  const shownIds = new Set(visible.map((r) => r.id));
  const inArrival = rows.filter((r) => shownIds.has(r.id));
  const placeOf = new Map(visible.map((r, i) => [r.id, i]));
  useLayoutEffect(() => {
    const rowGroup = body.current;
    if (!rowGroup || layout !== 'table') return;
    const active = document.activeElement;
    const field = active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement ? active : null;
    const selection = field && field.selectionStart !== null ? [field.selectionStart, field.selectionEnd ?? field.selectionStart, field.selectionDirection ?? 'none'] as const : null;
    const moved = arrangeChildren(rowGroup, (node) => (node as HTMLElement).dataset.id, visibleIds.current);
    if (!moved || !(active instanceof HTMLElement) || active === document.activeElement || !active.isConnected) return;
    active.focus({ preventScroll: true });
    if (field && selection) field.setSelectionRange(...selection);
  });

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
  const latestRowKey = useRef(onRowKey);
  useLayoutEffect(() => { latestRowKey.current = onRowKey; });
  const handleRowKey = useCallback((event: KeyboardEvent<HTMLElement>, row: EmbryoRow, index: number) => latestRowKey.current(event, row, index), []);
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
      // A grid of ARIA rows rather than a <table>: table rows cannot skip their rendering, and these
      // do (`content-visibility: auto` in styles.css): a row out of sight is kept in the page with
      // every hook but is not styled, laid out or painted, so a 200-image batch costs the renderer
      // about what the rows in sight cost.
      <div className={`embryo-table${outcomeTitle ? ' with-outcome' : ''}`} role="table" aria-label="Embryos">
        <div role="rowgroup">
          <div role="row" className="row head">
            <div role="columnheader"><span className="sr-only">Select</span></div><div role="columnheader">Rank</div><div role="columnheader" title="The ranking policy's score for this embryo">Score</div><div role="columnheader">#</div><div role="columnheader">Image</div><div role="columnheader">File / status</div><div role="columnheader">AI grade</div><div role="columnheader">Probabilities</div>
            {outcomeTitle && <div role="columnheader" data-testid="outcome-column" title="Probability of a positive outcome, from the model's outcome head (learned from this lab's outcomes)">{outcomeTitle}</div>}
            <div role="columnheader">Final grade</div><div role="columnheader">Decision</div><div role="columnheader">Notes</div><div role="columnheader"><span className="sr-only">Actions</span></div>
          </div>
        </div>
        <div role="rowgroup" ref={body as RefObject<HTMLDivElement>}>
          {inArrival.map((row) => (
            <EmbryoTableRow
              key={row.id}
              row={row}
              index={placeOf.get(row.id)!}
              actions={rowActions}
              checked={selected.includes(row.id)}
              moves={moving.has(row.id)}
              inLiveOrder={liveIds.has(row.id)}
              showOutcome={!!outcomeTitle}
              onToggle={toggle}
              onRowKey={handleRowKey}
              onFocusRow={focusRow}
            />
          ))}
        </div>
      </div>
      )}
    </div>
  );
}
