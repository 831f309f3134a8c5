import { useEffect, useState, type KeyboardEvent } from 'react';
import { gradCamForCrop, type GradCamResult } from '../../features/inference';
import { useModelStore } from '../../features/models';
import { applyGradingKey, flagChip, useReviewReadOnly, HeatmapOverlay, OverrideSelect, ProbabilityBars, ThumbnailOverlay, type EmbryoRow, type ReviewActions } from '../../features/review';
import type { ImageRecord } from '../../lib/storage';
import { DECISIONS, HEAD_NAMES, type Decision, type HeadName } from '../../lib/types';

/** One embryo in the viewer: its review row (rank, grades, decision) and its stored crop (for Grad-CAM). */
export interface ViewerEntry {
  row: EmbryoRow;
  image: ImageRecord;
}

const CROP_SIZE = 256;

function useHeatmap(image: ImageRecord, head: HeadName | null) {
  const grader = useModelStore((s) => s.grader);
  const [heatmap, setHeatmap] = useState<{ head: HeadName; result: GradCamResult } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!head || !grader || !image.crop) return;
    let live = true;
    setError(null);
    gradCamForCrop(grader, image.crop, head)
      .then((result) => live && setHeatmap({ head, result }))
      .catch((e: Error) => live && setError(e.message));
    return () => { live = false; };
  }, [head, grader, image.crop]);
  return { heatmap: heatmap?.head === head ? heatmap.result : null, error };
}

interface PanelProps {
  entry: ViewerEntry;
  head: HeadName | null;
  opacity: number;
  /** Side of the crop in px; absent in compare, where the crop fills its column. */
  size?: number;
  actions: ReviewActions;
}

/** Everything needed to decide on one embryo: rank, grades, score, flags, decision and grade menus, crop and full frame. */
function EmbryoPanel({ entry: { row, image }, head, opacity, size, actions }: PanelProps) {
  const { heatmap, error } = useHeatmap(image, head);
  const readOnly = useReviewReadOnly();
  const alt = `Crop of ${row.fileName}`;
  return (
    <section className="viewer-panel" data-testid="viewer-panel" data-file={row.fileName} aria-label={`Embryo ${row.number}, ${row.fileName}`}>
      <h3 data-testid="viewer-title">
        Rank {row.rank ?? '–'}{row.tie ? ' (tie)' : ''} · #{row.number} <span className="viewer-file">{row.fileName}</span>
      </h3>
      <div className="viewer-facts">
        <span>Final <strong data-testid="viewer-final-grade">{row.finalGrade || '–'}</strong></span>
        <span>AI {row.aiGrade || '–'}</span>
        {row.scoreLabel && <span>Score <span data-testid="viewer-score">{row.scoreLabel}</span></span>}
        <label>
          Decision{' '}
          <select data-testid="viewer-decision" disabled={readOnly} value={row.decision} onChange={(e) => actions.setDecision(row.id, e.target.value as Decision)} aria-label={`Decision for ${row.fileName}`}>
            {DECISIONS.map((d) => <option key={d} value={d}>{d}</option>)}
          </select>
        </label>
      </div>
      {row.heads && <div className="viewer-overrides">{HEAD_NAMES.map((h) => <OverrideSelect key={h} row={row} head={h} actions={actions} />)}</div>}
      {row.flags.length > 0 && (
        <ul className="viewer-flags">
          {row.flags.map((f) => <li key={f} title={f}>⚑ <strong>{flagChip(f)}</strong>: {f}</li>)}
        </ul>
      )}
      <div className="viewer-pictures">
        {row.cropUrl ? (
          head ? (
            <HeatmapOverlay cropUrl={row.cropUrl} heatmap={heatmap} alt={alt} size={size} opacity={opacity} />
          ) : (
            <figure className="heatmap" style={{ width: size ?? '100%' }}>
              <div className="picture-box"><img src={row.cropUrl} alt={alt} /></div>
              <figcaption>Crop the model graded</figcaption>
            </figure>
          )
        ) : (
          <p>No crop yet for {row.fileName}</p>
        )}
        {size !== undefined && row.thumbnailUrl && (
          <figure className="full-frame" data-testid="viewer-full-frame">
            <ThumbnailOverlay row={row} size={size} />
            <figcaption>Full frame: fitted outline and crop</figcaption>
          </figure>
        )}
      </div>
      {error && <p className="error">Heatmap unavailable: {error}</p>}
      {row.heads && <ProbabilityBars heads={row.heads} />}
    </section>
  );
}

