// Phantom localisation benchmark shared by the Vitest check and
// scripts/phantom-localisation.ts: render phantoms with exact truth, locate the
// embryo, and score the filled fitted ellipse against the filled truth ellipse (IoU).
import { renderPhantom } from '../../phantom';
import type { NuisancePreset } from '../../phantom';
import type { CV } from '../load-opencv';
import { locateEmbryo } from '../preprocess';
import { fillEllipse, iou } from './metrics';

/** The IoU the localiser must reach on phantoms, per nuisance preset (noisier images: a little lower). */
export const PHANTOM_IOU_THRESHOLD: Record<'default' | 'high', number> = { default: 0.95, high: 0.9 };

export interface PhantomCase {
  seed: string;
  expansion: number;
  /** 0 when no embryo was found. */
  iou: number;
  error?: string;
}

export interface PhantomSummary {
  nuisance: 'default' | 'high';
  n: number;
  threshold: number;
  mean: number;
  median: number;
  /** Share of phantoms with IoU >= threshold. */
  shareAtThreshold: number;
  notFound: number;
  perExpansion: Record<string, { n: number; mean: number }>;
  worst: PhantomCase[];
}

export function phantomSeed(nuisance: string, i: number): string {
  return `localise-${nuisance}-${i}`;
}

export function scorePhantom(cv: CV, seed: string, nuisance: 'default' | 'high', width = 640, height = 480): PhantomCase {
  const { image, truth } = renderPhantom({ seed, nuisance, width, height });
  const located = locateEmbryo(cv, image);
  if (!located.ok) return { seed, expansion: truth.grades.expansion, iou: 0, error: located.error };
  const score = iou(fillEllipse(located.ellipse, width, height), fillEllipse(truth.ellipse, width, height));
  return { seed, expansion: truth.grades.expansion, iou: score };
}

export function summarise(cases: PhantomCase[], nuisance: 'default' | 'high'): PhantomSummary {
  const threshold = PHANTOM_IOU_THRESHOLD[nuisance];
  const values = cases.map((c) => c.iou).sort((a, b) => a - b);
  const mid = values.length >> 1;
  const median = values.length % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  const perExpansion: PhantomSummary['perExpansion'] = {};
  for (const c of cases) {
    const e = (perExpansion[c.expansion] ??= { n: 0, mean: 0 });
    e.mean = (e.mean * e.n + c.iou) / (e.n + 1);
    e.n++;
  }
  return {
    nuisance,
    n: cases.length,
    threshold,
    mean: values.reduce((s, v) => s + v, 0) / Math.max(1, values.length),
    median,
    shareAtThreshold: values.filter((v) => v >= threshold).length / Math.max(1, values.length),
    notFound: cases.filter((c) => c.error).length,
    perExpansion,
    worst: [...cases].sort((a, b) => a.iou - b.iou).slice(0, 5),
  };
}

export function runPhantomLocalisation(cv: CV, nuisance: 'default' | 'high', n: number, onCase?: (c: PhantomCase, i: number) => void): PhantomSummary {
  const cases: PhantomCase[] = [];
  for (let i = 0; i < n; i++) {
    const c = scorePhantom(cv, phantomSeed(nuisance, i), nuisance);
    cases.push(c);
    onCase?.(c, i);
  }
  return summarise(cases, nuisance);
}

export type { NuisancePreset };
