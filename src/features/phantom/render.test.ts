import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { demoBatch, pixelsSha256, REFERENCE_PHANTOM_OPTIONS, REFERENCE_PHANTOM_SHA256, renderPhantom } from './index';
import type { Expansion, PhantomMasks, PhantomOptions } from './types';
import { reachableFromBorder } from '../../lib/image/reachable-from-border';
import { ellipseRadius } from './testing/ellipse-radius';

const sha = (data: Uint8ClampedArray) => createHash('sha256').update(data).digest('hex');
const small = (seed: string | number, extra: Partial<PhantomOptions> = {}): PhantomOptions => ({ seed, width: 320, height: 240, ...extra });

function count(mask: Uint8Array): number {
  let n = 0;
  for (const v of mask) if (v) n++;
  return n;
}

/** Pixels not reachable from the frame border without crossing `wall`: the filled outline. */
function filledArea(wall: Uint8Array, width: number, height: number): number {
  return width * height - reachableFromBorder(wall, width, height).reduce((a, b) => a + b, 0);
}

function union(masks: PhantomMasks, keys: Array<'zona' | 'trophectoderm' | 'icm' | 'blastocoel'>): Uint8Array {
  const out = new Uint8Array(masks.width * masks.height);
  for (const k of keys) masks[k].forEach((v, i) => v && (out[i] = 255));
  return out;
}


describe('renderPhantom determinism', () => {
  it('same seed gives identical pixels and masks; another seed differs', () => {
    const a = renderPhantom(small('det-1', { nuisance: 'high' }));
    const b = renderPhantom(small('det-1', { nuisance: 'high' }));
    const c = renderPhantom(small('det-2', { nuisance: 'high' }));
    expect(sha(a.image.data)).toBe(sha(b.image.data));
    expect(sha(new Uint8ClampedArray(a.truth.masks.trophectoderm))).toBe(sha(new Uint8ClampedArray(b.truth.masks.trophectoderm)));
    expect(a.truth).toEqual(b.truth);
    expect(sha(a.image.data)).not.toBe(sha(c.image.data));
  });

  it('matches the recorded reference hash (the browser test compares against the same constant)', async () => {
    const phantom = renderPhantom(REFERENCE_PHANTOM_OPTIONS);
    const hash = await pixelsSha256(phantom.image);
    expect(hash).toBe(sha(phantom.image.data));
    expect(hash).toBe(REFERENCE_PHANTOM_SHA256);
  });
});

describe('ground truth agrees with the pixels', () => {
  const seeds = Array.from({ length: 6 }, (_, i) => `truth-${i}`);
  for (const expansion of [1, 2, 3, 4, 5, 6] as Expansion[]) {
    it(`expansion ${expansion}: filled outline area within 2% of pi*rx*ry; masks disjoint and inside the outline`, () => {
      for (const seed of seeds) {
        const { truth } = renderPhantom(small(seed, { grades: { expansion }, nuisance: 'none' }));
        const { masks, ellipse } = truth;
        const { width, height } = masks;
        const expected = Math.PI * ellipse.rx * ellipse.ry;
        const cells = union(masks, ['trophectoderm', 'icm', 'blastocoel']);
        if (expansion <= 4) {
          // the zona ring is closed: its filled outline is the embryo's outline
          expect(Math.abs(filledArea(masks.zona, width, height) - expected) / expected).toBeLessThan(0.02);
        } else if (expansion === 5) {
          // hatching: the ring is open where the hernia leaves; inside the outline all is embryo
          let inside = 0;
          let covered = 0;
          const all = union(masks, ['zona', 'trophectoderm', 'icm', 'blastocoel']);
          for (let i = 0; i < width * height; i++)
            if (ellipseRadius(truth, i) < 1) {
              inside++;
              if (all[i]) covered++;
            }
          expect(covered / inside).toBeGreaterThan(0.98);
          // the hernia's circle is reported and lies on the outline, outside it in part
          const h = truth.hernia!;
          const tipX = Math.floor(h.cx + (h.r * (h.cx - ellipse.cx)) / Math.hypot(h.cx - ellipse.cx, h.cy - ellipse.cy));
          const tipY = Math.floor(h.cy + (h.r * (h.cy - ellipse.cy)) / Math.hypot(h.cx - ellipse.cx, h.cy - ellipse.cy));
          if (tipX >= 0 && tipY >= 0 && tipX < width && tipY < height) expect(ellipseRadius(truth, tipY * width + tipX)).toBeGreaterThan(1);
          expect(Math.abs(inside - expected) / expected).toBeLessThan(0.02);
        } else {
          expect(truth.hernia).toBeNull();
          // hatched: the outline is the free embryo itself
          expect(Math.abs(count(cells) - expected) / expected).toBeLessThan(0.02);
        }
        // masks are disjoint; cells and zona lie inside the outline (except a hernia / the empty zona)
        let overlaps = 0;
        let outside = 0;
        for (let i = 0; i < width * height; i++) {
          const n = (masks.zona[i] ? 1 : 0) + (masks.trophectoderm[i] ? 1 : 0) + (masks.icm[i] ? 1 : 0) + (masks.blastocoel[i] ? 1 : 0);
          if (n > 1) overlaps++;
          const checked = (expansion !== 5 && cells[i]) || (expansion !== 6 && masks.zona[i]);
          if (checked && ellipseRadius(truth, i) >= 1.02) outside++;
        }
        expect(overlaps).toBe(0);
        expect(outside).toBe(0);
        expect(count(masks.icm)).toBeGreaterThan(0);
        expect(count(masks.trophectoderm)).toBeGreaterThan(0);
        expect(count(masks.blastocoel)).toBeGreaterThan(0);
        expect(count(masks.zona)).toBeGreaterThan(0);
      }
    });
  }

  it('the embryo is wholly inside the frame (expansion 1-4, 6)', () => {
    for (let k = 0; k < 12; k++) {
      const { truth } = renderPhantom(small(`frame-${k}`, { grades: { expansion: ([1, 2, 3, 4, 6] as Expansion[])[k % 5] } }));
      const { cx, cy, rx, ry } = truth.ellipse;
      const r = Math.max(rx, ry);
      expect(cx - r).toBeGreaterThanOrEqual(0);
      expect(cy - r).toBeGreaterThanOrEqual(0);
      expect(cx + r).toBeLessThanOrEqual(320);
      expect(cy + r).toBeLessThanOrEqual(240);
    }
  });
});

