// Internal types shared by the pipeline steps (not part of the public entry).

/** A single-channel raster, row-major. */
export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A float single-channel raster, row-major (gradient magnitude, energy). */
export interface FloatImage {
  width: number;
  height: number;
  data: Float32Array;
}

/** Half-open pixel rectangle [x0, x1) x [y0, y1). */
export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface Point {
  x: number;
  y: number;
}
