import { useEffect, useState } from 'react';
import { gradCamForCrop, type GradCamResult } from '../../features/inference';
import { useModelStore } from '../../features/models';
import { HeatmapOverlay, ProbabilityBars } from '../../features/review';
import type { ImageRecord } from '../../lib/storage';
import { HEAD_NAMES, type HeadName } from '../../lib/types';

function useUrl(blob: Blob | null) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!blob) return;
    const u = URL.createObjectURL(blob);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [blob]);
  return url;
}

function EmbryoPanel({ image, head, zoom }: { image: ImageRecord; head: HeadName | null; zoom: number }) {
  const url = useUrl(image.crop);
  const grader = useModelStore((s) => s.grader);
  const [heatmap, setHeatmap] = useState<{ head: HeadName; result: GradCamResult } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!head || !grader || !image.crop) return;
    let live = true;
    gradCamForCrop(grader, image.crop, head)
      .then((result) => live && setHeatmap({ head, result }))
      .catch((e: Error) => live && setError(e.message));
    return () => { live = false; };
  }, [head, grader, image.crop]);
  if (!url) return <div className="viewer-panel">No crop yet for {image.fileName}</div>;
  return (
    <div className="viewer-panel" data-testid="viewer-panel">
      <h3>#{image.index + 1} {image.fileName}</h3>
      <div className="zoom" style={{ transform: `scale(${zoom})`, transformOrigin: 'top left', width: 256 * zoom, height: 256 * zoom }}>
        {head ? (
          <HeatmapOverlay cropUrl={url} heatmap={heatmap?.head === head ? heatmap.result : null} alt={`Crop of ${image.fileName}`} />
        ) : (
          <img src={url} alt={`Crop of ${image.fileName}`} width={256} height={256} />
        )}
      </div>
      {error && <p className="error">Heatmap unavailable: {error}</p>}
      {image.prediction && <ProbabilityBars heads={image.prediction.heads} />}
    </div>
  );
}

/** Large view of one embryo, or several side by side, with zoom and Grad-CAM heatmaps. */
export function EmbryoViewer({ images, onClose }: { images: ImageRecord[]; onClose(): void }) {
  const [head, setHead] = useState<HeadName | null>(null);
  const [zoom, setZoom] = useState(1.5);
  return (
    <div className="modal" role="dialog" aria-modal="true" aria-label="Embryo view" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="modal-body">
        <div className="viewer-tools">
          <label>Heatmap{' '}
            <select data-testid="heatmap-head" value={head ?? ''} onChange={(e) => setHead((e.target.value || null) as HeadName | null)}>
              <option value="">off</option>
              {HEAD_NAMES.map((h) => <option key={h} value={h}>{h}</option>)}
            </select>
          </label>
          <label>Zoom <input type="range" min={1} max={3} step={0.25} value={zoom} onChange={(e) => setZoom(Number(e.target.value))} /></label>
          <button type="button" onClick={onClose} autoFocus>Close</button>
        </div>
        <div className="viewer-grid">
          {images.map((image) => <EmbryoPanel key={image.id} image={image} head={head} zoom={zoom} />)}
        </div>
      </div>
    </div>
  );
}
