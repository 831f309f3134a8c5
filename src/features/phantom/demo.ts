// The app's "Load demo batch": 12 phantoms, mostly expansion 3-5 (what a lab
// actually grades), every ICM and TE grade present, PCRM-like colour.
import { encodePngRgba } from '../../lib/image/png';
import { createRng } from './random';
import { renderPhantom } from './render';
import type { PhantomGrades, PhantomTruth } from './types';

export const DEMO_SEED = 20261126;

/** Fixed grade plan: expansion 3-5 mostly, one 2 and one 6; A, B and C for both ICM and TE. */
const DEMO_GRADES: PhantomGrades[] = [
  { expansion: 4, icm: 'A', te: 'A' },
  { expansion: 3, icm: 'B', te: 'B' },
  { expansion: 5, icm: 'A', te: 'B' },
  { expansion: 4, icm: 'C', te: 'C' },
  { expansion: 3, icm: 'A', te: 'C' },
  { expansion: 4, icm: 'B', te: 'A' },
  { expansion: 2, icm: 'B', te: 'C' },
  { expansion: 5, icm: 'C', te: 'B' },
  { expansion: 4, icm: 'A', te: 'B' },
  { expansion: 3, icm: 'C', te: 'A' },
  { expansion: 6, icm: 'B', te: 'B' },
  { expansion: 4, icm: 'B', te: 'C' },
];

export interface DemoFile {
  /** "demo-01.png" ... : no grade in the name, so the truth is not given away. */
  name: string;
  png: Uint8Array;
  truth: PhantomTruth;
}

export function demoBatch(seed: number = DEMO_SEED): DemoFile[] {
  // The order is shuffled by the seed so the grades do not follow the file names.
  const rng = createRng(`${seed}/demo-order`);
  const order = DEMO_GRADES.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order.map((g, k) => {
    const phantom = renderPhantom({
      seed: `${seed}/demo-${k + 1}`,
      grades: DEMO_GRADES[g],
      nuisance: { preset: 'default', tint: 'pcrm' },
      width: 640,
      height: 480,
    });
    return { name: `demo-${String(k + 1).padStart(2, '0')}.png`, png: encodePngRgba(phantom.image), truth: phantom.truth };
  });
}
