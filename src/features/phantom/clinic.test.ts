import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderPhantom } from './index';
import type { Expansion } from './types';
import { ellipseRadius } from './testing/ellipse-radius';

const sha = (data: ArrayLike<number>) => createHash('sha256').update(Uint8Array.from(data)).digest('hex');
const clinic = (seed: string, extra: object = {}) => renderPhantom({ seed, style: 'clinic', ...extra });


describe('clinic style', () => {
  it('same seed gives the same bytes and truth; another seed differs', () => {
    const a = clinic('c-det', { nuisance: 'high' });
    const b = clinic('c-det', { nuisance: 'high' });
    expect(sha(a.image.data)).toBe(sha(b.image.data));
    expect(a.truth).toEqual(b.truth);
    expect(sha(clinic('c-det-2', { nuisance: 'high' }).image.data)).not.toBe(sha(a.image.data));
    expect(a.truth.style).toBe('clinic');
  });

  it('nuisance changes the pixels, never the truth: grades, outline, masks and cell counts stay', () => {
    const runs = (['none', 'default', 'high'] as const).map((nuisance) => clinic('c-truth', { nuisance, grades: { expansion: 4, icm: 'B', te: 'C' } }));
    const pixels = new Set(runs.map((r) => sha(r.image.data)));
    expect(pixels.size).toBe(3);
    for (const r of runs.slice(1)) {
      expect(r.truth.grades).toEqual({ expansion: 4, icm: 'B', te: 'C' });
      expect(r.truth.ellipse).toEqual(runs[0]!.truth.ellipse);
      expect(r.truth.cellCounts).toEqual(runs[0]!.truth.cellCounts);
      expect(r.truth.clinic).toEqual(runs[0]!.truth.clinic);
      for (const k of ['zona', 'trophectoderm', 'icm', 'blastocoel'] as const) expect(sha(r.truth.masks[k])).toBe(sha(runs[0]!.truth.masks[k]));
    }
    // 'none' is a clean capture: no noise, defocus or compression
    expect(runs[0]!.truth.nuisance).toMatchObject({ noise: 0, blur: 0, jpegQuality: 0, illumination: 0, optics: 'hoffman' });
  });

  for (const expansion of [1, 2, 3, 4, 5, 6] as Expansion[]) {
    it(`expansion ${expansion}: the masks lie inside the recorded outline, and its rim is zona (cells when hatched)`, () => {
      for (const seed of ['c-out-1', 'c-out-2', 'c-out-3']) {
        const { truth } = clinic(seed, { grades: { expansion } });
        const { width, height } = truth.masks;
        let inside = 0;
        let covered = 0;
        let cells = 0;
        let cellsOut = 0;
        for (let i = 0; i < width * height; i++) {
          const r = ellipseRadius(truth, i);
          // the empty zona of a hatched embryo and the hernia lie outside the outline by design
          const cell = truth.masks.trophectoderm[i] || truth.masks.icm[i] || truth.masks.blastocoel[i];
          const any = cell || (expansion !== 6 && truth.masks.zona[i]);
          // just inside the outline: the zona (the perivitelline gap and a collapse lie deeper)
          if (r > 0.95 && r < 0.975) {
            inside++;
            if (any) covered++;
          }
          if (cell) {
            cells++;
            if (r > 1.03 && !truth.hernia) cellsOut++;
          }
        }
        expect(covered / inside).toBeGreaterThan(0.95);
        expect(cellsOut / cells).toBeLessThan(0.005);
      }
    });
  }

  it('crops tightly: the outline spans 70-120 % of the short side, and some embryos leave the frame', () => {
    let cut = 0;
    for (let k = 0; k < 40; k++) {
      const { truth } = clinic(`c-crop-${k}`, { grades: { expansion: 3 } });
      const short = Math.min(truth.masks.width, truth.masks.height);
      const diameter = truth.ellipse.rx + truth.ellipse.ry;
      expect(diameter / short).toBeGreaterThan(0.6);
      expect(diameter / short).toBeLessThan(1.25);
      const { cx, cy, rx } = truth.ellipse;
      if (cx - rx < 0 || cy - rx < 0 || cx + rx > truth.masks.width || cy + rx > truth.masks.height) cut++;
    }
    expect(cut).toBeGreaterThan(3);
  });

  it('TE and ICM grades set cell numbers: A has more cells than C', () => {
    for (const seed of ['c-g1', 'c-g2']) {
      const a = clinic(seed, { grades: { expansion: 4, icm: 'A', te: 'A' } }).truth.cellCounts;
      const c = clinic(seed, { grades: { expansion: 4, icm: 'C', te: 'C' } }).truth.cellCounts;
      expect(a.trophectoderm).toBeGreaterThan(2 * c.trophectoderm);
      expect(a.icm).toBeGreaterThan(3 * c.icm);
    }
  });

  it('looks like a colour capture: pale medium, darker cells, mostly yellow-brown (blue absorbed most)', () => {
    let brown = 0;
    const seeds = ['c-colour', 'c-colour-2', 'c-colour-3', 'c-colour-4', 'c-colour-5', 'c-colour-6'];
    for (const seed of seeds) {
      const { image, truth } = clinic(seed, { nuisance: 'none', grades: { expansion: 3, icm: 'A', te: 'A' } });
      const mean = (mask: Uint8Array | null) => {
        const sum = [0, 0, 0];
        let n = 0;
        for (let i = 0; i < image.width * image.height; i++) {
          const cellular = truth.masks.icm[i] || truth.masks.trophectoderm[i] || truth.masks.zona[i] || truth.masks.blastocoel[i];
          if (mask ? !mask[i] : cellular || ellipseRadius(truth, i) < 1.2) continue;
          for (let c = 0; c < 3; c++) sum[c] += image.data[i * 4 + c]!;
          n++;
        }
        return sum.map((s) => s / n);
      };
      const icm = mean(truth.masks.icm);
      const medium = mean(null);
      expect(medium[1]).toBeGreaterThan(150);
      expect(icm[1]).toBeLessThan(medium[1]! - 8);
      if (icm[2]! / icm[1]! < medium[2]! / medium[1]!) brown++;
    }
    // the look also draws grey and greenish cells
    expect(brown).toBeGreaterThanOrEqual(3);
  });

  it('draws the look apart from the grades: one seed looks the same at expansion 2 and 5', () => {
    for (const seed of ['c-look-1', 'c-look-2', 'c-look-3']) {
      const early = clinic(seed, { grades: { expansion: 2, icm: 'A', te: 'A' } }).truth.clinic!;
      const expanded = clinic(seed, { grades: { expansion: 5, icm: 'C', te: 'B' } }).truth.clinic!;
      expect(expanded.look).toEqual(early.look);
      expect(expanded.cast).toEqual(early.cast);
      expect(expanded.background).toEqual(early.background);
    }
  });

  it('ranges from pale, clean cells to dark, granular ones at every stage', () => {
    for (const expansion of [1, 5] as Expansion[]) {
      const looks = Array.from({ length: 20 }, (_, k) => clinic(`c-range-${expansion}-${k}`, { grades: { expansion } }).truth.clinic!.look);
      const darkness = looks.map((l) => l.darkness);
      const grain = looks.map((l) => l.grain);
      expect(Math.min(...darkness)).toBeLessThan(0.65);
      expect(Math.max(...darkness)).toBeGreaterThan(1.4);
      expect(Math.min(...grain)).toBeLessThan(0.55);
      expect(Math.max(...grain)).toBeGreaterThan(1.4);
    }
  });

  it('rejects a bad style', () => {
    expect(() => renderPhantom({ seed: 1, style: 'fancy' as 'clinic' })).toThrow(/style/);
  });
});
