// Localisation accuracy on synthetic phantoms, whose truth is exact: the IoU of the
// filled fitted ellipse with the filled truth ellipse, aggregated over a small
// sample here (the full 200-phantom runs: scripts/phantom-localisation.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOpenCv, type CV } from '.';
import { PHANTOM_IOU_THRESHOLD, runPhantomLocalisation } from './testing/phantom-localisation';

const SAMPLE = 24;
let cv: CV;
beforeAll(async () => {
  cv = await loadOpenCv();
});

describe('phantom localisation', () => {
  for (const nuisance of ['default', 'high'] as const) {
    it(`${nuisance} nuisance: mean and median IoU >= ${PHANTOM_IOU_THRESHOLD[nuisance]} on ${SAMPLE} phantoms`, () => {
      const summary = runPhantomLocalisation(cv, nuisance, SAMPLE);
      const detail = JSON.stringify({ mean: summary.mean, median: summary.median, share: summary.shareAtThreshold, worst: summary.worst });
      expect(summary.median, detail).toBeGreaterThanOrEqual(summary.threshold);
      expect(summary.mean, detail).toBeGreaterThanOrEqual(summary.threshold);
    }, 120_000);
  }
});