describe('grades shape the embryo', () => {
  it('trophectoderm cell count falls from A to C (truth and pixels)', () => {
    const mean = (te: 'A' | 'B' | 'C') => {
      let sum = 0;
      for (let k = 0; k < 8; k++) sum += renderPhantom(small(`te-${k}`, { grades: { expansion: 4, te } })).truth.cellCounts.trophectoderm;
      return sum / 8;
    };
    const [a, b, c] = [mean('A'), mean('B'), mean('C')];
    expect(a).toBeGreaterThan(b);
    expect(b).toBeGreaterThan(c);
  });

  it('the TE layer in the pixels has more junctions (thin points) for A than for C', () => {
    // Depth of the TE mask along rays from the centre: each cell bulges, junctions are thin.
    const junctions = (te: 'A' | 'C', seed: string) => {
      const { truth } = renderPhantom({ seed, width: 640, height: 480, grades: { expansion: 3, icm: 'C', te }, nuisance: 'none' });
      const { cx, cy } = truth.ellipse;
      const { width, trophectoderm } = truth.masks;
      const depth: number[] = [];
      const steps = 720;
      for (let s = 0; s < steps; s++) {
        const a = (2 * Math.PI * s) / steps;
        let d = 0;
        for (let r = 0; r < 400; r += 0.5) {
          const x = Math.floor(cx + r * Math.cos(a));
          const y = Math.floor(cy + r * Math.sin(a));
          if (x < 0 || y < 0 || x >= width || y >= truth.masks.height) break;
          if (trophectoderm[y * width + x]) d += 0.5;
        }
        depth.push(d);
      }
      // smooth, then count local minima that sit clearly below their surroundings
      const smooth = depth.map((_, s) => {
        let sum = 0;
        for (let o = -3; o <= 3; o++) sum += depth[(s + o + steps) % steps];
        return sum / 7;
      });
      let dips = 0;
      for (let s = 0; s < steps; s++) {
        const at = (o: number) => smooth[(s + o + steps) % steps];
        let isMin = true;
        let peak = -Infinity;
        for (let o = -10; o <= 10; o++) {
          if (o !== 0 && Math.abs(o) <= 5 && (at(o) < at(0) || (o < 0 && at(o) === at(0)))) isMin = false;
          peak = Math.max(peak, at(o));
        }
        if (isMin && peak - at(0) >= 1) dips++;
      }
      return dips;
    };
    for (const seed of ['p1', 'p2']) expect(junctions('A', seed)).toBeGreaterThan(junctions('C', seed) + 8);

  });

  it('the outline grows with expansion for the same seed (zona thins as it grows)', () => {
    const sizes = ([1, 2, 3, 4, 5, 6] as Expansion[]).map((expansion) => {
      const { truth } = renderPhantom(small('grow', { grades: { expansion }, nuisance: 'none' }));
      return { area: truth.ellipse.rx * truth.ellipse.ry, zona: count(truth.masks.zona) / (truth.ellipse.rx + truth.ellipse.ry) };
    });
    expect(sizes[0].area).toBeCloseTo(sizes[1].area, 6);
    for (let e = 2; e < 6; e++) expect(sizes[e].area).toBeGreaterThan(sizes[e - 1].area);
    // zona ring width (area per unit of perimeter) falls from expansion 1 to 4
    expect(sizes[0].zona).toBeGreaterThan(sizes[2].zona);
    expect(sizes[2].zona).toBeGreaterThan(sizes[3].zona);
  });

  it('the ICM has more cells for A than for C', () => {
    const icm = (g: 'A' | 'C') => renderPhantom(small('icm', { grades: { expansion: 4, icm: g } })).truth.cellCounts.icm;
    expect(icm('A')).toBeGreaterThan(3 * icm('C'));
  });
});

