// How dark, granular and coloured a clinic capture's cells look, drawn per image from its
// own stream and never from the grades. Real captures range from pale, clean cells with
// crisp outlines to dark, brown, granular ones at every stage; when the phantoms tied
// darkness or texture to the expansion (dense dark early embryos, pale clean expanded
// ones), a model trained on them learned that cue, and it is inverted on real embryos.
import type { RasterLook } from './rasterise';
import type { Rng } from './random';
import type { ClinicLook, ClinicSettings } from './types';

const TINTS: readonly [number, number, number][] = [
  [1, 1, 1],
  [1, 1, 1],
  [1.08, 0.92, 1.04], // greenish cells (red and blue absorbed more)
  [0.94, 1.0, 1.08], // warmer, yellower cells
];

/** A factor spread evenly on a log scale between lo and hi. */
const logUniform = (rng: Rng, lo: number, hi: number) => Math.exp(rng.uniform(Math.log(lo), Math.log(hi)));

/** Draws the look; takes no grades, so two phantoms of one seed look alike whatever their expansion. */
export function sampleClinicLook(rng: Rng): ClinicLook {
  return {
    darkness: logUniform(rng, 0.45, 1.9),
    icmDarkness: logUniform(rng, 0.75, 1.35),
    surfaceDarkness: logUniform(rng, 0.6, 1.6),
    grain: logUniform(rng, 0.35, 2.0),
    grainSize: rng.uniform(0.8, 1.5),
    walls: logUniform(rng, 0.35, 1.8),
    zonaAbsorb: rng.uniform(-0.04, 0.16),
    blotch: logUniform(rng, 0.4, 1.9),
    domes: logUniform(rng, 0.35, 1.4),
    chroma: rng.uniform(0, 1.7),
    tint: rng.pick(TINTS),
  };
}

/** The clinic constants scaled by one capture's look. */
export function applyClinicLook(base: RasterLook, look: ClinicLook): RasterLook {
  const dark = look.darkness;
  return {
    ...base,
    // a thick pale zona must not stand for an early embryo either
    zonaAbsorb: base.zonaAbsorb + look.zonaAbsorb,
    zonaGrain: base.zonaGrain * look.grain,
    teAbsorb: base.teAbsorb * dark,
    icmAbsorb: base.icmAbsorb * dark * look.icmDarkness,
    surfaceAbsorb: base.surfaceAbsorb * dark * look.surfaceDarkness,
    teGrain: base.teGrain * look.grain,
    icmGrain: base.icmGrain * look.grain,
    surfaceGrain: base.surfaceGrain * look.grain * Math.sqrt(dark),
    speckle: base.speckle * look.grain,
    phaseGrain: base.phaseGrain * look.grain,
    grain: base.grain * look.grainSize,
    teWall: base.teWall * look.walls,
    icmWall: base.icmWall * look.walls,
    surfaceWall: base.surfaceWall * look.walls,
    membrane: base.membrane * Math.sqrt(look.walls),
    cavityBlotch: base.cavityBlotch * look.blotch,
    cellDome: base.cellDome * look.domes,
    surfaceDome: base.surfaceDome * look.domes,
    surfaceBlotch: base.surfaceBlotch * look.blotch * Math.sqrt(dark),
  };
}

/** The cells' absorption colour of a capture: its drawn colour, more or less saturated, tinted. */
export function clinicCellColour(settings: ClinicSettings): [number, number, number] {
  const { chroma, tint } = settings.look;
  const c = settings.cellColour;
  const mean = (c[0] + c[1] + c[2]) / 3;
  return [0, 1, 2].map((ch) => (mean + chroma * (c[ch]! - mean)) * tint[ch]!) as [number, number, number];
}
