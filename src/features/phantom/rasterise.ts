// Turns embryo geometry into two optical fields plus the truth masks:
// `phase` (optical thickness: what Hoffman/DIC relief and bright-field halos
// come from) and `absorb` (darkening: granular cytoplasm, membranes, debris).
// Each pixel is classified once, so masks and picture agree by construction.
import type { BodyModel, EmbryoModel, ZonaModel } from './anatomy';
import { valueNoise } from './noise';
import { hash2 } from './random';
import type { Rect } from './shapes';
import { circleDistance, clamp01, ellipseDistance, smoothMin } from './shapes';

export interface OpticalFields {
  width: number;
  height: number;
  phase: Float32Array;
  absorb: Float32Array;
  /** Bounds of everything drawn so far (empty when x1 < x0). */
  drawn: Rect;
}

export interface MaskSet {
  zona: Uint8Array;
  trophectoderm: Uint8Array;
  icm: Uint8Array;
  blastocoel: Uint8Array;
}

export function createFields(width: number, height: number): OpticalFields {
  return { width, height, phase: new Float32Array(width * height), absorb: new Float32Array(width * height), drawn: { x0: width, y0: height, x1: -1, y1: -1 } };
}

function markDrawn(fields: OpticalFields, x0: number, y0: number, x1: number, y1: number): void {
  const d = fields.drawn;
  d.x0 = Math.min(d.x0, x0);
  d.y0 = Math.min(d.y0, y0);
  d.x1 = Math.max(d.x1, x1);
  d.y1 = Math.max(d.y1, y1);
}

export function createMasks(width: number, height: number): MaskSet {
  const n = width * height;
  return { zona: new Uint8Array(n), trophectoderm: new Uint8Array(n), icm: new Uint8Array(n), blastocoel: new Uint8Array(n) };
}

/** Optical constants of the cell layers: how strongly each part shows. */
export interface RasterLook {
  zonaPhase: number;
  zonaAbsorb: number;
  zonaGrain: number;
  zonaPhaseGrain: number;
  zonaEdge: number;
  membrane: number;
  membranePhase: number;
  tePhase: number;
  teAbsorb: number;
  teGrain: number;
  teWall: number;
  icmPhase: number;
  icmAbsorb: number;
  icmGrain: number;
  icmWall: number;
  surfaceWall: number;
  cavityBlotch: number;
  surfacePhase: number;
  /** Per-pixel speckle of the cytoplasm (absorption), 0 = none. */
  speckle: number;
  /** Refractile granules of the cytoplasm (phase grain: relief highlights), 0 = none. */
  phaseGrain: number;
  /** Each TE cell seen across the cavity as a low dome (phase), 0 = flat plateaus. */
  surfaceDome: number;
  /** Cytoplasm of the TE surfaces seen across the cavity (absorption, granular), 0 = clear cavity. */
  surfaceAbsorb: number;
  /** Granules of that cytoplasm, a little out of focus (absorption texture), 0 = none. */
  surfaceGrain: number;
  /** Uneven darkness of that surface at the scale of cells (absorption blotches), 0 = none. */
  surfaceBlotch: number;
  /** Grain cell size in units. */
  grain: number;
  /** Width of membranes and cell walls in units. */
  line: number;
  /** Inner cells as separate domes (grooves at their walls), less so within a cohesive mass; 0 = none. */
  cellDome: number;
}

// Optical constants, tuned by eye against ../shared/data/real.
export const DEFAULT_LOOK: RasterLook = {
  zonaPhase: 0.6,
  zonaAbsorb: 0.04,
  zonaGrain: 0.3,
  zonaPhaseGrain: 0.8,
  zonaEdge: 0.16,
  membrane: 0.24,
  membranePhase: 0.45,
  tePhase: 0.75,
  teAbsorb: 0.2,
  teGrain: 0.42,
  teWall: 0.3,
  icmPhase: 0.9,
  icmAbsorb: 0.3,
  icmGrain: 0.45,
  icmWall: 0.14,
  surfaceWall: 0.035,
  cavityBlotch: 0.3,
  surfacePhase: 0.22,
  speckle: 0,
  phaseGrain: 0,
  surfaceDome: 0,
  surfaceAbsorb: 0,
  surfaceGrain: 0,
  surfaceBlotch: 0,
  grain: 1.3,
  line: 0.9,
  cellDome: 0,
};

