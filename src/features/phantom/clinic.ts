// The 'clinic' style: a tight colour capture of one embryo as a clinic's day-5
// archive holds them (the embryo fills 70-120 % of a small, mostly square frame, or is
// cut by it). Same anatomy model and exact truth as the default style, with its own
// cell recipes (a thin epithelium of many flat TE cells; a granular ICM), optical
// constants, cavity debris and strands, and colour Hoffman image formation.
import type { Ellipse } from '../../lib/types';
import { buildEmbryo, buildEmptyZona, EXPANSION_SCALE, type CellRecipes, type EmbryoModel } from './anatomy';
import { applyClinicLook, sampleClinicLook } from './clinic-look';
import { buildStageBody, drawClinicStage, recordStageMasks, stageLook, stageParticles } from './clinic-stages';
import { formClinicImage } from './clinic-optics';
import { resolveClinicNuisance, sampleClinicSettings } from './clinic-settings';
import { jpegArtefacts } from './jpeg-artefacts';
import { CELL_GRADES, EXPANSIONS } from './grades';
import { softenFields } from './optics';
import { createFields, createMasks, DEFAULT_LOOK, rasteriseEmbryo, rasteriseParticle, type Particle, type RasterLook } from './rasterise';
import { streamFor, type Rng } from './random';
import { rasteriseStrand, type Strand } from './strands';
import { phantomTruth } from './truth';
import type { ClinicSettings, Phantom, PhantomGrades, PhantomOptions } from './types';

/** Many flat TE cells in a thin, even layer for A; few, thick, bulging cells with gaps for C. */
export const CLINIC_RECIPES: CellRecipes = {
  te: {
    A: { cells: [30, 42], thickness: 0.075, jitter: 0.15, variation: 0.15, junction: 0.6, missing: 0 },
    B: { cells: [16, 22], thickness: 0.09, jitter: 0.3, variation: 0.35, junction: 0.22, missing: 0.08 },
    C: { cells: [7, 11], thickness: 0.12, jitter: 0.3, variation: 0.5, junction: 0.02, missing: 0.25 },
  },
  icm: {
    A: { cells: [34, 48], along: 0.6, across: 0.42, fill: 1.35 },
    B: { cells: [12, 18], along: 0.5, across: 0.34, fill: 0.8 },
    C: { cells: [3, 6], along: 0.32, across: 0.22, fill: 0.62 },
  },
  // early blastocysts of the clinic's archive: a wall of a few dozen rounded cells
  earlyCells: [14, 30],
  // en face, the flattened TE cells look larger and less regular than their sections on the rim
  surfaceScale: 1.5,
};

/** Dense granular cytoplasm, visible cell borders and the TE mesh seen across the cavity; each capture scales these by its own look (clinic-look.ts). */
export const CLINIC_LOOK: RasterLook = {
  ...DEFAULT_LOOK,
  zonaPhase: 0.3,
  zonaAbsorb: -0.03,
  zonaGrain: 0.1,
  zonaEdge: 0.2,
  membrane: 0.7,
  membranePhase: 0.8,
  teAbsorb: 0.32,
  teGrain: 0.6,
  teWall: 0.45,
  icmAbsorb: 0.55,
  icmGrain: 0.7,
  icmWall: 0.3,
  surfaceWall: 0.28,
  surfacePhase: 0.25,
  cavityBlotch: 1.5,
  speckle: 0.35,
  phaseGrain: 0.5,
  surfaceDome: 1.3,
  // across the cavity as dark and granular as the cells of an early embryo, on average
  surfaceAbsorb: 0.04,
  surfaceGrain: 0.45,
  surfaceBlotch: 0.55,
  grain: 1.6,
  line: 1.3,
  cellDome: 1.0,
};

function resolveClinicSize(seed: string, width: number | undefined, height: number | undefined): [number, number] {
  const rng = streamFor(seed, 'clinic-size');
  const typical = rng.chance(0.7);
  const side = rng.int(230, 420);
  const aspect = rng.uniform(0.9, 1.1);
  if (width !== undefined && height !== undefined) return [width, height];
  return typical ? [256, 256] : [side, Math.round(side * aspect)];
}

interface ClinicScene {
  unit: number;
  main: EmbryoModel;
  companions: EmbryoModel[];
  neighbours: EmbryoModel[];
  ellipse: Ellipse;
  hernia: { cx: number; cy: number; r: number } | null;
}

