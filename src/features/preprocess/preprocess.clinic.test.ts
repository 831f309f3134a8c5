// Acceptance on a clinic's own day-5 captures (../shared/data/real-signal/
// embryo-classification-d5, 140 labelled + 60 unlabelled; skipped, saying why, when
// absent): tight crops where the embryo fills the frame or is cut by it. At least
// 99 % must be located, and each located outline must be a plausible embryo of such
// a crop: large in the picture, round, mostly seen, and well inside its crop square.
import { readFileSync, readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../ingest';
import { hasSharedData, sharedDataPath, sharedDataSkipReason } from '../../lib/testing/shared-data';
import type { CropBox, Ellipse } from '../../lib/types';
import { loadOpenCv, locateEmbryo, type CV } from '.';

const SET = 'real-signal/embryo-classification-d5';
const MIN_LOCATED = 0.99;
let cv: CV;
beforeAll(async () => {
  cv = await loadOpenCv();
});

/** Share of the ellipse's area inside a width x height picture, and inside the crop square (sampled on a grid). */
function coverage(e: Ellipse, crop: CropBox, width: number, height: number): { inImage: number; inCrop: number } {
  const phi = (e.angleDeg * Math.PI) / 180;
  let total = 0;
  let inImage = 0;
  let inCrop = 0;
  for (let i = 0; i < 40; i++) {
    for (let j = 0; j < 40; j++) {
      const u = -1 + (2 * (i + 0.5)) / 40;
      const v = -1 + (2 * (j + 0.5)) / 40;
      if (u * u + v * v > 1) continue;
      const x = e.cx + u * e.rx * Math.cos(phi) - v * e.ry * Math.sin(phi);
      const y = e.cy + u * e.rx * Math.sin(phi) + v * e.ry * Math.cos(phi);
      total++;
      if (x >= 0 && y >= 0 && x < width && y < height) inImage++;
      if (x >= crop.x && y >= crop.y && x < crop.x + crop.size && y < crop.y + crop.size) inCrop++;
    }
  }
  return { inImage: inImage / total, inCrop: inCrop / total };
}

describe.skipIf(!hasSharedData)(`clinic day-5 captures ${sharedDataSkipReason}`, () => {
  it(`locates >= ${MIN_LOCATED * 100} % of the 200 images, each outline a plausible embryo well inside its crop`, () => {
    const files = ['labelled', 'unlabelled'].flatMap((folder) => readdirSync(sharedDataPath(SET, folder)).filter((n) => n.endsWith('.jpg')).map((n) => `${folder}/${n}`));
    expect(files).toHaveLength(200);
    const failures: string[] = [];
    for (const file of files) {
      const image = decodeImage(new Uint8Array(readFileSync(sharedDataPath(SET, file))));
      const result = locateEmbryo(cv, image);
      if (!result.ok) {
        failures.push(`${file}: ${result.error}`);
        continue;
      }
      const { ellipse: e, crop } = result;
      const shortSide = Math.min(image.width, image.height);
      const radius = Math.sqrt(e.rx * e.ry);
      const { inImage, inCrop } = coverage(e, crop, image.width, image.height);
      // In these tight crops the embryo spans at least 40 % of the short side (the wrong, debris-sized outlines were under 32 %).
      expect(radius / shortSide, `${file} size`).toBeGreaterThanOrEqual(0.2);
      expect(2 * Math.max(e.rx, e.ry), `${file} not larger than twice the picture`).toBeLessThanOrEqual(2 * Math.max(image.width, image.height));
      expect(Math.min(e.rx, e.ry) / Math.max(e.rx, e.ry), `${file} roundness`).toBeGreaterThanOrEqual(0.5);
      expect(inImage, `${file} share of the outline's area in the picture`).toBeGreaterThanOrEqual(0.3);
      expect(inCrop, `${file} share of the outline's area in the crop`).toBeGreaterThanOrEqual(0.98);
      expect(crop.size / (2 * Math.max(e.rx, e.ry)), `${file} crop margin`).toBeLessThanOrEqual(1.3);
    }
    expect(files.length - failures.length, failures.join('\n')).toBeGreaterThanOrEqual(Math.ceil(MIN_LOCATED * files.length));
  }, 180_000);
});
