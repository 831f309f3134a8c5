import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { drawClinicStage, NON_BLASTOCYST_SHARE } from './clinic-stages';
import { renderPhantom } from './index';
import { streamFor } from './random';
import type { EmbryoStage, Expansion, Phantom } from './types';

const sha = (data: ArrayLike<number>) => createHash('sha256').update(Uint8Array.from(data)).digest('hex');
const count = (mask: Uint8Array) => mask.reduce((n, v) => n + (v ? 1 : 0), 0);
const stageOf = (seed: string, expansion: Expansion) => drawClinicStage(streamFor(seed, 'clinic-stage'), expansion);

/** The first clinic phantoms at expansion 1 from seeds s-0, s-1, ... that show the given stage. */
function firstOf(stage: EmbryoStage, n: number): Phantom[] {
  const found: Phantom[] = [];
  for (let i = 0; found.length < n && i < 400; i++) {
    if (stageOf(`st-${i}`, 1) !== stage) continue;
    found.push(renderPhantom({ seed: `st-${i}`, style: 'clinic', grades: { expansion: 1 } }));
  }
  return found;
}

describe('clinic non-blastocysts', () => {
  it('about the set share of expansion 1 is a non-blastocyst, of every kind; expansions 2-6 never are', () => {
    const stages = Array.from({ length: 400 }, (_, i) => stageOf(`share-${i}`, 1));
    const share = stages.filter((s) => s !== 'blastocyst').length / stages.length;
    expect(share).toBeGreaterThan(NON_BLASTOCYST_SHARE - 0.07);
    expect(share).toBeLessThan(NON_BLASTOCYST_SHARE + 0.07);
    expect(new Set(stages)).toEqual(new Set(['blastocyst', 'morula', 'compacting', 'cleavage', 'degenerate']));
    for (const e of [2, 3, 4, 5, 6] as const) for (let i = 0; i < 100; i++) expect(stageOf(`share-${i}`, e)).toBe('blastocyst');
  });

  it('the rendered truth records the drawn stage, over 60 seeds at expansion 1; other expansions render blastocysts', () => {
    const truths = Array.from({ length: 60 }, (_, i) => renderPhantom({ seed: `share-${i}`, style: 'clinic', grades: { expansion: 1 }, width: 96, height: 96 }).truth);
    truths.forEach((t, i) => expect(t.stage).toBe(stageOf(`share-${i}`, 1)));
    const share = truths.filter((t) => t.stage !== 'blastocyst').length / truths.length;
    expect(share).toBeGreaterThan(0.18);
    expect(share).toBeLessThan(0.52);
    for (const expansion of [2, 4, 6] as const) {
      for (let i = 0; i < 6; i++) expect(renderPhantom({ seed: `share-${i}`, style: 'clinic', grades: { expansion }, width: 96, height: 96 }).truth.stage).toBe('blastocyst');
    }
  });

  it.each(['morula', 'compacting', 'cleavage', 'degenerate'] as const)('a %s keeps expansion 1, has cells but no cavity or ICM, inside the recorded zona outline', (stage) => {
    for (const { truth } of firstOf(stage, 2)) {
      expect(truth.grades.expansion).toBe(1);
      expect(truth.stage).toBe(stage);
      const { masks, ellipse } = truth;
      expect(count(masks.blastocoel)).toBe(0);
      expect(count(masks.icm)).toBe(0);
      expect(count(masks.zona)).toBeGreaterThan(0);
      expect(truth.cellCounts.trophectoderm).toBeGreaterThanOrEqual(stage === 'cleavage' ? 3 : 6);
      // the cells fill a good part of the zona's lumen, and stay inside the outline
      const cells = count(masks.trophectoderm);
      const outline = Math.PI * ellipse.rx * ellipse.ry;
      expect(cells / outline).toBeGreaterThan(stage === 'morula' ? 0.3 : 0.12);
      expect(cells / outline).toBeLessThan(0.7);
    }
  });

  it('a morula fills most of the zona lumen with one ball: cells 60-85 % of the area inside the zona', () => {
    for (const { truth } of firstOf('morula', 3)) {
      const { masks } = truth;
      const cells = count(masks.trophectoderm);
      // inside the outline but not the zona: the lumen, cells included
      const lumen = masks.zona.length - count(masks.zona) - outsideZona(truth);
      expect(cells / lumen).toBeGreaterThan(0.5);
      expect(cells / lumen).toBeLessThan(0.9);
    }
  });

  it('same seed gives the same bytes and truth', () => {
    const [a] = firstOf('cleavage', 1);
    const b = renderPhantom({ seed: a!.truth.seed, style: 'clinic', grades: { expansion: 1 } });
    expect(sha(b.image.data)).toBe(sha(a!.image.data));
    expect(b.truth).toEqual(a!.truth);
  });
});

/** Pixels outside the zona's outer outline (the recorded ellipse). */
function outsideZona(truth: Phantom['truth']): number {
  const { cx, cy, rx, ry, angleDeg } = truth.ellipse;
  const a = (angleDeg * Math.PI) / 180;
  let n = 0;
  for (let y = 0; y < truth.masks.height; y++) {
    for (let x = 0; x < truth.masks.width; x++) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      const u = dx * Math.cos(a) + dy * Math.sin(a);
      const v = -dx * Math.sin(a) + dy * Math.cos(a);
      if ((u / rx) ** 2 + (v / ry) ** 2 > 1) n++;
    }
  }
  return n;
}
