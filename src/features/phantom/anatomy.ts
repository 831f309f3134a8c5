// The blastocyst as geometry, in the embryo's own frame (origin at the zona
// centre, axes along the outline's axes): zona ring, cell body (with a hernia
// through the zona at expansion 5), trophectoderm cells lining the body,
// inner-cell-mass cells, and the blastocoel. Grades set the numbers here;
// rasterise.ts turns them into pixels.
import { CellField, siteBounds } from './cells';
import type { Rng } from './random';
import { ellipseDistance, type EllipseShape } from './shapes';
import type { CellGrade, Expansion, PhantomGrades } from './types';

export interface Hernia {
  cx: number;
  cy: number;
  r: number;
}

export interface ZonaModel {
  outer: EllipseShape;
  thickness: number;
  /** A circle where the zona is open (the hernia's exit, or the empty zona's slit). */
  gap: Hernia | null;
}

export interface BodyModel {
  shape: EllipseShape;
  hernia: Hernia | null;
  /** Sites of trophectoderm cells along the body's edge (and the hernia's). */
  te: CellField;
  teThickness: Float64Array;
  teHalfWidth: Float64Array;
  /** Largest TE thickness: pixels deeper than this are never TE. */
  teMaxThickness: number;
  /** Relative thickness kept at cell junctions: high = cohesive layer, 0 = cells barely touching. */
  teJunction: number;
  /** Explicit cavity for expansion 1-2; null = everything inside the TE layer. */
  cavity: EllipseShape | null;
  icm: CellField;
  icmRadius: Float64Array;
  /** Box (body frame) outside which no ICM cell reaches. */
  icmBox: { x0: number; y0: number; x1: number; y1: number };
  /** The ICM as one mass (expansion >= 3): centre, half-axes along/across the wall, wall direction; it bulges as a whole. */
  icmMass: { cx: number; cy: number; along: number; across: number; cos: number; sin: number; cohesion: number } | null;
  /** Cells of the near and far TE surfaces, seen faintly across the cavity. */
  surface: CellField;
  surfaceCellSize: number;
  teCellCount: number;
  icmCellCount: number;
}

export interface EmbryoModel {
  /** Image position of the frame origin and the frame's rotation (radians). */
  x: number;
  y: number;
  angle: number;
  zona: ZonaModel | null;
  body: BodyModel | null;
  /** Radius around the origin that encloses everything (for the pixel bounds). */
  extent: number;
  /** Seed of this embryo's per-pixel granularity. */
  grainSeed: number;
}

/** Outer zona radius relative to the unexpanded embryo: the blastocyst grows from expansion 4. */
export const EXPANSION_SCALE: Record<Expansion, number> = { 1: 1, 2: 1, 3: 1.04, 4: 1.24, 5: 1.32, 6: 1.42 };
/** Zona thickness as a fraction of the zona radius: it thins as the embryo expands. */
const ZONA_THICKNESS: Record<Expansion, number> = { 1: 0.17, 2: 0.155, 3: 0.12, 4: 0.075, 5: 0.06, 6: 0.05 };
/** Perivitelline gap between zona and cells, fraction of zona radius. */
const PERIVITELLINE_GAP: Record<Expansion, number> = { 1: 0.07, 2: 0.035, 3: 0, 4: 0, 5: 0, 6: 0 };
/** Blastocoel area fraction of the body for the early stages. */
const CAVITY_FRACTION: Record<1 | 2, [number, number]> = { 1: [0.18, 0.38], 2: [0.5, 0.68] };

export interface TeRecipe {
  cells: [number, number];
  thickness: number;
  jitter: number;
  variation: number;
  junction: number;
  missing: number;
}
const TE_RECIPES: Record<CellGrade, TeRecipe> = {
  // many flat cells, an even, cohesive layer
  A: { cells: [24, 34], thickness: 0.085, jitter: 0.12, variation: 0.12, junction: 0.5, missing: 0 },
  // fewer cells, uneven and loose
  B: { cells: [13, 18], thickness: 0.1, jitter: 0.28, variation: 0.3, junction: 0.18, missing: 0.06 },
  // very few large cells, bulging, with thin stretches between them
  C: { cells: [6, 9], thickness: 0.13, jitter: 0.3, variation: 0.45, junction: 0.02, missing: 0.2 },
};

export interface IcmRecipe {
  cells: [number, number];
  /** Blob radii along and across the wall, as fractions of the cavity radius. */
  along: number;
  across: number;
  /** Cell radius relative to the site spacing: > 0.7 packs cells edge to edge; less leaves gaps. */
  fill: number;
}
const ICM_RECIPES: Record<CellGrade, IcmRecipe> = {
  A: { cells: [22, 34], along: 0.48, across: 0.34, fill: 1.1 },
  B: { cells: [8, 13], along: 0.42, across: 0.3, fill: 0.7 },
  C: { cells: [2, 5], along: 0.3, across: 0.2, fill: 0.62 },
};

