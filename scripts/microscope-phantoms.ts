// The unfamiliar "microscope" the learning measurements use: brightfield with defocus past the
// 'high' preset's 1-3 px and a warm colour cast with lowered contrast that no phantom preset has.
// One definition for learn-phantom-microscope.ts, learn-curve-phantoms.ts and
// write-microscope-phantoms.ts, so their phantoms come from the same microscope.
import { balancedGrades, renderPhantom, type PhantomGrades, type NuisanceOverrides, type Phantom } from '../src/features/phantom';

/** Defocus past the 'high' preset's 1-3 px, brightfield, otherwise the default preset's knobs. */
export const MICROSCOPE: NuisanceOverrides = { preset: 'default', blur: 4.5, optics: 'brightfield', tint: 'gray' };
/** Per-channel gain and offset, then contrast squeezed towards mid-grey. */
export const CAST = { gain: [1.0, 0.78, 0.45], offset: [40, 10, -5], contrast: 0.7 };

export function throughMicroscope(phantom: Phantom): Phantom {
  const data = phantom.image.data;
  for (let i = 0; i < data.length; i += 4) {
    for (let c = 0; c < 3; c++) {
      const v = (data[i + c]! * CAST.gain[c]! + CAST.offset[c]! - 128) * CAST.contrast + 128;
      data[i + c] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
  return phantom;
}

/** Phantom i of a balanced set (every Gardner combination equally often) through the microscope, 480x360. */
export function microscopePhantom(i: number, seed: string): { phantom: Phantom; grades: PhantomGrades } {
  const grades = balancedGrades(i, seed);
  return { phantom: throughMicroscope(renderPhantom({ seed: `${seed}/${i}`, grades, nuisance: MICROSCOPE, width: 480, height: 360 })), grades };
}
