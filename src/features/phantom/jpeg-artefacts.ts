// JPEG compression artefacts without the file: YCbCr, 4:2:0 chroma subsampling, 8x8
// DCT, quantisation with the standard tables scaled by quality (IJG formula), and
// back. Entropy coding is lossless, so this is what a JPEG round trip does to the
// pixels (up to rounding), at a fraction of the cost: jpeg-js builds its encoder's
// tables on every call, which took most of a small phantom's rendering time. The
// default style keeps its jpeg-js round trip (its pixels must never change).

const LUMA_Q = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55,
  64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const CHROMA_Q = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
  99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
];

/** Orthonormal DCT-II basis: BASIS[u * 8 + x]. */
const BASIS = new Float64Array(64);
for (let u = 0; u < 8; u++) for (let x = 0; x < 8; x++) BASIS[u * 8 + x] = (u === 0 ? Math.SQRT1_2 : 1) * 0.5 * Math.cos(((2 * x + 1) * u * Math.PI) / 16);

export function quantTable(base: readonly number[], quality: number): Float64Array {
  const q = Math.min(100, Math.max(1, Math.round(quality)));
  const scale = q < 50 ? 5000 / q : 200 - 2 * q;
  return Float64Array.from(base, (t) => Math.min(255, Math.max(1, Math.floor((t * scale + 50) / 100))));
}

/** Quantises one plane (values 0..255) in place, block by block; edges are padded by replication. */
function quantisePlane(plane: Float32Array, width: number, height: number, table: Float64Array): void {
  const block = new Float64Array(64);
  const tmp = new Float64Array(64);
  for (let by = 0; by < height; by += 8) {
    for (let bx = 0; bx < width; bx += 8) {
      for (let y = 0; y < 8; y++) {
        const row = Math.min(height - 1, by + y) * width;
        for (let x = 0; x < 8; x++) block[y * 8 + x] = plane[row + Math.min(width - 1, bx + x)] - 128;
      }
      // forward DCT: rows, then columns
      for (let y = 0; y < 8; y++)
        for (let u = 0; u < 8; u++) {
          let s = 0;
          for (let x = 0; x < 8; x++) s += BASIS[u * 8 + x] * block[y * 8 + x];
          tmp[y * 8 + u] = s;
        }
      for (let u = 0; u < 8; u++)
        for (let v = 0; v < 8; v++) {
          let s = 0;
          for (let y = 0; y < 8; y++) s += BASIS[v * 8 + y] * tmp[y * 8 + u];
          const q = table[v * 8 + u];
          block[v * 8 + u] = Math.round(s / q) * q;
        }
      // inverse DCT: columns, then rows
      for (let u = 0; u < 8; u++)
        for (let y = 0; y < 8; y++) {
          let s = 0;
          for (let v = 0; v < 8; v++) s += BASIS[v * 8 + y] * block[v * 8 + u];
          tmp[y * 8 + u] = s;
        }
      for (let y = 0; y < 8 && by + y < height; y++) {
        const row = (by + y) * width;
        for (let x = 0; x < 8 && bx + x < width; x++) {
          let s = 0;
          for (let u = 0; u < 8; u++) s += BASIS[u * 8 + x] * tmp[y * 8 + u];
          plane[row + bx + x] = s + 128;
        }
      }
    }
  }
}

/** RGBA in, RGBA out (a new array); quality 1..100, 0 = unchanged. */
export function jpegArtefacts(rgba: Uint8ClampedArray, width: number, height: number, quality: number): Uint8ClampedArray {
  if (quality <= 0) return rgba;
  const n = width * height;
  const lum = new Float32Array(n);
  const cw = Math.ceil(width / 2);
  const ch = Math.ceil(height / 2);
  const cb = new Float32Array(cw * ch);
  const cr = new Float32Array(cw * ch);
  const count = new Float32Array(cw * ch);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      const r = rgba[o];
      const g = rgba[o + 1];
      const b = rgba[o + 2];
      lum[y * width + x] = 0.299 * r + 0.587 * g + 0.114 * b;
      const c = (y >> 1) * cw + (x >> 1);
      cb[c] += 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
      cr[c] += 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
      count[c]++;
    }
  }
  for (let c = 0; c < cb.length; c++) {
    cb[c] /= count[c];
    cr[c] /= count[c];
  }
  quantisePlane(lum, width, height, quantTable(LUMA_Q, quality));
  const chroma = quantTable(CHROMA_Q, quality);
  quantisePlane(cb, cw, ch, chroma);
  quantisePlane(cr, cw, ch, chroma);
  const out = new Uint8ClampedArray(n * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const c = (y >> 1) * cw + (x >> 1);
      const l = lum[i];
      const b = cb[c] - 128;
      const r = cr[c] - 128;
      out[i * 4] = l + 1.402 * r;
      out[i * 4 + 1] = l - 0.344136 * b - 0.714136 * r;
      out[i * 4 + 2] = l + 1.772 * b;
      out[i * 4 + 3] = 255;
    }
  }
  return out;
}