interface Props {
  entries: ViewerEntry[];
  /** Ids in rank order, for ← and → in the single view. */
  order: string[];
  actions: ReviewActions;
  /** Show other embryos (← / →). */
  onShow(ids: string[]): void;
  onClose(): void;
}

/**
 * Large view of one embryo (← → step through the batch in rank order; T/F/D/B/U decide, 1-6 set
 * the expansion), or 2-4 side by side fitted to the width, with Grad-CAM heatmaps.
 */
export function EmbryoViewer({ entries, order, actions, onShow, onClose }: Props) {
  const [head, setHead] = useState<HeadName | null>(null);
  const [zoom, setZoom] = useState(1.25);
  const [opacity, setOpacity] = useState(0.6);
  const single = entries.length === 1 ? entries[0] : null;
  const place = single ? order.indexOf(single.row.id) : -1;
  const step = (by: number) => {
    const next = order[place + by];
    if (single && next) onShow([next]);
  };

  function onKey(e: KeyboardEvent) {
    if (e.key === 'Escape') return onClose();
    const t = e.target;
    if (t instanceof HTMLSelectElement || t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement) return;
    const key = e.key.toLowerCase();
    if (key === 'arrowleft') step(-1);
    else if (key === 'arrowright') step(1);
    else if (!single || !applyGradingKey(key, single.row, actions)) return;
    e.preventDefault();
  }

  return (
    <div className="modal" role="dialog" aria-modal="true" aria-label="Embryo view" onKeyDown={onKey}>
      <div className={`modal-body viewer${single ? '' : ' compare'}`}>
        <div className="viewer-tools">
          {single && (
            <>
              <button type="button" data-testid="viewer-previous" disabled={place <= 0} onClick={() => step(-1)}>← Previous</button>
              <button type="button" data-testid="viewer-next" disabled={place < 0 || place >= order.length - 1} onClick={() => step(1)}>Next →</button>
            </>
          )}
          <label>Heatmap{' '}
            <select data-testid="heatmap-head" value={head ?? ''} onChange={(e) => setHead((e.target.value || null) as HeadName | null)}>
              <option value="">off</option>
              {HEAD_NAMES.map((h) => <option key={h} value={h}>{h}</option>)}
            </select>
          </label>
          <label>Opacity{' '}
            <input type="range" data-testid="heatmap-opacity" min={0.1} max={1} step={0.1} value={opacity} disabled={!head} onChange={(e) => setOpacity(Number(e.target.value))} />
          </label>
          {single && <label>Zoom <input type="range" data-testid="viewer-zoom" min={1} max={2} step={0.25} value={zoom} onChange={(e) => setZoom(Number(e.target.value))} /></label>}
          <span className="hint">← → step · T F D B U decide · 1–6 expansion · Esc close</span>
          <button type="button" onClick={onClose} autoFocus>Close</button>
        </div>
        <div className="viewer-grid" style={{ ['--columns' as string]: Math.min(entries.length, 4) }}>
          {entries.map((entry) => (
            <EmbryoPanel key={entry.row.id} entry={entry} head={head} opacity={opacity} size={single ? Math.round(CROP_SIZE * zoom) : undefined} actions={actions} />
          ))}
        </div>
      </div>
    </div>
  );
}
