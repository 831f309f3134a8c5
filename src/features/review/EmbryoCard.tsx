import type { KeyboardEvent } from 'react';
import { DECISIONS, type Decision } from '../../lib/types';
import { flagChip } from './flag-chip';
import { useReviewReadOnly } from './read-only';
import { ThumbnailOverlay } from './ThumbnailOverlay';
import type { EmbryoRow, ReviewActions } from './types';

interface Props {
  row: EmbryoRow;
  actions: ReviewActions;
  /** Its place would change on re-rank (the order is held). */
  moves: boolean;
  onKeyDown(event: KeyboardEvent<HTMLElement>): void;
  onFocus(): void;
}

/** One embryo in the gallery: the crop large, with rank, final grade, score, flags and the decision. */
export function EmbryoCard({ row, actions, moves, onKeyDown, onFocus }: Props) {
  const readOnly = useReviewReadOnly();
  return (
    <article
      className={`embryo-card status-${row.status}${row.flags.length ? ' flagged' : ''}${row.decision !== 'undecided' ? ` decided decision-${row.decision}` : ''}`}
      tabIndex={0}
      data-testid="embryo-card"
      data-id={row.id}
      data-file={row.fileName}
      data-status={row.status}
      data-rank={row.rank ?? ''}
      data-grade={row.finalGrade}
      data-decision={row.decision}
      data-moves={moves ? 'true' : undefined}
      aria-label={`Rank ${row.rank ?? 'none'}, embryo ${row.number}, ${row.fileName}, ${row.finalGrade || 'not graded'}`}
      onKeyDown={onKeyDown}
      onFocus={(e) => { if (e.target === e.currentTarget) onFocus(); }}
    >
      <header>
        <span className="card-rank">{row.rank ?? '–'}{moves ? <span className="moves" title="moves on re-rank"> →</span> : null}</span>
        <span className="card-number">#{row.number}</span>
        <strong className="card-grade">{row.finalGrade || '–'}</strong>
        <span className="card-score" title="The ranking policy's score">{row.scoreLabel || ''}</span>
      </header>
      <button type="button" className="card-picture" onClick={() => actions.view(row.id)} aria-label={`View ${row.fileName} large`} disabled={!row.cropUrl}>
        {row.cropUrl ? <img src={row.cropUrl} alt="" width={150} height={150} /> : <ThumbnailOverlay row={row} size={150} />}
      </button>
      <div className="card-file" title={row.fileName}>{row.fileName}</div>
      {row.error && <div className="error" role="alert">{row.error}</div>}
      {row.flags.length > 0 && (
        <div className="flags">
          {row.flags.map((f) => <span key={f} className="flag" title={f} data-message={f}>⚑ {flagChip(f)}</span>)}
        </div>
      )}
      <select data-testid="decision" disabled={readOnly} value={row.decision} onChange={(e) => actions.setDecision(row.id, e.target.value as Decision)} aria-label={`Decision for ${row.fileName}`}>
        {DECISIONS.map((d) => <option key={d} value={d}>{d}</option>)}
      </select>
    </article>
  );
}
