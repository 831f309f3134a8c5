// Nuisance presets: each knob is drawn from its preset's range with the
// image's own stream, then any knob the caller fixed replaces the draw.
import type { Rng } from './random';
import type { NuisanceOverrides, NuisancePreset, NuisanceSettings } from './types';

export const NUISANCE_PRESETS: readonly NuisancePreset[] = ['none', 'default', 'high'];

type Sampler = (rng: Rng) => NuisanceSettings;

const optics = (rng: Rng) => (rng.chance(0.5) ? 'hoffman' : 'brightfield') as NuisanceSettings['optics'];
const tint = (rng: Rng) => (rng.chance(0.5) ? 'pcrm' : 'gray') as NuisanceSettings['tint'];

// Every sampler draws the same number of values in the same order, so fixing
// one knob never changes the others.
const SAMPLERS: Record<NuisancePreset, Sampler> = {
  none: (rng) => {
    const o = optics(rng);
    rng.next();
    return { illumination: 0, noise: 0, blur: 0, debris: 0, neighbours: 0, border: 0, scaleBar: false, tint: 'gray', optics: o, jpegQuality: 0 };
  },
  default: (rng) => ({
    optics: optics(rng),
    tint: tint(rng),
    illumination: rng.uniform(0, 0.4),
    noise: rng.uniform(1, 4),
    blur: rng.uniform(0, 1.2),
    debris: rng.int(0, 8),
    neighbours: rng.pick([0, 0, 0, 0, 0, 0, 1, 1, 1, 2]),
    border: rng.chance(0.3) ? rng.uniform(0.004, 0.02) : 0,
    scaleBar: rng.chance(0.5),
    jpegQuality: rng.chance(0.5) ? Math.round(rng.uniform(70, 95)) : 0,
  }),
  high: (rng) => ({
    optics: optics(rng),
    tint: tint(rng),
    illumination: rng.uniform(0.3, 0.8),
    noise: rng.uniform(4, 10),
    blur: rng.uniform(1, 3),
    debris: rng.int(5, 25),
    neighbours: rng.int(1, 3),
    border: rng.chance(0.6) ? rng.uniform(0.01, 0.04) : 0,
    scaleBar: rng.chance(0.8),
    jpegQuality: rng.chance(0.8) ? Math.round(rng.uniform(35, 75)) : 0,
  }),
};

function validate(settings: NuisanceSettings): NuisanceSettings {
  const s = settings;
  const finite = (name: keyof NuisanceSettings, v: number, lo: number, hi: number) => {
    if (!Number.isFinite(v) || v < lo || v > hi) throw new Error(`nuisance ${name} must be in [${lo}, ${hi}], got ${v}`);
  };
  finite('illumination', s.illumination, 0, 1);
  finite('noise', s.noise, 0, 64);
  finite('blur', s.blur, 0, 16);
  finite('debris', s.debris, 0, 500);
  finite('neighbours', s.neighbours, 0, 4);
  finite('border', s.border, 0, 0.2);
  finite('jpegQuality', s.jpegQuality, 0, 100);
  if (s.tint !== 'pcrm' && s.tint !== 'gray') throw new Error(`nuisance tint must be pcrm or gray, got ${String(s.tint)}`);
  if (s.optics !== 'hoffman' && s.optics !== 'brightfield') throw new Error(`nuisance optics must be hoffman or brightfield, got ${String(s.optics)}`);
  return { ...s, debris: Math.round(s.debris), neighbours: Math.round(s.neighbours), jpegQuality: Math.round(s.jpegQuality) };
}

export function resolveNuisance(spec: NuisancePreset | NuisanceOverrides | undefined, rng: Rng): NuisanceSettings {
  const overrides: NuisanceOverrides = typeof spec === 'string' ? { preset: spec } : (spec ?? {});
  const preset = overrides.preset ?? 'default';
  const sampler = SAMPLERS[preset];
  if (!sampler) throw new Error(`unknown nuisance preset "${String(preset)}" (use none, default or high)`);
  const sampled = sampler(rng);
  const fixed = Object.fromEntries(Object.entries(overrides).filter(([k, v]) => k !== 'preset' && v !== undefined));
  return validate({ ...sampled, ...fixed });
}