/** Gaussian line profile exp(-d^2 / w^2), cut to 0 beyond 3 widths (the hot loop's main cost otherwise). */
function bump(d: number, invWidth2: number): number {
  const t = d * d * invWidth2;
  return t > 9 ? 0 : Math.exp(-t);
}

const enum Region {
  Outside = 0,
  Te = 1,
  Icm = 2,
  Cavity = 3,
}

/** Antialiased zona coverage of a point, given its signed distance d to the outer edge. */
function zonaCoverage(zona: ZonaModel, u: number, v: number, d: number, aa: number): number {
  if (d > aa || d < -zona.thickness - aa) return 0;
  let cover = clamp01((aa - d) / (2 * aa)) * clamp01((d + zona.thickness + aa) / (2 * aa));
  if (zona.gap) cover *= clamp01(circleDistance(u, v, zona.gap.cx, zona.gap.cy, zona.gap.r) / (2 * aa));
  return cover;
}

/** Signed distance to the body outline (with its hernia, when hatching). */
function bodyDistance(body: BodyModel, u: number, v: number): number {
  const d = ellipseDistance(u, v, body.shape);
  if (!body.hernia) return d;
  const h = body.hernia;
  return smoothMin(d, circleDistance(u, v, h.cx, h.cy, h.r), h.r * 0.35);
}

/**
 * Draws one embryo into the fields (added to what is there, so neighbours and
 * debris compose). With masks, records the ground truth of this embryo.
 */
