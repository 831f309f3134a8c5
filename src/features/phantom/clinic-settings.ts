// What varies between clinic-style captures (and must not matter to a grader): crop
// tightness, illumination colour, Hoffman relief strength and direction, halo, defocus,
// sensor noise, compression, interlacing, debris. Drawn from the image's own streams;
// the nuisance preset scales the camera knobs, never the anatomy's grades.
import type { Rng } from './random';
import type { ClinicSettings, NuisanceOverrides, NuisancePreset, NuisanceSettings } from './types';
import { resolveNuisance } from './nuisance';

const CASTS: readonly [number, number, number][] = [
  [1.0, 1.0, 1.0],
  [0.98, 1.01, 0.95],
  [0.99, 0.97, 1.03],
  [1.02, 1.0, 0.94],
  [0.97, 1.0, 1.0],
];

/**
 * The camera knobs of a clinic capture as NuisanceSettings: always Hoffman-like, colour,
 * no black border or scale bar (the clinic's crops have none). The presets set how strong
 * they are; 'none' is a clean capture. `blur` is in pixels at the image's own size.
 */
export function resolveClinicNuisance(spec: NuisancePreset | NuisanceOverrides | undefined, rng: Rng): NuisanceSettings {
  const overrides: NuisanceOverrides = typeof spec === 'string' ? { preset: spec } : (spec ?? {});
  const preset = overrides.preset ?? 'default';
  const strength = preset === 'none' ? 0 : preset === 'high' ? 1.8 : 1;
  // Every knob is drawn whatever the preset, so one seed's anatomy never depends on it.
  const raw = { illumination: rng.uniform(0, 0.3), noise: rng.uniform(1.5, 5), blur: rng.uniform(0.2, 1.2), debris: rng.int(0, 10), neighbour: rng.next(), jpeg: rng.next() };
  const sampled: NuisanceSettings = {
    optics: 'hoffman',
    tint: 'pcrm',
    illumination: Math.min(1, strength * raw.illumination),
    noise: strength * raw.noise,
    blur: strength * raw.blur,
    debris: Math.round(strength * raw.debris),
    neighbours: raw.neighbour < 0.12 * strength ? 1 : 0,
    border: 0,
    scaleBar: false,
    jpegQuality: strength > 0 ? Math.round(95 - 5 * strength - 20 * strength * raw.jpeg) : 0,
  };
  // resolveNuisance validates and applies fixed knobs; its own draws are discarded.
  return resolveNuisance({ ...sampled, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)), preset: 'none' }, rng);
}

/** The capture settings but its look, which clinic-look.ts draws from a stream of its own. */
export function sampleClinicSettings(rng: Rng, expansion: number): Omit<ClinicSettings, 'look'> {
  const cast = rng.pick(CASTS);
  const jitter = () => rng.uniform(-0.025, 0.025);
  const fill = rng.chance(0.15) ? rng.uniform(1.0, 1.2) : rng.uniform(0.72, 1.0);
  const slack = Math.max(0.04, (1.15 - fill) / 2);
  return {
    fill,
    offsetX: rng.uniform(-slack, slack),
    offsetY: rng.uniform(-slack, slack),
    background: rng.uniform(0.77, 0.88),
    cast: [cast[0] + jitter(), cast[1] + jitter(), cast[2] + jitter()],
    cellColour: [rng.uniform(0.8, 0.95), rng.uniform(0.9, 1.0), rng.uniform(0.95, 1.2)],
    relief: rng.uniform(0.5, 1.2),
    lightAngle: rng.uniform(0, 2 * Math.PI),
    halo: rng.uniform(0, 0.6),
    chromatic: rng.chance(0.5) ? 1 : 0,
    sharpen: rng.uniform(0.5, 2.0),
    interlace: rng.chance(0.08),
    collapse: expansion >= 3 && expansion <= 4 && rng.chance(0.12) ? rng.uniform(0.05, 0.14) : 0,
    cavityDebris: rng.int(0, 14),
    strands: rng.pick([0, 0, 0, 1, 1, 2]),
    fragments: rng.pick([0, 0, 0, 1, 2, 4, 6]),
  };
}
