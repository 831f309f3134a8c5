// Step 4c: quality score (0..1) and warnings, or a rejection when what was found
// is not an embryo. Each factor is a plain ratio so the score can be explained:
// ring contrast over the background texture, share of the outline that agrees
// with the ellipse, sharpness of the strongest edges, and penalties for an
// embryo cut by the frame or competing with other embryo-like objects.
import type { Ellipse } from '../../../lib/types';
import { percentile } from './edge-mask';
import type { EllipseFit } from './fit-ellipse';
import { outsideShare } from './complete-outline';
import type { BoundaryProfile } from './refine-boundary';
import type { EmbryoSelection } from './select-embryo';
import type { FloatImage, GrayImage, Rect } from './types';

/** Ring gradient over background gradient below this: nothing ring-like was found. */
const MIN_RING_CONTRAST = 2;
/** Below this the ring is visible but faint. */
const LOW_RING_CONTRAST = 4;
/** Strongest edges (Sobel units per grey level of the embryo's range) below this look defocused. */
const MIN_SHARPNESS = 0.6;
/**
 * More of the outline than this outside the picture: too little of the object is
 * seen to call it an embryo. (Clinics' tight crops cut the embryo by up to ~60 %.)
 */
const MAX_OUTSIDE = 0.7;
/** Beyond this share outside, most of the embryo is not in the picture: say so. */
const MOSTLY_OUTSIDE = 0.4;
/** An outline flatter than this (minor / major axis) is not an embryo's. */
const MIN_ASPECT = 0.5;
/** An outline whose major axis exceeds the picture's longer side this many times is not one embryo's. */
const MAX_SIZE = 2;
/** A chosen region this far from elliptical is not an embryo. */
const MIN_ELLIPTICITY = 0.7;

/** Another round, complete object of comparable size lies beside the chosen one. */
export const SECOND_EMBRYO_WARNING =
  'a second complete embryo was found in this image (several embryo-like objects); the most central, complete one was cropped and graded: check the crop';

export interface QualityInput {
  gray: GrayImage;
  content: Rect;
  magnitude: FloatImage;
  selection: EmbryoSelection;
  profile: BoundaryProfile;
  fit?: EllipseFit;
  ellipse: Ellipse;
}

export interface Quality {
  score: number;
  warnings: string[];
  /** Set when the object is not an embryo: the reason. */
  rejected?: string;
  measures: { ringContrast: number; sharpness: number; inlierFraction: number; outsideFraction: number };
}

export function assessQuality(input: QualityInput): Quality {
  const { selection, profile, fit, ellipse } = input;
  const ringContrast = profile.edgeStrength / Math.max(1, profile.background);
  const inlierFraction = fit ? fit.inlierFraction * (fit.inliers.length / 180) : 0;
  const outsideFraction = outsideShare(ellipse, input.content);
  const sharpness = edgeSharpness(input.gray, input.magnitude, ellipse);
  const measures = { ringContrast, sharpness, inlierFraction, outsideFraction };
  const warnings: string[] = [];
  const chosen = selection.chosen!;

  const rejected = rejection(chosen.ellipticity, ringContrast, ellipse, input.content, outsideFraction);
  if (rejected) return { score: 0, warnings, rejected, measures };

  if (selection.otherEmbryoLike.length > 0) warnings.push(SECOND_EMBRYO_WARNING);
  if (outsideFraction > MOSTLY_OUTSIDE) warnings.push(`embryo cut by the image frame: about ${Math.round(outsideFraction * 100)}% of its outline is outside the picture; the crop is padded there and the grade rests on the part that is visible`);
  else if (outsideFraction > 0.01) warnings.push(`embryo touches the image frame: about ${Math.round(outsideFraction * 100)}% of its outline is outside the picture`);
  if (ringContrast < LOW_RING_CONTRAST) warnings.push('low contrast: the embryo outline is faint');
  if (sharpness < MIN_SHARPNESS) warnings.push('out of focus: the embryo edges are blurred');

  const score =
    Math.min(1, Math.sqrt(ringContrast / 8)) *
    (fit ? Math.min(1, 0.25 + inlierFraction) : 0.5) *
    Math.min(1, sharpness / MIN_SHARPNESS) ** 0.5 *
    (1 - Math.min(0.5, outsideFraction)) *
    (selection.otherEmbryoLike.length > 0 ? 0.8 : 1);
  return { score: Math.round(Math.max(0, Math.min(1, score)) * 1000) / 1000, warnings, measures };
}