export function rasteriseEmbryo(model: EmbryoModel, fields: OpticalFields, unit: number, masks?: MaskSet, look: RasterLook = DEFAULT_LOOK): void {
  const { width, height, phase, absorb } = fields;
  const cos = Math.cos(model.angle);
  const sin = Math.sin(model.angle);
  const x0 = Math.max(0, Math.floor(model.x - model.extent));
  const x1 = Math.min(width - 1, Math.ceil(model.x + model.extent));
  const y0 = Math.max(0, Math.floor(model.y - model.extent));
  const y1 = Math.min(height - 1, Math.ceil(model.y + model.extent));
  if (x1 < x0 || y1 < y0) return;
  markDrawn(fields, x0, y0, x1, y1);
  const aa = 0.7 * unit;
  const line = look.line * unit;
  const invLine2 = 1 / (line * line);
  const {
    zonaPhase: ZONA_PHASE,
    zonaAbsorb: ZONA_ABSORB,
    zonaGrain: ZONA_GRAIN,
    zonaPhaseGrain: ZONA_PHASE_GRAIN,
    zonaEdge: ZONA_EDGE,
    membrane: MEMBRANE,
    membranePhase: MEMBRANE_PHASE,
    tePhase: TE_PHASE,
    teAbsorb: TE_ABSORB,
    teGrain: TE_GRAIN,
    teWall: TE_WALL,
    icmPhase: ICM_PHASE,
    icmAbsorb: ICM_ABSORB,
    icmGrain: ICM_GRAIN,
    icmWall: ICM_WALL,
    surfaceWall: SURFACE_WALL,
    cavityBlotch: CAVITY_BLOTCH,
    surfacePhase: SURFACE_PHASE,
    speckle,
    phaseGrain,
    surfaceDome,
    cellDome,
    surfaceAbsorb,
    surfaceGrain,
    surfaceBlotch,
  } = look;
  const grainCell = look.grain * unit;
  const seed = model.grainSeed | 0;
  const { zona, body } = model;
  const hernia = body?.hernia ?? null;
  const surfaceLine = body ? Math.max(2.5 * unit, body.surfaceCellSize * 0.16) : 1;
  const invSurface2 = 1 / (surfaceLine * surfaceLine);
  const blotchCell = body ? Math.max(4 * unit, 0.16 * Math.min(body.shape.rx, body.shape.ry)) : 1;

  for (let py = y0; py <= y1; py++) {
    const dy = py + 0.5 - model.y;
    for (let px = x0; px <= x1; px++) {
      const dx = px + 0.5 - model.x;
      const u = dx * cos + dy * sin;
      const v = -dx * sin + dy * cos;
      const idx = py * width + px;
      let p = 0;
      let a = 0;

      if (zona) {
        const dz = ellipseDistance(u, v, zona.outer);
        // beyond the zona's outer edge lines there is nothing but a hernia
        if (dz > 3 * line && !hernia) continue;
        const cover = zonaCoverage(zona, u, v, dz, aa);
        const inner = dz + zona.thickness;
        if (cover > 0) {
          // real zonae are a grainy, fibrous band: fine grain over coarser mottling
          const g = valueNoise(px, py, grainCell, seed ^ 0x2f) - 0.5 + 0.7 * (valueNoise(px, py, 3 * grainCell, seed ^ 0x3b) - 0.5);
          p += ZONA_PHASE * cover * (1 + ZONA_PHASE_GRAIN * g);
          a += (ZONA_ABSORB + ZONA_GRAIN * g) * cover;
          // (a cell pixel below wins: the inset outlines are approximate to a pixel)
          if (masks && cover >= 0.5) masks.zona[idx] = 255;
        }
        // both zona edges read as fine dark lines
        a += ZONA_EDGE * (bump(inner, invLine2) + bump(dz, invLine2)) * (cover > 0 ? 1 : 0.5);
      }

      if (body) {
        const db = bodyDistance(body, u, v);
        if (db < 3 * line) {
          const m = bump(db, invLine2);
          a += MEMBRANE * m;
          p += MEMBRANE_PHASE * m;
          if (db < 0) {
            const depth = -db;
            let region = Region.Cavity;
            if (depth < body.teMaxThickness) {
              const i = body.te.lookup(u, v);
              if (i >= 0) {
                const w = body.teHalfWidth[i];
                const s = Math.min(body.te.wall / w, 1);
                const bulge = Math.sqrt(1 - (1 - s) * (1 - s));
                const t = body.teThickness[i] * (body.teJunction + (1 - body.teJunction) * bulge);
                if (depth < t) {
                  region = Region.Te;
                  const g = valueNoise(px, py, grainCell, seed) - 0.5;
                  const wall = body.te.wall;
                  p += TE_PHASE * (0.35 + 0.65 * bulge);
                  a += TE_ABSORB + TE_GRAIN * g + TE_WALL * bump(wall, invLine2);
                  const edge = t - depth;
                  a += TE_WALL * 0.8 * bump(edge, invLine2);
                  if (speckle) a += speckle * (hash2(px, py, seed ^ 0x9e37) - 0.5);
                  if (phaseGrain) p += phaseGrain * (valueNoise(px, py, grainCell, seed ^ 0x4d1) - 0.5);
                }
              }
            }
            if (region !== Region.Te) {
              const inCavity = body.cavity ? ellipseDistance(u, v, body.cavity) < 0 : true;
              const box = body.icmBox;
              if (!inCavity || (u >= box.x0 && u <= box.x1 && v >= box.y0 && v <= box.y1)) {
                const j = body.icm.lookup(u, v);
                if (j >= 0) {
                  const r = body.icmRadius[j];
                  const dist = body.icm.distance;
                  // early stages: the wall around the cavity is all inner cells; the cavity is fluid
                  if (body.cavity ? !inCavity : dist < r) {
                    region = Region.Icm;
                    const q = Math.min(dist / r, 1);
                    const dome = Math.sqrt(1 - q * q);
                    const wall = body.icm.wall;
                    const rim = r - dist;
                    const g = valueNoise(px, py, grainCell, seed ^ 0x51) - 0.5;
                    // a cohesive ICM reads as one rounded mass; a loose one as separate cells
                    const mass = body.icmMass;
                    let bulge = 0;
                    if (mass) {
                      const dx = u - mass.cx;
                      const dy = v - mass.cy;
                      const qa = (-dx * mass.sin + dy * mass.cos) / mass.along;
                      const qr = (dx * mass.cos + dy * mass.sin) / mass.across;
                      bulge = mass.cohesion * Math.sqrt(Math.max(0, 1 - qa * qa - qr * qr));
                    }
                    p += ICM_PHASE * (0.55 + (0.45 - 0.25 * bulge) * dome + 0.6 * bulge);
                    a += ICM_ABSORB + ICM_GRAIN * g + ICM_WALL * (1 - 0.5 * bulge) * bump(wall, invLine2);
                    if (inCavity) a += 0.5 * ICM_WALL * bump(rim, invLine2);
                    if (speckle) a += 1.3 * speckle * (hash2(px, py, seed ^ 0x7f4a) - 0.5);
                    if (phaseGrain) p += phaseGrain * (valueNoise(px, py, grainCell, seed ^ 0x5e3) - 0.5);
                    if (cellDome) p += cellDome * (Math.sqrt(Math.min(1, wall / (0.4 * r))) - 1) * (1 - 0.6 * bulge);
                  }
                }
              }
              if (region === Region.Cavity && body.surface.count > 0) {
                body.surface.lookup(u, v);
                const wall = body.surface.wall;
                const web = bump(wall, invSurface2);
                // the far and near TE surfaces, out of focus: soft polygons and blotches
                p += SURFACE_PHASE * (1 - web) + CAVITY_BLOTCH * (valueNoise(px, py, blotchCell, seed ^ 0x77) - 0.5);
                if (surfaceAbsorb) a += surfaceAbsorb * (1 + 1.2 * (valueNoise(px, py, grainCell, seed ^ 0x6b) - 0.5));
                if (surfaceGrain) {
                  // granules both absorb and refract: texture in the relief too
                  const g = valueNoise(px, py, 1.8 * grainCell, seed ^ 0x6c) - 0.5 + 0.6 * (valueNoise(px, py, 0.8 * grainCell, seed ^ 0x6d) - 0.5);
                  a += surfaceGrain * g;
                  p += 0.5 * phaseGrain * g;
                }
                if (surfaceBlotch) a += surfaceBlotch * valueNoise(px, py, 0.7 * blotchCell, seed ^ 0x79);
                if (surfaceDome) {
                  const q = Math.min(1, body.surface.distance / body.surfaceCellSize);
                  p += surfaceDome * Math.sqrt(1 - q * q);
                }
                a += SURFACE_WALL * web;
              }
            }
            if (masks) {
              masks.zona[idx] = 0;
              if (region === Region.Te) masks.trophectoderm[idx] = 255;
              else if (region === Region.Icm) masks.icm[idx] = 255;
              else masks.blastocoel[idx] = 255;
            }
          }
        }
      }
      if (p !== 0) phase[idx] += p;
      if (a !== 0) absorb[idx] += a;
    }
  }
}

