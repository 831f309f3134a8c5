// Step 3b: choose the embryo among the filled edge regions. The embryo is the
// large, round, complete region nearest the centre; a neighbour cut by the frame
// is penalised by how much of its outline runs along the frame. When that finds no
// clean, free-standing embryo, a region cut by the frame is judged instead by its
// completed outline (the ellipse through its free arc), so an embryo that fills a
// tight crop or leaves it still counts as round and is chosen when it is the
// central object. Returns the chosen region's convex hull (and completed outline)
// and the other regions that look like embryos.
import type { Ellipse } from '../../../lib/types';
import type { CV } from '../load-opencv';
import { symmetricMorphology } from './symmetric-morphology';
import { areaInside, completeOutline, nearFrame } from './complete-outline';
import type { GrayImage, Point, Rect } from './types';

/** Regions smaller than this share of the content area are debris. */
export const MIN_AREA_FRACTION = 0.01;
/** A region covering more than this share of the content is texture or noise (a tightly cropped embryo covers ~0.8). */
export const MAX_AREA_FRACTION = 0.95;
/**
 * A region touches the frame along at least this share of its hull to be completed: one that
 * barely touches it is better fitted whole (a circle through nearly all of an oval hull would
 * stick out of the frame without the embryo doing so).
 */
const MIN_CONTACT = 0.05;
/** A completed outline must run at least this share outside the frame to replace the plain fit. */
const MIN_OUTSIDE = 0.02;
/**
 * A plain choice smaller than this share of the best cut-aware region is a speck beside a
 * frame-filling embryo (clinic crops: under 0.1; a phantom embryo beside its merger with a
 * neighbour or dark corner: 0.22 and up).
 */
const DWARFED = 0.15;
/** A despeckled region must be at least this elliptical to replace the plain choice. */
const CLEAN_ELLIPTICITY = 0.9;

export interface EmbryoCandidate {
  hull: Point[];
  area: number;
  /** 0..1: how well an ellipse fits the hull (area ratio). */
  ellipticity: number;
  /** 0..1: share of the hull's outline on the frame. */
  frameContact: number;
  /** For a region cut by the frame: the ellipse through its free arc (may extend past the frame). */
  completed?: Ellipse;
  /** 0..1: share of the (completed) outline outside the frame; 0 for a free-standing region. */
  outside: number;
  /** 0..1: distance of the centre from the content centre, over half the content diagonal. */
  offCentre: number;
  score: number;
}

export interface EmbryoSelection {
  chosen?: EmbryoCandidate;
  /** Other round, mostly complete regions at least half the chosen one's area. */
  otherEmbryoLike: EmbryoCandidate[];
  candidates: number;
}

export function selectEmbryo(cv: CV, mask: GrayImage, content: Rect): EmbryoSelection {
  const first = selectFrom(cv, mask, content, false);
  let second: Rankings | undefined;
  const despeckled = () => (second ??= selectFrom(cv, mask, content, true));
  // The plain ranking first (the outline's share on the frame penalised): it holds
  // whenever it finds a clean, free-standing embryo that no cut region dwarfs. A
  // merger of the embryo with a neighbour or a dark corner can complete to a large
  // round outline, so completed outlines are only consulted when the plain ranking
  // fails, as it does on a tight crop whose embryo fills or leaves the frame.
  const plain = choose(first.plain, () => despeckled().plain);
  if (plain.chosen && isClean(plain.chosen) && plain.chosen.area >= DWARFED * (first.cutAware.chosen?.area ?? 0)) return plain;
  return choose(first.cutAware, () => despeckled().cutAware);
}

/**
 * Heavy sensor noise leaves edge specks all over the medium; the closing then
 * merges them with the embryo into one frame-wide region (or one too large to
 * be an embryo). Opening first removes the specks (the filled embryo survives
 * it). The despeckled choice wins when there is no plain one, or when it is a
 * clean ellipse that scores better (a despeckled choice that is not could be a
 * fragment of a thin-walled embryo the opening broke). A clean, free-standing
 * plain choice needs no second look (and saves its cost).
 */
function choose(plain: EmbryoSelection, despeckled: () => EmbryoSelection): EmbryoSelection {
  if (plain.chosen && isClean(plain.chosen)) return plain;
  const other = despeckled();
  if (!plain.chosen) return other;
  const better = other.chosen && other.chosen.ellipticity >= CLEAN_ELLIPTICITY && other.chosen.score > plain.chosen.score;
  return better ? other : plain;
}

function isClean(candidate: EmbryoCandidate): boolean {
  return candidate.ellipticity >= CLEAN_ELLIPTICITY && candidate.frameContact === 0;
}

/** The same regions ranked two ways: plain, and with regions cut by the frame judged by their completed outline. */
interface Rankings {
  plain: EmbryoSelection;
  cutAware: EmbryoSelection;
}

