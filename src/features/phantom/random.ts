// Seeded randomness. Every draw comes from seedrandom's Alea generator (plain
// float64 arithmetic, so Node and browsers give the same sequence); separate
// named streams keep, e.g., the embryo's size independent of how many
// nuisance draws came before it.
import seedrandom from 'seedrandom';

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  uniform(min: number, max: number): number;
  /** Integer in [min, max], both ends included. */
  int(min: number, max: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A 32-bit unsigned integer, for seeding per-pixel hash noise. */
  uint32(): number;
}

export function createRng(seed: string): Rng {
  const prng = seedrandom.alea(seed);
  const next = (): number => prng();
  return {
    next,
    uniform: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    normal: () => {
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    chance: (probability) => next() < probability,
    pick: (items) => items[Math.floor(next() * items.length)],
    uint32: () => prng.int32() >>> 0,
  };
}

/** A named, independent stream derived from the phantom's seed. */
export function streamFor(seed: string | number, name: string): Rng {
  return createRng(`${String(seed)}/${name}`);
}

/**
 * Per-pixel hash noise in [0, 1). Hand-written (a murmur3-style integer mix)
 * because a PRNG call per pixel is several times slower and order-dependent;
 * integer math via Math.imul is identical on every JS engine.
 */
export function hash2(x: number, y: number, seed: number): number {
  let h = Math.imul(x | 0, 0x27d4eb2d) ^ Math.imul(y | 0, 0x165667b1) ^ seed;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}
