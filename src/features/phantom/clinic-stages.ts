// Day-5 embryos that are not (yet) blastocysts, for the clinic style: a compacted
// morula, a compacting embryo, a cleavage-stage (arrested) embryo, a fragmented,
// degenerating one. A clinic's day-5 archive holds many; without them a model trained
// on phantoms read a real morula (a ball of cells in a zona) as a hatched blastocyst.
// They reuse the blastocyst's machinery: the zona from buildEmbryo, the cells as the
// inner-cell field that rasterise.ts draws for the early blastocyst's wall.
import type { BodyModel, ZonaModel } from './anatomy';
import { CellField, siteBounds } from './cells';
import type { Particle, RasterLook } from './rasterise';
import type { Rng } from './random';
import { ellipseDistance, type EllipseShape } from './shapes';
import type { EmbryoStage, Expansion } from './types';

/** Share of the clinic phantoms drawn at expansion 1 that show a non-blastocyst instead. */
export const NON_BLASTOCYST_SHARE = 0.35;

const STAGES: readonly Exclude<EmbryoStage, 'blastocyst'>[] = ['morula', 'morula', 'morula', 'compacting', 'compacting', 'cleavage', 'cleavage', 'degenerate'];

/** The stage of a clinic phantom; always draws the same numbers from rng, so the stream's later draws never depend on the expansion. */
export function drawClinicStage(rng: Rng, expansion: Expansion): EmbryoStage {
  const roll = rng.next();
  const stage = rng.pick(STAGES);
  return expansion === 1 && roll < NON_BLASTOCYST_SHARE ? stage : 'blastocyst';
}

interface StageRecipe {
  /** Cells in the ball. */
  cells: readonly number[];
  /** Area of the ball over the zona's inner area. */
  area: [number, number];
  /** Cell radius over the site spacing: > 0.75 packs cells edge to edge (Voronoi borders), less leaves them round. */
  fill: [number, number];
  /** Small fragments in the perivitelline space and among the cells. */
  fragments: [number, number];
}

const RECIPES: Record<Exclude<EmbryoStage, 'blastocyst'>, StageRecipe> = {
  morula: { cells: [16, 20, 24, 28, 32], area: [0.6, 0.85], fill: [1, 1], fragments: [0, 4] },
  compacting: { cells: [8, 10, 12, 14, 16, 20, 24, 30], area: [0.55, 0.85], fill: [0.8, 0.95], fragments: [0, 6] },
  cleavage: { cells: [4, 4, 5, 6, 7, 8, 8, 9, 10, 12, 14, 16], area: [0.55, 0.85], fill: [0.5, 0.66], fragments: [1, 12] },
  degenerate: { cells: [10, 14, 18, 24, 30], area: [0.4, 0.7], fill: [0.85, 1.1], fragments: [8, 28] },
};

/** Dart throwing inside an ellipse with a minimum spacing, relaxed until `count` sites fit (bounded). */
function scatterSites(rng: Rng, count: number, spacing: number, region: EllipseShape): number[] {
  const pts: number[] = [];
  let gap = spacing;
  // a few cells jam easily: many tries before the spacing relaxes
  const patience = Math.max(300, count * 10);
  for (let attempt = 0; attempt < patience * 8 && pts.length < 2 * count; attempt++) {
    if (attempt > 0 && attempt % patience === 0) gap *= 0.9;
    const x = rng.uniform(region.cx - region.rx, region.cx + region.rx);
    const y = rng.uniform(region.cy - region.ry, region.cy + region.ry);
    if (ellipseDistance(x, y, region) >= 0) continue;
    let ok = true;
    for (let k = 0; ok && k < pts.length; k += 2) ok = (pts[k] - x) ** 2 + (pts[k + 1] - y) ** 2 >= gap * gap;
    if (ok) pts.push(x, y);
  }
  return pts;
}

/**
 * The cells of a non-blastocyst inside the zona, as a BodyModel with no trophectoderm
 * and no cavity. A morula is one compacted ball (its body outline, all of it cells:
 * `cavity` is set outside the body, so every pixel inside belongs to a cell); the
 * others are separate round cells (`cavity` null: pixels beyond every cell's radius
 * are the perivitelline space), in a body as large as the zona's lumen.
 */