function toImage(model: EmbryoModel, u: number, v: number): [number, number] {
  const c = Math.cos(model.angle);
  const s = Math.sin(model.angle);
  return [model.x + u * c - v * s, model.y + u * s + v * c];
}

function planClinicScene(seed: string, grades: PhantomGrades, c: ClinicSettings, neighbourCount: number, width: number, height: number): ClinicScene {
  const layout = streamFor(seed, 'clinic-layout');
  const short = Math.min(width, height);
  const aspect = layout.uniform(0.9, 1);
  const angle = layout.uniform(0, Math.PI);
  const outlineR = (c.fill * short) / 2;
  const baseRadius = outlineR / EXPANSION_SCALE[grades.expansion];
  const unit = Math.max(0.35, baseRadius / 85);
  const x = width / 2 + c.offsetX * short;
  const y = height / 2 + c.offsetY * short;
  const main = buildEmbryo(grades, streamFor(seed, 'embryo'), x, y, angle, { baseRadius, unit, aspect, recipes: CLINIC_RECIPES, collapse: c.collapse });
  const outline = main.zona?.outer ?? main.body!.shape;
  const ellipse: Ellipse = { cx: x, cy: y, rx: outline.rx, ry: outline.ry, angleDeg: (angle * 180) / Math.PI };

  const companions: EmbryoModel[] = [];
  if (grades.expansion === 6) {
    const rng = streamFor(seed, 'empty-zona');
    const empty = buildEmptyZona(rng, 0, 0, rng.uniform(0, Math.PI), { baseRadius, unit, aspect });
    const theta = rng.uniform(0, 2 * Math.PI);
    const dist = outline.rx + empty.zona!.outer.rx * rng.uniform(0.95, 1.2);
    empty.x = x + dist * Math.cos(theta);
    empty.y = y + dist * Math.sin(theta);
    companions.push(empty);
  }

  const neighbours: EmbryoModel[] = [];
  const rng = streamFor(seed, 'neighbours');
  for (let k = 0; k < neighbourCount; k++) {
    const g: PhantomGrades = { expansion: rng.pick(EXPANSIONS.slice(0, 5)), icm: rng.pick(CELL_GRADES), te: rng.pick(CELL_GRADES) };
    const n = buildEmbryo(g, streamFor(seed, `neighbour-${k}`), 0, 0, rng.uniform(0, Math.PI), { baseRadius: baseRadius * rng.uniform(0.9, 1.1), unit, aspect: rng.uniform(0.9, 1), recipes: CLINIC_RECIPES });
    // in a corner, touching the main embryo's outline at most
    const theta = Math.PI / 4 + (Math.PI / 2) * rng.int(0, 3) + rng.uniform(-0.3, 0.3);
    const dist = outlineR + n.extent * rng.uniform(1.0, 1.15);
    n.x = x + dist * Math.cos(theta);
    n.y = y + dist * Math.sin(theta);
    neighbours.push(n);
  }
  const h = main.body?.hernia;
  const hernia = h ? (([hx, hy]) => ({ cx: hx, cy: hy, r: h.r }))(toImage(main, h.cx, h.cy)) : null;
  return { unit, main, companions, neighbours, ellipse, hernia };
}

/** A random pixel of a mask (rejection sampling, bounded); null when none is hit. */
function pickInMask(rng: Rng, mask: Uint8Array, width: number, height: number): [number, number] | null {
  for (let attempt = 0; attempt < 60; attempt++) {
    const x = rng.int(0, width - 1);
    const y = rng.int(0, height - 1);
    if (mask[y * width + x]) return [x + 0.5, y + 0.5];
  }
  return null;
}

