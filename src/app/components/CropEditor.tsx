import { useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { ImageRecord } from '../../lib/storage';
import type { CropBox } from '../../lib/types';
import { reportError, useServices } from '../services';
import { useReviewReadOnly } from '../../features/review';
import { mayEditShownBatch } from '../batch-writer';
import { useAppStore } from '../state/app-store';

const fmt = (c: CropBox) => `x ${Math.round(c.x)}, y ${Math.round(c.y)}, side ${Math.round(c.size)}`;

/**
 * Place or move the crop square by hand (drag; arrows move, +/- resize).
 * Saving re-grades the image from the new crop and records it in the audit trail.
 */
export function CropEditor({ image, onClose }: { image: ImageRecord; onClose(): void }) {
  const { repo, runner } = useServices();
  const readOnly = useReviewReadOnly();
  const width = image.width ?? 1;
  const height = image.height ?? 1;
  const initial = image.localisation?.crop ?? { x: width / 2 - Math.min(width, height) / 3, y: height / 2 - Math.min(width, height) / 3, size: (Math.min(width, height) * 2) / 3 };
  const [crop, setCrop] = useState<CropBox>(initial);
  const svg = useRef<SVGSVGElement>(null);
  const drag = useRef<{ dx: number; dy: number } | null>(null);
  const [url] = useState(() => (image.thumbnail ? URL.createObjectURL(image.thumbnail) : null));

  const toImage = (e: PointerEvent) => {
    const box = svg.current!.getBoundingClientRect();
    const scale = Math.max(width / box.width, height / box.height);
    return { x: (e.clientX - box.left) * scale, y: (e.clientY - box.top) * scale };
  };
  const step = Math.max(1, Math.round(Math.min(width, height) / 100));

  function onKey(e: KeyboardEvent) {
    const moves: Record<string, Partial<CropBox>> = {
      ArrowLeft: { x: crop.x - step }, ArrowRight: { x: crop.x + step }, ArrowUp: { y: crop.y - step }, ArrowDown: { y: crop.y + step },
      '+': { x: crop.x - step / 2, y: crop.y - step / 2, size: crop.size + step }, '=': { x: crop.x - step / 2, y: crop.y - step / 2, size: crop.size + step },
      '-': { x: crop.x + step / 2, y: crop.y + step / 2, size: Math.max(16, crop.size - step) },
    };
    if (e.key === 'Escape') return close();
    if (e.key === 'Enter') return save();
    if (moves[e.key]) { e.preventDefault(); setCrop({ ...crop, ...moves[e.key] }); }
  }

  function close() {
    if (url) URL.revokeObjectURL(url);
    onClose();
  }

  async function save() {
    const state = useAppStore.getState();
    // Another tab took the batch over while this dialog was open: nothing is written here.
    if (!mayEditShownBatch()) return state.notify('error', 'This batch is open for editing in another tab: the crop was not saved. Take the batch over here to place it.');
    const who = state.batches.find((b) => b.id === image.batchId)?.embryologist || '(no initials)';
    const localisation = { ellipse: image.localisation?.ellipse ?? null, crop, quality: 1, warnings: [], manual: true };
    try {
      await repo.updateImage(image.id, { localisation });
      await repo.appendAudit({
        batchId: image.batchId, imageId: image.id, who, action: 'manual-crop', field: 'crop',
        from: image.localisation ? fmt(image.localisation.crop) : null, to: fmt(crop), modelId: image.prediction?.modelId ?? null,
      });
      await runner.regrade(image.id);
      close();
    } catch (error) {
      reportError(error);
    }
  }

  return (
    <div className="modal" role="dialog" aria-modal="true" aria-label={`Crop for ${image.fileName}`} onKeyDown={onKey}>
      <div className="modal-body">
        <h2>Crop for {image.fileName}</h2>
        <p>Drag the square onto the embryo so the whole zona is inside. Arrow keys move it, + and − resize, Enter saves.</p>
        <svg
          ref={svg}
          className="crop-canvas"
          viewBox={`0 0 ${width} ${height}`}
          tabIndex={0}
          onPointerMove={(e) => { if (drag.current) { const p = toImage(e); setCrop({ ...crop, x: p.x - drag.current.dx, y: p.y - drag.current.dy }); } }}
          onPointerUp={() => { drag.current = null; }}
          onWheel={(e) => { const d = e.deltaY < 0 ? step * 2 : -step * 2; setCrop({ x: crop.x - d / 2, y: crop.y - d / 2, size: Math.max(16, crop.size + d) }); }}
        >
          {url && <image href={url} width={width} height={height} />}
          <rect
            data-testid="crop-square"
            x={crop.x} y={crop.y} width={crop.size} height={crop.size}
            fill="rgba(58,160,255,0.12)" stroke="#3aa0ff" strokeWidth={Math.max(width, height) / 200}
            style={{ cursor: 'move' }}
            onPointerDown={(e) => { (e.target as Element).setPointerCapture(e.pointerId); const p = toImage(e); drag.current = { dx: p.x - crop.x, dy: p.y - crop.y }; }}
          />
        </svg>
        <p className="crop-readout">{fmt(crop)} (original pixels)</p>
        <div className="modal-actions">
          <button type="button" onClick={() => void save()} disabled={readOnly} data-testid="save-crop">Save crop and re-grade</button>
          <button type="button" onClick={close}>Cancel</button>
        </div>
      </div>
    </div>
  );
}