export function buildStageBody(stage: Exclude<EmbryoStage, 'blastocyst'>, rng: Rng, zona: ZonaModel, unit: number): BodyModel {
  const recipe = RECIPES[stage];
  const lumen: EllipseShape = { cx: 0, cy: 0, rx: zona.outer.rx - zona.thickness, ry: zona.outer.ry - zona.thickness };
  const scale = Math.sqrt(rng.uniform(recipe.area[0], recipe.area[1]));
  const squash = rng.uniform(0.9, 1.05);
  const slack = (1 - scale) * 0.6;
  const ball: EllipseShape = {
    cx: lumen.rx * slack * rng.uniform(-1, 1),
    cy: lumen.ry * slack * rng.uniform(-1, 1),
    rx: lumen.rx * scale,
    ry: lumen.ry * scale * squash,
  };
  const n = rng.pick(recipe.cells);
  const spacing = Math.sqrt((Math.PI * ball.rx * ball.ry) / n);
  const fill = rng.uniform(recipe.fill[0], recipe.fill[1]);
  const compact = stage === 'morula';
  // round cells keep (mostly) inside the ball; blastomeres overlap little, else a few cells read as pie slices
  const cellR = spacing * fill;
  const inset = compact ? 0 : cellR * (stage === 'cleavage' ? 0.55 : 0.75);
  const gap = compact ? 0.75 * spacing : stage === 'cleavage' ? Math.max(0.85 * spacing, 1.6 * cellR) : 0.85 * spacing;
  const siteRegion = { ...ball, rx: Math.max(unit, ball.rx - inset), ry: Math.max(unit, ball.ry - inset) };
  const pts = scatterSites(rng, n, gap, siteRegion).slice(0, 2 * n);
  const count = pts.length / 2;
  const radius = new Float64Array(count);
  const spread = stage === 'degenerate' ? 0.45 : stage === 'cleavage' ? 0.3 : 0.15;
  for (let k = 0; k < count; k++) radius[k] = Math.max(2 * unit, cellR * (1 + spread * rng.uniform(-1, 1)));
  const maxR = count ? Math.max(...radius) : 0;
  const box = siteBounds(pts, maxR);
  const far = 10 * (lumen.rx + lumen.ry);
  return {
    shape: compact ? ball : { ...lumen, rx: lumen.rx - unit, ry: lumen.ry - unit },
    hernia: null,
    te: new CellField(new Float64Array(0)),
    teThickness: new Float64Array(0),
    teHalfWidth: new Float64Array(0),
    teMaxThickness: 0,
    teJunction: 0,
    cavity: compact ? { cx: far, cy: far, rx: unit, ry: unit } : null,
    icm: new CellField(new Float64Array(pts)),
    icmRadius: radius,
    icmBox: box,
    icmMass: null,
    surface: new CellField(new Float64Array(0)),
    surfaceCellSize: spacing,
    teCellCount: count,
    icmCellCount: 0,
  };
}

/** The capture's look, adjusted for what the stage is, not how the capture looks: faint borders of a compacted ball, round blastomeres, dark degenerating cells. */
export function stageLook(stage: Exclude<EmbryoStage, 'blastocyst'>, look: RasterLook): RasterLook {
  // separate cells have no membrane round them all (the body is the zona's lumen)
  const loose = stage === 'morula' ? {} : { membrane: 0, membranePhase: 0 };
  switch (stage) {
    case 'morula':
      return { ...look, icmWall: look.icmWall * 0.4, cellDome: look.cellDome * 0.6, grain: look.grain * 0.8, icmGrain: look.icmGrain * 1.3 };
    case 'compacting':
      return { ...look, ...loose, icmWall: look.icmWall * 0.7, cellDome: look.cellDome * 0.7 };
    case 'cleavage':
      return { ...look, ...loose, icmAbsorb: look.icmAbsorb * 0.85, cellDome: look.cellDome * 1.3 };
    case 'degenerate':
      return { ...look, ...loose, icmAbsorb: look.icmAbsorb * 1.15, icmGrain: look.icmGrain * 1.4, icmWall: look.icmWall * 1.3 };
  }
}

/** Fragments (and, for a morula, a few excluded cells) inside the zona, in image pixels. */
export function stageParticles(stage: Exclude<EmbryoStage, 'blastocyst'>, rng: Rng, zona: ZonaModel, place: (u: number, v: number) => [number, number], unit: number): Particle[] {
  const recipe = RECIPES[stage];
  const particles: Particle[] = [];
  const lumen = { rx: zona.outer.rx - zona.thickness, ry: zona.outer.ry - zona.thickness };
  const count = rng.chance(stage === 'morula' ? 0.5 : 0.15) ? 0 : rng.int(recipe.fragments[0], recipe.fragments[1]);
  const excluded = stage === 'morula' && rng.chance(0.35) ? rng.int(1, 3) : 0;
  for (let k = 0; k < count + excluded; k++) {
    const theta = rng.uniform(0, 2 * Math.PI);
    // fragments gather at the lumen's rim (the perivitelline space), some among the cells
    const at = stage === 'degenerate' ? Math.sqrt(rng.next()) * 0.95 : rng.uniform(0.75, 0.95);
    const r = (k < count ? rng.uniform(1.5, stage === 'degenerate' ? 7 : 5) : rng.uniform(5, 9)) * unit;
    const [x, y] = place(lumen.rx * at * Math.cos(theta), lumen.ry * at * Math.sin(theta));
    particles.push({ x, y, r, kind: 'fragment' });
  }
  return particles;
}

/** Non-blastocysts have no cavity and no ICM: their cells are recorded in the trophectoderm mask (the embryo's cells), the gaps between them in none. */
export function recordStageMasks(masks: { trophectoderm: Uint8Array; icm: Uint8Array; blastocoel: Uint8Array }): void {
  const { trophectoderm, icm, blastocoel } = masks;
  for (let i = 0; i < icm.length; i++) if (icm[i]) trophectoderm[i] = 255;
  icm.fill(0);
  blastocoel.fill(0);
}