function selectFrom(cv: CV, mask: GrayImage, content: Rect, removeSpecks: boolean): Rankings {
  const contentArea = Math.max(1, (content.x1 - content.x0) * (content.y1 - content.y0));
  const src = cv.matFromArray(mask.height, mask.width, cv.CV_8UC1, mask.data);
  const closed = new cv.Mat();
  const side = Math.max(3, Math.round(Math.min(content.x1 - content.x0, content.y1 - content.y0) * 0.02) | 1);
  const contours = new cv.MatVector();
  const hierarchy = new cv.Mat();
  const plain: EmbryoCandidate[] = [];
  const cutAware: EmbryoCandidate[] = [];
  const cx = (content.x0 + content.x1) / 2;
  const cy = (content.y0 + content.y1) / 2;
  const halfDiagonal = Math.hypot(content.x1 - content.x0, content.y1 - content.y0) / 2;
  try {
    if (removeSpecks) symmetricMorphology(cv, src, src, cv.MORPH_OPEN, side);
    // Closing joins ring fragments the dilation left apart.
    symmetricMorphology(cv, src, closed, cv.MORPH_CLOSE, side);
    cv.findContours(closed, contours, hierarchy, cv.RETR_EXTERNAL, cv.CHAIN_APPROX_SIMPLE);
    for (let i = 0; i < contours.size(); i++) {
      const contour = contours.get(i);
      const hullMat = new cv.Mat();
      try {
        cv.convexHull(contour, hullMat, false, true);
        const area = cv.contourArea(hullMat);
        if (area < MIN_AREA_FRACTION * contentArea || area > MAX_AREA_FRACTION * contentArea || hullMat.rows < 5) continue;
        const hull = matToPoints(hullMat);
        const fitted = cv.fitEllipse(hullMat);
        const frameContact = contactFraction(hull, content);
        const judge = (ellipseArea: number, centre: Point, cut: number, outside: number, completed?: Ellipse): EmbryoCandidate => {
          const ellipticity = Math.min(area, ellipseArea) / Math.max(area, ellipseArea);
          const offCentre = Math.min(1, Math.hypot(centre.x - cx, centre.y - cy) / halfDiagonal);
          const score = Math.sqrt(area / contentArea) * ellipticity ** 2 * cut * (1 - 0.6 * offCentre);
          return { hull, area, ellipticity, frameContact, completed, outside, offCentre, score };
        };
        // Plain: the ellipse through the whole hull; the share of the hull on the frame stands in for what is missing.
        const plainCandidate = judge((Math.PI * fitted.size.width * fitted.size.height) / 4, fitted.center, 1 - 0.9 * Math.min(1, frameContact * 4), 0);
        plain.push(plainCandidate);
        // Cut-aware: a region cut by the frame is compared with the part of its completed ellipse inside the frame,
        // and penalised by how much of that outline lies outside.
        const completion = frameContact >= MIN_CONTACT ? completeOutline(cv, hull, content) : undefined;
        if (!completion) {
          cutAware.push(plainCandidate);
          continue;
        }
        const { ellipse, outside } = completion;
        // The completed outline replaces the plain fit only when it really runs past the frame:
        // a region inside it that merely touches the frame (debris, an overlay) keeps the plain fit.
        const completed = outside > MIN_OUTSIDE ? ellipse : undefined;
        const judged = judge(areaInside(ellipse, content), { x: ellipse.cx, y: ellipse.cy }, 1 - Math.min(0.9, outside), outside, completed);
        // Without a completed outline the plain fit is the coarse outline, and the ellipticity reported is that fit's.
        cutAware.push(completed ? judged : { ...judged, ellipticity: plainCandidate.ellipticity });
      } finally {
        contour.delete();
        hullMat.delete();
      }
    }
  } finally {
    src.delete();
    closed.delete();
    contours.delete();
    hierarchy.delete();
  }
  return { plain: ranked(plain), cutAware: ranked(cutAware) };
}

function ranked(candidates: EmbryoCandidate[]): EmbryoSelection {
  const [chosen, ...rest] = [...candidates].sort((a, b) => b.score - a.score);
  const otherEmbryoLike = chosen
    ? rest.filter((c) => c.area >= chosen.area / 2 && c.ellipticity >= 0.8 && c.frameContact < 0.2)
    : [];
  return { chosen, otherEmbryoLike, candidates: candidates.length };
}

function matToPoints(mat: { rows: number; data32S: Int32Array }): Point[] {
  const points: Point[] = [];
  for (let i = 0; i < mat.rows; i++) points.push({ x: mat.data32S[2 * i], y: mat.data32S[2 * i + 1] });
  return points;
}

/** Share of the closed polygon's length that runs within FRAME_TOUCH of the content border. */
function contactFraction(hull: Point[], content: Rect): number {
  let total = 0;
  let touching = 0;
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i];
    const b = hull[(i + 1) % hull.length];
    const length = Math.hypot(b.x - a.x, b.y - a.y);
    total += length;
    if (nearFrame(a, content) && nearFrame(b, content)) touching += length;
  }
  return total > 0 ? touching / total : 0;
}
