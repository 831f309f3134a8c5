// Independent measurements used by the acceptance tests: mask IoU and locating a
// reference crop by template matching.
// They share no code with the pipeline's own detection steps on purpose.
import type { Ellipse, RgbaImage } from '../../../lib/types';
import type { CV } from '../load-opencv';

/** Rasterises a filled ellipse (1 inside) on a width x height grid. */
export function fillEllipse(ellipse: Ellipse, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const phi = (ellipse.angleDeg * Math.PI) / 180;
  const cos = Math.cos(phi);
  const sin = Math.sin(phi);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = x - ellipse.cx;
      const dy = y - ellipse.cy;
      const u = (dx * cos + dy * sin) / ellipse.rx;
      const v = (-dx * sin + dy * cos) / ellipse.ry;
      if (u * u + v * v <= 1) out[y * width + x] = 1;
    }
  }
  return out;
}

export function iou(a: Uint8Array, b: Uint8Array): number {
  let intersection = 0;
  let union = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] && b[i]) intersection++;
    if (a[i] || b[i]) union++;
  }
  return union ? intersection / union : 0;
}

/** The filled outer boundary of a binary mask (e.g. the GT_ZP ring): everything enclosed by its outermost contours. */
export function filledOuterBoundary(cv: CV, mask: RgbaImage): Uint8Array {
  const src = new cv.Mat(mask.height, mask.width, cv.CV_8UC1);
  const filled = cv.Mat.zeros(mask.height, mask.width, cv.CV_8UC1);
  const contours = new cv.MatVector();
  const hierarchy = new cv.Mat();
  try {
    for (let i = 0; i < mask.width * mask.height; i++) src.data[i] = mask.data[i * 4] > 127 ? 255 : 0;
    cv.findContours(src, contours, hierarchy, cv.RETR_EXTERNAL, cv.CHAIN_APPROX_NONE);
    cv.drawContours(filled, contours, -1, new cv.Scalar(255), cv.FILLED);
    return Uint8Array.from(filled.data, (v) => (v ? 1 : 0));
  } finally {
    src.delete();
    filled.delete();
    contours.delete();
    hierarchy.delete();
  }
}

export interface FoundCrop {
  /** The reference crop's square in input pixels (may extend past the input). */
  x: number;
  y: number;
  size: number;
  score: number;
}

/**
 * Finds where a (possibly resized, possibly reflect-padded) square crop was cut from
 * `input`: normalised cross-correlation of grey images over a range of scales, on a
 * reflect-padded input so crops reaching past the border still fit.
 */
export function findReferenceCrop(cv: CV, input: RgbaImage, reference: RgbaImage, scales = range(0.8, 1.2, 0.02)): FoundCrop {
  const down = 4;
  const mats: { delete(): void }[] = [];
  const track = <T extends { delete(): void }>(m: T) => (mats.push(m), m);
  try {
    const inputGray = track(toGray(cv, input, down));
    const pad = Math.round(Math.max(inputGray.rows, inputGray.cols) * 0.3);
    const padded = track(new cv.Mat());
    cv.copyMakeBorder(inputGray, padded, pad, pad, pad, pad, cv.BORDER_REFLECT);
    const referenceGray = track(toGray(cv, reference, 1));
    let best: FoundCrop = { x: 0, y: 0, size: 0, score: -Infinity };
    for (const scale of scales) {
      const side = Math.round((reference.width * scale) / down);
      if (side < 8 || side >= Math.min(padded.rows, padded.cols)) continue;
      const template = track(new cv.Mat());
      cv.resize(referenceGray, template, new cv.Size(side, side), 0, 0, cv.INTER_AREA);
      const result = track(new cv.Mat());
      cv.matchTemplate(padded, template, result, cv.TM_CCOEFF_NORMED);
      const { maxVal, maxLoc } = cv.minMaxLoc(result, track(new cv.Mat()));
      if (maxVal > best.score) best = { x: (maxLoc.x - pad) * down, y: (maxLoc.y - pad) * down, size: side * down, score: maxVal };
    }
    return best;
  } finally {
    mats.forEach((m) => m.delete());
  }
}

