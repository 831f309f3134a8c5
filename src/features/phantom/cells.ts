// Nearest-cell lookup for Voronoi cell textures. d3-delaunay's find() gives
// the nearest site (walking from the previous pixel's site, so a scanline
// costs a step or two per pixel); the second-nearest site is always one of its
// Delaunay neighbours, which gives the distance to the cell wall.
import { Delaunay } from 'd3-delaunay';

export class CellField {
  readonly count: number;
  private readonly points: Float64Array;
  private readonly delaunay: Delaunay<ArrayLike<number>> | null;
  /** Delaunay neighbours of site i: neighbourIds[neighbourStart[i] .. neighbourStart[i+1]). */
  private readonly neighbourStart: Int32Array;
  private readonly neighbourIds: Int32Array;
  /** 1 / (2 * distance between site i and each neighbour), same layout as neighbourIds. */
  private readonly neighbourHalfInvSep: Float64Array;
  private hint = 0;
  /** Results of the last lookup. */
  index = -1;
  /** Distance from the query point to the nearest site. */
  distance = Infinity;
  /** Distance from the query point to the nearest cell wall (bisector). */
  wall = Infinity;

  constructor(points: Float64Array) {
    this.points = points;
    this.count = points.length >> 1;
    this.delaunay = this.count > 0 ? new Delaunay(points) : null;
    const lists: number[][] = [];
    for (let i = 0; i < this.count; i++) lists.push(this.delaunay ? [...this.delaunay.neighbors(i)] : []);
    this.neighbourStart = new Int32Array(this.count + 1);
    for (let i = 0; i < this.count; i++) this.neighbourStart[i + 1] = this.neighbourStart[i] + lists[i].length;
    this.neighbourIds = new Int32Array(lists.flat());
    this.neighbourHalfInvSep = new Float64Array(this.neighbourIds.length);
    for (let i = 0; i < this.count; i++) {
      for (let k = this.neighbourStart[i]; k < this.neighbourStart[i + 1]; k++) {
        const j = this.neighbourIds[k];
        const sep = Math.sqrt((points[2 * j] - points[2 * i]) ** 2 + (points[2 * j + 1] - points[2 * i + 1]) ** 2);
        this.neighbourHalfInvSep[k] = sep > 0 ? 1 / (2 * sep) : 0;
      }
    }
  }

  /** Finds the nearest site to (x, y); fills index, distance and wall. */
  lookup(x: number, y: number): number {
    if (!this.delaunay) {
      this.index = -1;
      this.distance = this.wall = Infinity;
      return -1;
    }
    const i = this.delaunay.find(x, y, this.hint);
    this.hint = i;
    const p = this.points;
    const sx = p[2 * i];
    const sy = p[2 * i + 1];
    const di2 = (x - sx) * (x - sx) + (y - sy) * (y - sy);
    let wall = Infinity;
    for (let k = this.neighbourStart[i]; k < this.neighbourStart[i + 1]; k++) {
      const j = this.neighbourIds[k];
      const tx = p[2 * j];
      const ty = p[2 * j + 1];
      const dj2 = (x - tx) * (x - tx) + (y - ty) * (y - ty);
      const d = (dj2 - di2) * this.neighbourHalfInvSep[k];
      if (d < wall) wall = d;
    }
    this.index = i;
    this.distance = Math.sqrt(di2);
    this.wall = wall;
    return i;
  }
}

/** Bounding box of cells of radius up to `maxR` centred on interleaved sites [x0, y0, x1, y1, ...]. */
export function siteBounds(pts: ArrayLike<number>, maxR: number): { x0: number; y0: number; x1: number; y1: number } {
  const box = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
  for (let k = 0; k < pts.length; k += 2) {
    box.x0 = Math.min(box.x0, pts[k]! - maxR);
    box.x1 = Math.max(box.x1, pts[k]! + maxR);
    box.y0 = Math.min(box.y0, pts[k + 1]! - maxR);
    box.y1 = Math.max(box.y1, pts[k + 1]! + maxR);
  }
  return box;
}