describe('nuisances', () => {
  it('none renders a clean grey image; knobs can be fixed individually', () => {
    const clean = renderPhantom(small('n', { nuisance: 'none' }));
    expect(clean.truth.nuisance).toMatchObject({ noise: 0, blur: 0, jpegQuality: 0, scaleBar: false, tint: 'gray', neighbours: 0, debris: 0 });
    const d = clean.image.data;
    for (let i = 0; i < d.length; i += 4 * 97) expect(d[i]).toBe(d[i + 2]);
    const tinted = renderPhantom(small('n', { nuisance: { preset: 'none', tint: 'pcrm', scaleBar: true } }));
    expect(tinted.truth.nuisance.tint).toBe('pcrm');
    // PCRM tint: blue is the weakest channel; the scale bar is pure green
    const t = tinted.image.data;
    expect(t[2]).toBeLessThan(t[0]);
    let green = 0;
    for (let i = 0; i < t.length; i += 4) if (t[i] === 0 && t[i + 1] === 255 && t[i + 2] === 0) green++;
    expect(green).toBeGreaterThan(50);
    // fixing one knob leaves the others as drawn
    const a = renderPhantom(small('k', { nuisance: 'high' })).truth.nuisance;
    const b = renderPhantom(small('k', { nuisance: { preset: 'high', noise: 0 } })).truth.nuisance;
    expect({ ...a, noise: 0 }).toEqual(b);
  });

  it('samples the resolution when no size is given (256..1280 px long side)', () => {
    for (let k = 0; k < 5; k++) {
      const { image } = renderPhantom({ seed: `size-${k}`, nuisance: 'none' });
      expect(Math.max(image.width, image.height)).toBeGreaterThanOrEqual(256);
      expect(Math.max(image.width, image.height)).toBeLessThanOrEqual(1280);
      expect(image.data.length).toBe(image.width * image.height * 4);
    }
  });

  it('rejects bad options', () => {
    expect(() => renderPhantom({ seed: 1, width: 10, height: 10 })).toThrow(/width and height/);
    expect(() => renderPhantom({ seed: 1, nuisance: { preset: 'default', noise: -1 } })).toThrow(/noise/);
    expect(() => renderPhantom({ seed: 1, grades: { expansion: 7 as Expansion } })).toThrow(/expansion/);
  });
});

describe('demoBatch', () => {
  it('gives 12 PNGs named without grades, with every ICM and TE grade and mostly expansion 3-5', () => {
    const batch = demoBatch();
    expect(batch.map((f) => f.name)).toEqual(Array.from({ length: 12 }, (_, i) => `demo-${String(i + 1).padStart(2, '0')}.png`));
    expect([...new Set(batch.map((f) => f.truth.grades.icm))].sort()).toEqual(['A', 'B', 'C']);
    expect([...new Set(batch.map((f) => f.truth.grades.te))].sort()).toEqual(['A', 'B', 'C']);
    expect(batch.filter((f) => f.truth.grades.expansion >= 3 && f.truth.grades.expansion <= 5).length).toBeGreaterThanOrEqual(9);
    for (const f of batch) {
      expect([...f.png.slice(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
      expect(f.truth.nuisance.tint).toBe('pcrm');
      expect(f.truth.masks.width).toBe(640);
    }
  });
});