/**
 * Dart throwing with a minimum spacing (a bucket grid keeps the neighbour
 * check local): seeded, bounded, good enough for a few hundred cells.
 */
function scatter(rng: Rng, count: number, spacing: number, box: { x0: number; y0: number; x1: number; y1: number }, inside: (x: number, y: number) => boolean): number[] {
  const pts: number[] = [];
  const minSq = spacing * spacing;
  const cols = Math.max(1, Math.ceil((box.x1 - box.x0) / spacing));
  const rows = Math.max(1, Math.ceil((box.y1 - box.y0) / spacing));
  const buckets: number[][] = Array.from({ length: cols * rows }, () => []);
  const bucketOf = (v: number, lo: number, n: number) => Math.min(n - 1, Math.max(0, Math.floor((v - lo) / spacing)));
  for (let attempt = 0; attempt < count * 40 && pts.length < 2 * count; attempt++) {
    const x = rng.uniform(box.x0, box.x1);
    const y = rng.uniform(box.y0, box.y1);
    if (!inside(x, y)) continue;
    const bx = bucketOf(x, box.x0, cols);
    const by = bucketOf(y, box.y0, rows);
    let ok = true;
    for (let j = Math.max(0, by - 1); ok && j <= Math.min(rows - 1, by + 1); j++) {
      for (let i = Math.max(0, bx - 1); ok && i <= Math.min(cols - 1, bx + 1); i++) {
        for (const k of buckets[j * cols + i]) {
          const dx = pts[k] - x;
          const dy = pts[k + 1] - y;
          if (dx * dx + dy * dy < minSq) {
            ok = false;
            break;
          }
        }
      }
    }
    if (ok) {
      buckets[by * cols + bx].push(pts.length);
      pts.push(x, y);
    }
  }
  return pts;
}

export interface BuildOptions {
  /** Zona outer radius before expansion, in pixels. */
  baseRadius: number;
  /** Pixels per reference pixel (image short side / 480): sets line widths and minimum sizes. */
  unit: number;
  aspect: number;
  /** Fraction by which the cells have shrunk away from the zona (a collapsing blastocyst); 0 when absent. */
  collapse?: number;
  /** Cell recipes per grade; the default style's when absent. */
  recipes?: CellRecipes;
}

export interface CellRecipes {
  te: Record<CellGrade, TeRecipe>;
  icm: Record<CellGrade, IcmRecipe>;
  /**
   * Expansion 1-2: how many cells make the wall round the cavity, whatever the ICM grade
   * (not gradable there); absent = the ICM recipe's count, as the default style has it.
   */
  earlyCells?: [number, number];
  /** Size of the TE cells seen across the cavity, relative to the rim's cell spacing (default 0.9). */
  surfaceScale?: number;
}

function ellipsePoint(e: EllipseShape, phi: number, inset: number): [number, number] {
  return [e.cx + (e.rx - inset) * Math.cos(phi), e.cy + (e.ry - inset) * Math.sin(phi)];
}

