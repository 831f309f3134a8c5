// Two complete embryos side by side: the localiser crops one and warns; a single
// embryo, or one beside neighbours cut by the frame, gets no such warning.
import { readFileSync, readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../ingest';
import { renderPhantom } from '../phantom';
import { hasSharedData, sharedDataPath, sharedDataSkipReason } from '../../lib/testing/shared-data';
import type { RgbaImage } from '../../lib/types';
import { loadOpenCv, locateEmbryo, SECOND_EMBRYO_WARNING, type CV } from '.';

let cv: CV;
beforeAll(async () => {
  cv = await loadOpenCv();
});

/** A phantom with nothing else in the picture (no neighbours, border or scale bar). */
const alone = (seed: string) => renderPhantom({ seed, width: 400, height: 400, nuisance: { preset: 'default', neighbours: 0, border: 0, scaleBar: false } });

function sideBySide(left: RgbaImage, right: RgbaImage): RgbaImage {
  const width = left.width + right.width;
  const height = Math.max(left.height, right.height);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    data.set(left.data.subarray(y * left.width * 4, (y + 1) * left.width * 4), y * width * 4);
    data.set(right.data.subarray(y * right.width * 4, (y + 1) * right.width * 4), (y * width + left.width) * 4);
  }
  return { width, height, data };
}

describe('a second complete embryo', () => {
  for (const [a, b] of [['pair-a', 'pair-b'], ['pair-c', 'pair-d']]) {
    it(`two phantoms side by side (${a}, ${b}): one is cropped, with a warning naming the second`, () => {
      const left = alone(a);
      const right = alone(b);
      const result = locateEmbryo(cv, sideBySide(left.image, right.image));
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.warnings).toContain(SECOND_EMBRYO_WARNING);
      // The crop holds one of the two, not the pair.
      const truths = [left.truth.ellipse, { ...right.truth.ellipse, cx: right.truth.ellipse.cx + left.image.width }];
      const nearest = Math.min(...truths.map((t) => Math.hypot(t.cx - result.ellipse.cx, t.cy - result.ellipse.cy)));
      expect(nearest).toBeLessThan(0.1 * Math.max(left.truth.ellipse.rx, left.truth.ellipse.ry));
    });
  }

  it('one phantom alone: no second-embryo warning', () => {
    for (const seed of ['pair-a', 'pair-b']) {
      const result = locateEmbryo(cv, alone(seed).image);
      expect(result.ok).toBe(true);
      expect(result.warnings).not.toContain(SECOND_EMBRYO_WARNING);
    }
  });
});

describe.skipIf(!hasSharedData)(`no second-embryo warning on real single-embryo micrographs ${sharedDataSkipReason}`, () => {
  it('pcrm-lockhart (neighbours cut by the frame are not complete embryos) and pcrm-saeedi', () => {
    for (const folder of ['real/pcrm-lockhart/input', 'real/pcrm-saeedi/images']) {
      for (const name of readdirSync(sharedDataPath(folder))) {
        const result = locateEmbryo(cv, decodeImage(new Uint8Array(readFileSync(sharedDataPath(folder, name)))));
        expect(result.warnings, `${folder}/${name}`).not.toContain(SECOND_EMBRYO_WARNING);
      }
    }
  });
});
