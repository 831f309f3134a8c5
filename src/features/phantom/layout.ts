// Where things go in the frame: the graded embryo (random size, orientation,
// position, always wholly inside), the empty zona of a hatched embryo,
// neighbours cut by the frame edge, and debris in the medium.
import type { Ellipse } from '../../lib/types';
import { buildEmbryo, buildEmptyZona, type EmbryoModel } from './anatomy';
import { CELL_GRADES, EXPANSIONS } from './grades';
import type { Particle } from './rasterise';
import { streamFor } from './random';
import type { NuisanceSettings, PhantomGrades } from './types';

export interface Scene {
  unit: number;
  main: EmbryoModel;
  /** Drawn with the main embryo's masks (the empty zona of a hatched embryo). */
  companions: EmbryoModel[];
  neighbours: EmbryoModel[];
  particles: Particle[];
  ellipse: Ellipse;
  /** The expansion-5 hernia in image pixels. */
  hernia: { cx: number; cy: number; r: number } | null;
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Bounding box, relative to the model origin, of the outline (zona or body, plus hernia). */
function modelBox(model: EmbryoModel): Box {
  const shape = model.zona?.outer ?? model.body!.shape;
  const c = Math.cos(model.angle);
  const s = Math.sin(model.angle);
  const hx = Math.sqrt(shape.rx * shape.rx * c * c + shape.ry * shape.ry * s * s);
  const hy = Math.sqrt(shape.rx * shape.rx * s * s + shape.ry * shape.ry * c * c);
  const box = { x0: -hx, y0: -hy, x1: hx, y1: hy };
  const h = model.body?.hernia;
  if (h) {
    const x = h.cx * c - h.cy * s;
    const y = h.cx * s + h.cy * c;
    box.x0 = Math.min(box.x0, x - h.r);
    box.x1 = Math.max(box.x1, x + h.r);
    box.y0 = Math.min(box.y0, y - h.r);
    box.y1 = Math.max(box.y1, y + h.r);
  }
  return box;
}

/** A point at fraction f of [lo, hi]; the middle when the range is empty (too big to fit). */
function place(f: number, lo: number, hi: number): number {
  return lo <= hi ? lo + (hi - lo) * f : (lo + hi) / 2;
}

export function planScene(seed: string, grades: PhantomGrades, nuisance: NuisanceSettings, width: number, height: number): Scene {
  const layout = streamFor(seed, 'layout');
  const short = Math.min(width, height);
  const unit = short / 480;
  // Drawn first so that, for one seed, only the grades change the embryo's size.
  const baseRadius = short * layout.uniform(0.24, 0.33);
  const aspect = layout.uniform(0.88, 1);
  const angle = layout.uniform(0, Math.PI);
  const fx = layout.next();
  const fy = layout.next();

  const main = buildEmbryo(grades, streamFor(seed, 'embryo'), 0, 0, angle, { baseRadius, unit, aspect });
  const box = modelBox(main);
  const margin = short * 0.02 + nuisance.border * width;
  main.x = place(fx, margin - box.x0, width - margin - box.x1);
  main.y = place(fy, margin - box.y0, height - margin - box.y1);
  const outline = main.zona?.outer ?? main.body!.shape;
  let deg = (angle * 180) / Math.PI;
  if (deg >= 180) deg -= 180;
  const ellipse: Ellipse = { cx: main.x, cy: main.y, rx: outline.rx, ry: outline.ry, angleDeg: deg };
  const mainRadius = Math.max(box.x1 - box.x0, box.y1 - box.y0) / 2;

  const companions: EmbryoModel[] = [];
  if (grades.expansion === 6) {
    const companionRng = streamFor(seed, 'empty-zona');
    const empty = buildEmptyZona(companionRng, 0, 0, companionRng.uniform(0, Math.PI), { baseRadius, unit, aspect });
    // beside the embryo, towards the roomier side of the frame, at least partly in view
    const theta = Math.atan2(height / 2 - main.y, width / 2 - main.x) + companionRng.uniform(-0.9, 0.9);
    const dist = outline.rx + empty.zona!.outer.rx * companionRng.uniform(1.0, 1.25);
    const keep = empty.zona!.outer.rx * 0.4;
    empty.x = Math.min(width + keep, Math.max(-keep, main.x + dist * Math.cos(theta)));
    empty.y = Math.min(height + keep, Math.max(-keep, main.y + dist * Math.sin(theta)));
    companions.push(empty);
  }

  const neighbours: EmbryoModel[] = [];
  const neighbourRng = streamFor(seed, 'neighbours');
  for (let k = 0; k < nuisance.neighbours; k++) {
    const g: PhantomGrades = { expansion: neighbourRng.pick(EXPANSIONS.slice(0, 5)), icm: neighbourRng.pick(CELL_GRADES), te: neighbourRng.pick(CELL_GRADES) };
    const r0 = baseRadius * neighbourRng.uniform(0.85, 1.1);
    const n = buildEmbryo(g, streamFor(seed, `neighbour-${k}`), 0, 0, neighbourRng.uniform(0, Math.PI), { baseRadius: r0, unit, aspect: neighbourRng.uniform(0.88, 1) });
    const reach = n.extent;
    for (let attempt = 0; attempt < 24; attempt++) {
      const side = neighbourRng.int(0, 3);
      const along = neighbourRng.next();
      // centre outside the frame by 30-75% of the radius: only a cap shows
      const out = reach * neighbourRng.uniform(0.3, 0.75);
      const x = side === 0 ? -out : side === 2 ? width + out : along * width;
      const y = side === 1 ? -out : side === 3 ? height + out : along * height;
      const clear = [main, ...companions, ...neighbours].every((o) => Math.sqrt((o.x - x) ** 2 + (o.y - y) ** 2) > reach + (o === main ? mainRadius : o.extent) + 4 * unit);
      if (clear) {
        n.x = x;
        n.y = y;
        neighbours.push(n);
        break;
      }
    }
  }

  const particles: Particle[] = [];
  const debrisRng = streamFor(seed, 'debris');
  for (let k = 0; k < nuisance.debris; k++) {
    const fragment = debrisRng.chance(0.35);
    const r = (fragment ? debrisRng.uniform(3, 9) : debrisRng.uniform(1, 3.2)) * unit;
    for (let attempt = 0; attempt < 12; attempt++) {
      const x = debrisRng.uniform(0, width);
      const y = debrisRng.uniform(0, height);
      if (Math.sqrt((x - main.x) ** 2 + (y - main.y) ** 2) > mainRadius + r + 3 * unit) {
        particles.push({ x, y, r, kind: fragment ? 'fragment' : 'dust' });
        break;
      }
    }
  }

  const h = main.body?.hernia;
  const hernia = h ? { cx: main.x + h.cx * Math.cos(angle) - h.cy * Math.sin(angle), cy: main.y + h.cx * Math.sin(angle) + h.cy * Math.cos(angle), r: h.r } : null;
  return { unit, main, companions, neighbours, particles, ellipse, hernia };
}