export interface Particle {
  x: number;
  y: number;
  r: number;
  /** Dark dust (absorbing) or a cell fragment (a small refractile sphere). */
  kind: 'dust' | 'fragment';
}

export function rasteriseParticle(particle: Particle, fields: OpticalFields, unit: number, grainSeed: number): void {
  const { width, height, phase, absorb } = fields;
  const { x, y, r } = particle;
  const reach = r + 2 * unit;
  const x0 = Math.max(0, Math.floor(x - reach));
  const x1 = Math.min(width - 1, Math.ceil(x + reach));
  const y0 = Math.max(0, Math.floor(y - reach));
  const y1 = Math.min(height - 1, Math.ceil(y + reach));
  if (x1 < x0 || y1 < y0) return;
  markDrawn(fields, x0, y0, x1, y1);
  for (let py = y0; py <= y1; py++) {
    for (let px = x0; px <= x1; px++) {
      const d = Math.sqrt((px + 0.5 - x) ** 2 + (py + 0.5 - y) ** 2);
      const cover = clamp01((r - d) / unit + 0.5);
      if (cover <= 0) continue;
      const idx = py * width + px;
      if (particle.kind === 'dust') {
        absorb[idx] += 0.55 * cover;
      } else {
        const q = Math.min(d / r, 1);
        phase[idx] += 0.8 * Math.sqrt(1 - q * q) * cover;
        absorb[idx] += (0.12 + 0.2 * (valueNoise(px, py, 1.5 * unit, grainSeed) - 0.5)) * cover;
      }
    }
  }
}