/**
 * Why what was found is not an embryo, or undefined. Each reason names the check that
 * failed, the value measured and the limit, so a lab can see how far an image missed.
 */
function rejection(ellipticity: number, ringContrast: number, ellipse: Ellipse, content: Rect, outsideFraction: number): string | undefined {
  if (ellipticity < MIN_ELLIPTICITY) return `the largest object is not round: its outline fills ${percent(ellipticity)} of the ellipse fitted to it; needs at least ${percent(MIN_ELLIPTICITY)}`;
  if (ringContrast < MIN_RING_CONTRAST) return `no ring-shaped outline stands out from the background: its edges are ${ringContrast.toFixed(1)} times as strong as the background texture; needs at least ${MIN_RING_CONTRAST}`;
  const aspect = Math.min(ellipse.rx, ellipse.ry) / Math.max(ellipse.rx, ellipse.ry);
  if (aspect < MIN_ASPECT) return `the largest object is not round: its outline is ${percent(aspect)} as wide as it is long; needs at least ${percent(MIN_ASPECT)}`;
  const longerSide = Math.max(content.x1 - content.x0, content.y1 - content.y0);
  const size = (2 * Math.max(ellipse.rx, ellipse.ry)) / longerSide;
  if (size > MAX_SIZE) return `the only round outline is much larger than the picture: ${size.toFixed(1)} times its longer side; at most ${MAX_SIZE}`;
  if (outsideFraction > MAX_OUTSIDE) return `the only round object is mostly outside the image: ${percent(outsideFraction)} of its outline is outside the picture; at most ${percent(MAX_OUTSIDE)}`;
  return undefined;
}

const percent = (x: number) => `${Math.round(x * 100)} %`;

/**
 * 99th-percentile gradient inside the ellipse over the grey range (p99 - p1) there.
 * A focused step edge scores ~3 (Sobel gain 8 x Gaussian peak 0.4 / sigma 1);
 * defocus by sigma s divides it by ~sqrt(1 + s^2).
 */
function edgeSharpness(gray: GrayImage, magnitude: FloatImage, ellipse: Ellipse): number {
  const phi = (ellipse.angleDeg * Math.PI) / 180;
  const cos = Math.cos(phi);
  const sin = Math.sin(phi);
  const gradients: number[] = [];
  const greys = new Uint32Array(256);
  const r = Math.max(ellipse.rx, ellipse.ry);
  const x0 = Math.max(0, Math.floor(ellipse.cx - r));
  const x1 = Math.min(gray.width - 1, Math.ceil(ellipse.cx + r));
  const y0 = Math.max(0, Math.floor(ellipse.cy - r));
  const y1 = Math.min(gray.height - 1, Math.ceil(ellipse.cy + r));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const dx = x - ellipse.cx;
      const dy = y - ellipse.cy;
      const u = (dx * cos + dy * sin) / ellipse.rx;
      const v = (-dx * sin + dy * cos) / ellipse.ry;
      if (u * u + v * v > 1) continue;
      gradients.push(magnitude.data[y * gray.width + x]);
      greys[gray.data[y * gray.width + x]]++;
    }
  }
  if (gradients.length < 16) return 0;
  const range = histogramQuantile(greys, gradients.length, 0.99) - histogramQuantile(greys, gradients.length, 0.01);
  return percentile(Float32Array.from(gradients), 0.99) / Math.max(8, range);
}

function histogramQuantile(histogram: Uint32Array, n: number, q: number): number {
  let seen = 0;
  for (let v = 0; v < histogram.length; v++) {
    seen += histogram[v];
    if (seen > q * (n - 1)) return v;
  }
  return histogram.length - 1;
}