function buildBody(grades: PhantomGrades, rng: Rng, shape: EllipseShape, hernia: Hernia | null, unit: number, recipes?: CellRecipes): BodyModel {
  const te = (recipes?.te ?? TE_RECIPES)[grades.te];
  const meanR = (shape.rx + shape.ry) / 2;
  const stretch = grades.expansion >= 4 ? 0.85 : 1;
  const baseT = Math.max(2.5 * unit, meanR * te.thickness * stretch);
  const nTe = rng.int(te.cells[0], te.cells[1]);
  const spacing = (2 * Math.PI * meanR) / nTe;
  const phi0 = rng.uniform(0, 2 * Math.PI);
  const sites: number[] = [];
  const thickness: number[] = [];
  const halfWidth: number[] = [];
  const addSite = (x: number, y: number) => {
    const missing = rng.chance(te.missing);
    sites.push(x, y);
    thickness.push(baseT * Math.max(0.25, 1 + te.variation * rng.uniform(-1, 1)) * (missing ? 0.3 : 1));
    halfWidth.push(spacing / 2);
  };
  for (let k = 0; k < nTe; k++) {
    const phi = phi0 + ((k + te.jitter * rng.uniform(-1, 1)) * 2 * Math.PI) / nTe;
    const [x, y] = ellipsePoint(shape, phi, baseT / 2);
    if (hernia && Math.sqrt((x - hernia.cx) ** 2 + (y - hernia.cy) ** 2) < hernia.r - baseT) {
      rng.next();
      rng.next();
      continue; // this stretch of the wall is inside the hernia's neck
    }
    addSite(x, y);
  }
  const equatorialCells = sites.length / 2;
  if (hernia) {
    const n = Math.max(3, Math.round((2 * Math.PI * hernia.r) / spacing));
    for (let k = 0; k < n; k++) {
      const psi = ((k + 0.2 * rng.uniform(-1, 1)) * 2 * Math.PI) / n;
      const x = hernia.cx + (hernia.r - baseT / 2) * Math.cos(psi);
      const y = hernia.cy + (hernia.r - baseT / 2) * Math.sin(psi);
      if (ellipseDistance(x, y, shape) > baseT * 0.5) addSite(x, y);
    }
  }
  const teMax = Math.max(...thickness);

  // Cavity and inner cell mass.
  const inner: EllipseShape = { cx: shape.cx, cy: shape.cy, rx: shape.rx - baseT, ry: shape.ry - baseT };
  const icmAngle = rng.uniform(0, 2 * Math.PI);
  const icmRecipe = (recipes?.icm ?? ICM_RECIPES)[grades.icm];
  const nIcm = rng.int(icmRecipe.cells[0], icmRecipe.cells[1]);
  let cavity: EllipseShape | null = null;
  let icmPts: number[];
  let icmSpacing: number;
  let icmMass: BodyModel['icmMass'] = null;
  if (grades.expansion <= 2) {
    const [lo, hi] = CAVITY_FRACTION[grades.expansion as 1 | 2];
    const f = Math.sqrt(rng.uniform(lo, hi));
    const crx = inner.rx * f;
    const cry = inner.ry * f;
    const shift = (Math.min(inner.rx, inner.ry) - Math.max(crx, cry)) * 0.8;
    cavity = { cx: inner.cx - shift * Math.cos(icmAngle), cy: inner.cy - shift * Math.sin(icmAngle), rx: crx, ry: cry };
    // Early blastocysts: the inner cells fill the thick wall around the eccentric cavity.
    const wallArea = Math.PI * (inner.rx * inner.ry - crx * cry);
    const nWall = recipes?.earlyCells ? rng.int(recipes.earlyCells[0], recipes.earlyCells[1]) / 1.6 : nIcm;
    icmSpacing = Math.sqrt(wallArea / (nWall * 1.6));
    const c = cavity;
    icmPts = scatter(rng, nWall * 2, icmSpacing * 0.8, { x0: inner.cx - inner.rx, y0: inner.cy - inner.ry, x1: inner.cx + inner.rx, y1: inner.cy + inner.ry }, (x, y) => ellipseDistance(x, y, inner) < 0 && ellipseDistance(x, y, c) > 0);
  } else {
    const cavityR = Math.min(inner.rx, inner.ry);
    const along = cavityR * icmRecipe.along * rng.uniform(0.85, 1.15);
    const across = cavityR * icmRecipe.across * rng.uniform(0.85, 1.15);
    const [wx, wy] = ellipsePoint(inner, icmAngle, across * 0.55);
    const ca = Math.cos(icmAngle);
    const sa = Math.sin(icmAngle);
    // inside the blob: an ellipse whose long axis follows the wall
    const inBlob = (x: number, y: number) => {
      const dx = x - wx;
      const dy = y - wy;
      const a = -dx * sa + dy * ca;
      const r = dx * ca + dy * sa;
      return (a / along) ** 2 + (r / across) ** 2 < 1 && ellipseDistance(x, y, inner) < -1;
    };
    icmSpacing = Math.sqrt((Math.PI * along * across) / nIcm) * 0.85;
    icmMass = { cx: wx, cy: wy, along: along * 1.1, across: across * 1.1, cos: ca, sin: sa, cohesion: grades.icm === 'A' ? 1 : grades.icm === 'B' ? 0.5 : 0.2 };
    const reach = Math.max(along, across);
    icmPts = scatter(rng, nIcm, icmSpacing, { x0: wx - reach, y0: wy - reach, x1: wx + reach, y1: wy + reach }, inBlob);
  }
  const nIcmPlaced = icmPts.length / 2;
  const icmRadius = new Float64Array(nIcmPlaced);
  const fill = grades.expansion <= 2 ? 1.2 : icmRecipe.fill;
  for (let k = 0; k < nIcmPlaced; k++) icmRadius[k] = Math.max(2 * unit, icmSpacing * fill * rng.uniform(0.85, 1.15));
  const maxR = nIcmPlaced ? Math.max(...icmRadius) : 0;
  const icmBox = siteBounds(icmPts, maxR);

  // The near and far surfaces of the TE shell: same cell size as the rim.
  const surfaceSpacing = spacing * (recipes?.surfaceScale ?? 0.9);
  const surfaceCount = Math.min(400, Math.ceil((Math.PI * shape.rx * shape.ry) / (surfaceSpacing * surfaceSpacing)));
  const surfacePts = scatter(rng, surfaceCount, surfaceSpacing * 0.75, { x0: shape.cx - shape.rx, y0: shape.cy - shape.ry, x1: shape.cx + shape.rx, y1: shape.cy + shape.ry }, (x, y) => ellipseDistance(x, y, shape) < 0);

  return {
    shape,
    hernia,
    te: new CellField(new Float64Array(sites)),
    teThickness: new Float64Array(thickness),
    teHalfWidth: new Float64Array(halfWidth),
    teMaxThickness: teMax,
    teJunction: te.junction,
    cavity,
    icm: new CellField(new Float64Array(icmPts)),
    icmRadius,
    icmBox,
    icmMass,
    surface: new CellField(new Float64Array(surfacePts)),
    surfaceCellSize: surfaceSpacing,
    teCellCount: equatorialCells,
    icmCellCount: nIcmPlaced,
  };
}

