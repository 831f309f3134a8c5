// Acceptance on real micrographs from ../shared/data (skipped, saying why, when absent).
import { readFileSync, readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../ingest';
import { hasSharedData, sharedDataPath, sharedDataSkipReason } from '../../lib/testing/shared-data';
import { loadOpenCv, locateEmbryo, type CV } from '.';
import { filledOuterBoundary, fillEllipse, findReferenceCrop, iou, textureDisc } from './testing/metrics';

const load = (...parts: string[]) => decodeImage(new Uint8Array(readFileSync(sharedDataPath(...parts))));
let cv: CV;
beforeAll(async () => {
  cv = await loadOpenCv();
});

describe.skipIf(!hasSharedData)(`real micrographs ${sharedDataSkipReason}`, () => {
  it('pcrm-saeedi: fitted ellipse IoU >= 0.90 with the filled outer boundary of GT_ZP', () => {
    const names = readdirSync(sharedDataPath('real/pcrm-saeedi/images'));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const image = load('real/pcrm-saeedi/images', name);
      const truth = filledOuterBoundary(cv, load('real/pcrm-saeedi/GT_ZP', name));
      const result = locateEmbryo(cv, image);
      if (!result.ok) throw new Error(`${name}: ${result.error}`);
      const score = iou(fillEllipse(result.ellipse, image.width, image.height), truth);
      expect(score, name).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('pcrm-lockhart: crop centre within 4% of width and side within 12% of the seed authors\' crop', () => {
    for (const name of readdirSync(sharedDataPath('real/pcrm-lockhart/input'))) {
      const image = load('real/pcrm-lockhart/input', name);
      const reference = findReferenceCrop(cv, image, load('real/pcrm-lockhart/reference-crop', name));
      expect(reference.score, `${name} template match`).toBeGreaterThan(0.7);
      const result = locateEmbryo(cv, image);
      if (!result.ok) throw new Error(`${name}: ${result.error}`);
      const { crop } = result;
      const centreOffset = Math.hypot(crop.x + crop.size / 2 - (reference.x + reference.size / 2), crop.y + crop.size / 2 - (reference.y + reference.size / 2));
      expect(centreOffset / image.width, `${name} centre`).toBeLessThanOrEqual(0.04);
      expect(Math.abs(crop.size / reference.size - 1), `${name} side`).toBeLessThanOrEqual(0.12);
    }
  });

  it('blastscoringnet: an independent texture-region estimate agrees (centre 5%, radius 8%) on all 16 images', () => {
    const names = readdirSync(sharedDataPath('real/blastscoringnet')).filter((n) => n.endsWith('.jpg'));
    expect(names).toHaveLength(16);
    for (const name of names) {
      const image = load('real/blastscoringnet', name);
      const result = locateEmbryo(cv, image);
      if (!result.ok) throw new Error(`${name}: ${result.error}`);
      const disc = textureDisc(cv, image);
      if (!disc) throw new Error(`${name}: independent estimate found nothing`);
      const radius = Math.sqrt(result.ellipse.rx * result.ellipse.ry);
      expect(Math.hypot(disc.cx - result.ellipse.cx, disc.cy - result.ellipse.cy) / image.width, `${name} centre`).toBeLessThanOrEqual(0.05);
      expect(Math.abs(radius / disc.r - 1), `${name} radius`).toBeLessThanOrEqual(0.08);
    }
  });
});
