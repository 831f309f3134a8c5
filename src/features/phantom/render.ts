// renderPhantom: grades + seed + nuisance -> RGBA image and exact truth.
import { encodePngRgba } from '../../lib/image/png';
import { renderClinicPhantom } from './clinic';
import { drawBorders, drawScaleBar, jpegRoundTrip, planFinish, toRgba } from './finish';
import { CELL_GRADES, EXPANSIONS } from './grades';
import { planScene } from './layout';
import { resolveNuisance } from './nuisance';
import { formImage, softenFields } from './optics';
import { createFields, createMasks, rasteriseEmbryo, rasteriseParticle } from './rasterise';
import { streamFor } from './random';
import { phantomTruth } from './truth';
import type { Phantom, PhantomGrades, PhantomOptions, PhantomStyle } from './types';

export const MIN_SIZE = 64;
export const MAX_SIZE = 4096;

function resolveGrades(seed: string, partial: Partial<PhantomGrades> | undefined): PhantomGrades {
  const rng = streamFor(seed, 'grades');
  const sampled: PhantomGrades = { expansion: rng.pick(EXPANSIONS), icm: rng.pick(CELL_GRADES), te: rng.pick(CELL_GRADES) };
  const grades = { ...sampled, ...Object.fromEntries(Object.entries(partial ?? {}).filter(([, v]) => v !== undefined)) } as PhantomGrades;
  if (!EXPANSIONS.includes(grades.expansion)) throw new Error(`expansion must be 1-6, got ${String(grades.expansion)}`);
  if (!CELL_GRADES.includes(grades.icm)) throw new Error(`icm grade must be A, B or C, got ${String(grades.icm)}`);
  if (!CELL_GRADES.includes(grades.te)) throw new Error(`te grade must be A, B or C, got ${String(grades.te)}`);
  return grades;
}

/** The resolution nuisance: long side 256..1280 px, aspect 4:3, 3:2 or 1:1. */
function resolveSize(seed: string, width: number | undefined, height: number | undefined): [number, number] {
  if (width !== undefined && height !== undefined) {
    for (const v of [width, height])
      if (!Number.isInteger(v) || v < MIN_SIZE || v > MAX_SIZE) throw new Error(`width and height must be integers in [${MIN_SIZE}, ${MAX_SIZE}], got ${width}x${height}`);
    return [width, height];
  }
  const rng = streamFor(seed, 'size');
  const long = rng.int(256, 1280);
  const aspect = rng.pick([4 / 3, 4 / 3, 3 / 2, 1]);
  const short = Math.round(long / aspect);
  return rng.chance(0.85) ? [long, short] : [short, long];
}

export const PHANTOM_STYLES: readonly PhantomStyle[] = ['default', 'clinic'];

export function renderPhantom(options: PhantomOptions): Phantom {
  const seed = String(options.seed);
  const grades = resolveGrades(seed, options.grades);
  const style = options.style ?? 'default';
  if (!PHANTOM_STYLES.includes(style)) throw new Error(`style must be ${PHANTOM_STYLES.join(' or ')}, got ${String(style)}`);
  if (style === 'clinic') {
    if (options.width !== undefined && options.height !== undefined) resolveSize(seed, options.width, options.height); // validates
    return renderClinicPhantom(seed, grades, options);
  }
  const nuisance = resolveNuisance(options.nuisance, streamFor(seed, 'nuisance'));
  const [width, height] = resolveSize(seed, options.width, options.height);
  const scene = planScene(seed, grades, nuisance, width, height);
  const optics = streamFor(seed, 'optics');
  const background = nuisance.optics === 'hoffman' ? optics.uniform(0.47, 0.58) : optics.uniform(0.62, 0.82);
  const lightAngle = optics.uniform(0, 2 * Math.PI);
  const finish = planFinish(streamFor(seed, 'finish'));

  const fields = createFields(width, height);
  const masks = createMasks(width, height);
  for (const n of scene.neighbours) rasteriseEmbryo(n, fields, scene.unit);
  for (const c of scene.companions) rasteriseEmbryo(c, fields, scene.unit, masks);
  rasteriseEmbryo(scene.main, fields, scene.unit, masks);
  softenFields(fields, scene.unit);
  // Particles have smooth analytic profiles: drawn after softening, so the
  // blur stays within the embryos' bounds.
  const grainSeed = streamFor(seed, 'debris-grain').uint32() | 0;
  for (const p of scene.particles) rasteriseParticle(p, fields, scene.unit, grainSeed);

  const gray = formImage(fields, { optics: nuisance.optics, lightAngle, background, unit: scene.unit });
  // the phase field is spent once the image is formed: it serves as the blur's scratch
  let rgba = toRgba(gray, width, height, nuisance, finish, fields.drawn, fields.phase);
  drawBorders(rgba, width, height, nuisance, finish);
  drawScaleBar(rgba, width, height, nuisance, finish);
  rgba = jpegRoundTrip(rgba, width, height, nuisance.jpegQuality);

  return { image: { width, height, data: rgba }, truth: phantomTruth(seed, grades, scene, masks, { width, height }, nuisance) };
}

/** The phantom as PNG bytes (fast-png: the same bytes in Node and the browser). */
export function phantomPng(phantom: Phantom): Uint8Array {
  return encodePngRgba(phantom.image);
}