/** A whole blastocyst (zona, cells, cavity) for the given grades, placed at (x, y) with the given rotation. */
export function buildEmbryo(grades: PhantomGrades, rng: Rng, x: number, y: number, angle: number, opts: BuildOptions): EmbryoModel {
  const { baseRadius, unit, aspect, recipes } = opts;
  const exp = grades.expansion;
  const grainSeed = rng.uint32();
  if (exp === 6) {
    // Hatched: the embryo is free of its zona (drawn separately as an empty shell).
    const r = baseRadius * EXPANSION_SCALE[6];
    const shape = { cx: 0, cy: 0, rx: r, ry: r * aspect };
    return { x, y, angle, zona: null, body: buildBody(grades, rng, shape, null, unit, recipes), extent: r + 4 * unit, grainSeed };
  }
  const rz = baseRadius * EXPANSION_SCALE[exp];
  const outer = { cx: 0, cy: 0, rx: rz, ry: rz * aspect };
  const tz = Math.max(2 * unit, rz * ZONA_THICKNESS[exp] * rng.uniform(0.9, 1.1));
  const gapWidth = rz * PERIVITELLINE_GAP[exp];
  const slack = gapWidth * 0.6;
  const bodyShape = {
    cx: slack * rng.uniform(-1, 1),
    cy: slack * rng.uniform(-1, 1),
    rx: (outer.rx - tz - gapWidth) * (1 - (opts.collapse ?? 0)),
    ry: (outer.ry - tz - gapWidth) * (1 - (opts.collapse ?? 0)),
  };
  let hernia: Hernia | null = null;
  let gap: Hernia | null = null;
  let extent = rz + 4 * unit;
  if (exp === 5) {
    const theta = rng.uniform(0, 2 * Math.PI);
    const hr = rz * rng.uniform(0.25, 0.42);
    const [bx, by] = ellipsePoint(outer, theta, 0);
    const out = hr * rng.uniform(0.1, 0.35);
    hernia = { cx: bx + out * Math.cos(theta), cy: by + out * Math.sin(theta), r: hr };
    gap = { cx: bx, cy: by, r: hr * 0.85 };
    extent = Math.max(extent, Math.sqrt((hernia.cx) ** 2 + (hernia.cy) ** 2) + hr + 4 * unit);
  } else {
    rng.next();
    rng.next();
    rng.next();
  }
  return {
    x,
    y,
    angle,
    zona: { outer, thickness: tz, gap },
    body: buildBody(grades, rng, bodyShape, hernia, unit, recipes),
    extent,
    grainSeed,
  };
}

/** The empty zona a hatched (expansion 6) embryo leaves behind: a thin, collapsed shell with a slit. */
export function buildEmptyZona(rng: Rng, x: number, y: number, angle: number, opts: BuildOptions): EmbryoModel {
  const rz = opts.baseRadius * rng.uniform(0.95, 1.1);
  const outer = { cx: 0, cy: 0, rx: rz, ry: rz * rng.uniform(0.6, 0.85) };
  const tz = Math.max(2 * opts.unit, rz * rng.uniform(0.07, 0.11));
  const theta = rng.uniform(0, 2 * Math.PI);
  const [bx, by] = ellipsePoint(outer, theta, 0);
  return {
    x,
    y,
    angle,
    zona: { outer, thickness: tz, gap: { cx: bx, cy: by, r: rz * rng.uniform(0.15, 0.35) } },
    body: null,
    extent: rz + 4 * opts.unit,
    grainSeed: rng.uint32(),
  };
}
