// Grad-CAM heatmap over the crop, with a toggle and an opacity control. The heatmap is computed
// in the inference worker from the same crop the model graded (see gradCamForCrop). The picture
// box has a fixed size whether or not the heatmap has arrived, and the caption sits below it,
// so nothing shifts or covers the bars underneath.
import { useEffect, useRef, useState } from 'react';
import type { GradCamResult } from '../inference';

/** A perceptual blue->red ramp; alpha grows with the value so low values stay see-through. */
function colour(v: number): [number, number, number, number] {
  const r = Math.round(255 * Math.min(1, Math.max(0, 1.5 * v - 0.25)));
  const g = Math.round(255 * Math.min(1, Math.max(0, 1.5 - Math.abs(2 * v - 1) * 1.5)));
  const b = Math.round(255 * Math.min(1, Math.max(0, 1.25 - 1.5 * v)));
  return [r, g, b, Math.round(255 * Math.sqrt(v))];
}

interface Props {
  cropUrl: string;
  heatmap: GradCamResult | null;
  alt: string;
  /** Side of the picture in CSS pixels; absent: the width of its column. */
  size?: number;
  /** 0-1, how strongly the heatmap covers the crop. */
  opacity: number;
}

export function HeatmapOverlay({ cropUrl, heatmap, alt, size, opacity }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [visible, setVisible] = useState(true);
  useEffect(() => {
    const c = canvas.current;
    if (!c || !heatmap) return;
    c.width = heatmap.width;
    c.height = heatmap.height;
    const ctx = c.getContext('2d');
    if (!ctx) return;
    const image = ctx.createImageData(heatmap.width, heatmap.height);
    heatmap.heatmap.forEach((v, i) => image.data.set(colour(v), i * 4));
    ctx.putImageData(image, 0, 0);
  }, [heatmap]);
  return (
    <figure className="heatmap" data-testid="heatmap" style={{ width: size ?? '100%' }}>
      <div className="picture-box">
        <img src={cropUrl} alt={alt} />
        {heatmap && (
          <canvas ref={canvas} aria-hidden="true" data-testid="heatmap-canvas" style={{ opacity, display: visible ? 'block' : 'none' }} />
        )}
      </div>
      <figcaption>
        {heatmap ? `Where the network looked for ${heatmap.head} = ${heatmap.className} (Grad-CAM)` : 'Computing heatmap…'}{' '}
        <label>
          <input type="checkbox" data-testid="heatmap-toggle" checked={visible} onChange={(e) => setVisible(e.target.checked)} /> show
        </label>
      </figcaption>
    </figure>
  );
}