function toGray(cv: CV, image: RgbaImage, down: number) {
  const rgba = new cv.Mat(image.height, image.width, cv.CV_8UC4);
  const gray = new cv.Mat();
  try {
    rgba.data.set(image.data);
    cv.cvtColor(rgba, gray, cv.COLOR_RGBA2GRAY);
    if (down === 1) return gray.clone();
    const small = new cv.Mat();
    cv.resize(gray, small, new cv.Size(Math.round(image.width / down), Math.round(image.height / down)), 0, 0, cv.INTER_AREA);
    return small;
  } finally {
    rgba.delete();
    gray.delete();
  }
}

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to + 1e-9; v += step) out.push(Math.round(v * 1000) / 1000);
  return out;
}

/**
 * Region-based estimate of the embryo disc: local grey-level standard deviation
 * (the embryo is textured, the medium is smooth), Otsu threshold, opening, hole
 * filling, largest region's convex hull; returns its centroid and area-equivalent radius.
 */
export function textureDisc(cv: CV, image: RgbaImage): { cx: number; cy: number; r: number } | undefined {
  const gray = toGray(cv, image, 1);
  const mats: { delete(): void }[] = [gray];
  const track = <T extends { delete(): void }>(m: T) => (mats.push(m), m);
  try {
    const f = track(new cv.Mat());
    gray.convertTo(f, cv.CV_32F);
    const sq = track(new cv.Mat());
    cv.multiply(f, f, sq);
    const k = new cv.Size(9, 9);
    const mean = track(new cv.Mat());
    const meanSq = track(new cv.Mat());
    cv.blur(f, mean, k);
    cv.blur(sq, meanSq, k);
    const meanMean = track(new cv.Mat());
    cv.multiply(mean, mean, meanMean);
    const variance = track(new cv.Mat());
    cv.subtract(meanSq, meanMean, variance);
    const std = track(new cv.Mat(variance.rows, variance.cols, cv.CV_8UC1));
    for (let i = 0; i < variance.data32F.length; i++) std.data[i] = Math.min(255, Math.round(Math.sqrt(Math.max(0, variance.data32F[i])) * 8));
    const binary = track(new cv.Mat());
    cv.threshold(std, binary, 0, 255, cv.THRESH_BINARY | cv.THRESH_OTSU);
    const kernel = track(cv.getStructuringElement(cv.MORPH_ELLIPSE, new cv.Size(15, 15)));
    const opened = track(new cv.Mat());
    cv.morphologyEx(binary, opened, cv.MORPH_CLOSE, kernel);
    cv.morphologyEx(opened, opened, cv.MORPH_OPEN, kernel);
    const contours = track(new cv.MatVector());
    const hierarchy = track(new cv.Mat());
    cv.findContours(opened, contours, hierarchy, cv.RETR_EXTERNAL, cv.CHAIN_APPROX_NONE);
    let best = -1;
    let bestArea = 0;
    for (let i = 0; i < contours.size(); i++) {
      const c = contours.get(i);
      const area = cv.contourArea(c);
      c.delete();
      if (area > bestArea) {
        bestArea = area;
        best = i;
      }
    }
    if (best < 0) return undefined;
    // The convex hull bridges gaps where the texture ring is broken.
    const contour = contours.get(best);
    const hull = track(new cv.Mat());
    cv.convexHull(contour, hull, false, true);
    contour.delete();
    const moments = cv.moments(hull, false);
    return { cx: moments.m10 / moments.m00, cy: moments.m01 / moments.m00, r: Math.sqrt(cv.contourArea(hull) / Math.PI) };
  } finally {
    mats.forEach((m) => m.delete());
  }
}