function debris(seed: string, scene: ClinicScene, c: ClinicSettings, mediumDebris: number, masks: ReturnType<typeof createMasks>, width: number, height: number): { particles: Particle[]; strands: Strand[] } {
  const rng = streamFor(seed, 'clinic-debris');
  const { unit, ellipse } = scene;
  const particles: Particle[] = [];
  const strands: Strand[] = [];
  for (let k = 0; k < c.cavityDebris; k++) {
    const at = pickInMask(rng, masks.blastocoel, width, height);
    const r = rng.uniform(0.8, 3.5) * unit;
    const kind = rng.chance(0.6) ? 'fragment' : 'dust';
    if (at) particles.push({ x: at[0], y: at[1], r, kind });
  }
  for (let k = 0; k < c.strands; k++) {
    const a = pickInMask(rng, masks.blastocoel, width, height);
    const b = pickInMask(rng, masks.blastocoel, width, height);
    const bend = rng.uniform(-0.4, 0.4);
    const w = rng.uniform(0.6, 1.4) * unit;
    const strength = rng.uniform(0.15, 0.35);
    if (!a || !b) continue;
    const mx = (a[0] + b[0]) / 2 - bend * (b[1] - a[1]);
    const my = (a[1] + b[1]) / 2 + bend * (b[0] - a[0]);
    strands.push({ x0: a[0], y0: a[1], cx: mx, cy: my, x1: b[0], y1: b[1], width: w, strength });
  }
  const radius = Math.max(ellipse.rx, ellipse.ry);
  // cell fragments: just outside the cells, inside or beside the zona
  for (let k = 0; k < c.fragments; k++) {
    const theta = rng.uniform(0, 2 * Math.PI);
    const dist = radius * rng.uniform(0.85, 1.15);
    const r = rng.uniform(2, 6) * unit;
    particles.push({ x: ellipse.cx + dist * Math.cos(theta), y: ellipse.cy + dist * Math.sin(theta), r, kind: 'fragment' });
  }
  for (let k = 0; k < mediumDebris; k++) {
    const x = rng.uniform(0, width);
    const y = rng.uniform(0, height);
    const r = rng.uniform(0.8, 3) * unit;
    const kind = rng.chance(0.5) ? 'fragment' : 'dust';
    if (Math.hypot(x - ellipse.cx, y - ellipse.cy) > radius + r + 2 * unit) particles.push({ x, y, r, kind });
  }
  return { particles, strands };
}

export function renderClinicPhantom(seed: string, grades: PhantomGrades, options: PhantomOptions): Phantom {
  const nuisance = resolveClinicNuisance(options.nuisance, streamFor(seed, 'nuisance'));
  // the look has a stream of its own: adding it left every other draw as it was
  const settings: ClinicSettings = { ...sampleClinicSettings(streamFor(seed, 'clinic'), grades.expansion), look: sampleClinicLook(streamFor(seed, 'clinic-look')) };
  const look = applyClinicLook(CLINIC_LOOK, settings.look);
  const [width, height] = resolveClinicSize(seed, options.width, options.height);
  const scene = planClinicScene(seed, grades, settings, nuisance.neighbours, width, height);
  // a share of expansion 1 shows an embryo that is no blastocyst yet; its own stream leaves every other draw as it was
  const stageRng = streamFor(seed, 'clinic-stage');
  const stage = drawClinicStage(stageRng, grades.expansion);
  const main = scene.main;
  if (stage !== 'blastocyst') main.body = buildStageBody(stage, stageRng, main.zona!, scene.unit);
  const finishRng = streamFor(seed, 'finish');
  const finish = { gradientAngle: finishRng.uniform(0, 2 * Math.PI), vignetteX: finishRng.uniform(-0.2, 0.2), vignetteY: finishRng.uniform(-0.2, 0.2), noiseSeed: finishRng.uint32() | 0 };

  const fields = createFields(width, height);
  const masks = createMasks(width, height);
  for (const n of scene.neighbours) rasteriseEmbryo(n, fields, scene.unit, undefined, look);
  for (const c of scene.companions) rasteriseEmbryo(c, fields, scene.unit, masks, look);
  rasteriseEmbryo(main, fields, scene.unit, masks, stage === 'blastocyst' ? look : stageLook(stage, look));
  softenFields(fields, scene.unit);
  if (stage !== 'blastocyst') recordStageMasks(masks);
  const { particles, strands } = debris(seed, scene, settings, nuisance.debris, masks, width, height);
  if (stage !== 'blastocyst') particles.push(...stageParticles(stage, stageRng, main.zona!, (u, v) => toImage(main, u, v), scene.unit));
  const grainSeed = streamFor(seed, 'debris-grain').uint32() | 0;
  for (const p of particles) rasteriseParticle(p, fields, scene.unit, grainSeed);
  for (const s of strands) rasteriseStrand(s, fields);

  let rgba = formClinicImage(fields, settings, nuisance, finish, scene.unit);
  rgba = jpegArtefacts(rgba, width, height, nuisance.jpegQuality);

  return {
    image: { width, height, data: rgba },
    truth: { ...phantomTruth(seed, grades, scene, masks, { width, height }, nuisance), style: 'clinic', stage, clinic: settings },
  };
}
