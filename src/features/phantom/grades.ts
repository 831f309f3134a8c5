// Which grades a batch of phantoms gets: a balanced spread over every Gardner
// combination (training needs all 6 x 3 x 3 represented), or a user's spec.
import { createRng } from './random';
import type { CellGrade, Expansion, PhantomGrades } from './types';

export const EXPANSIONS: readonly Expansion[] = [1, 2, 3, 4, 5, 6];
export const CELL_GRADES: readonly CellGrade[] = ['A', 'B', 'C'];

export interface GradeSets {
  expansion: readonly Expansion[];
  icm: readonly CellGrade[];
  te: readonly CellGrade[];
}

const ALL: GradeSets = { expansion: EXPANSIONS, icm: CELL_GRADES, te: CELL_GRADES };

/** "4AB" for reports and contact sheets. */
export function gradeCode(grades: PhantomGrades): string {
  return `${grades.expansion}${grades.icm}${grades.te}`;
}

function combinations(sets: GradeSets): PhantomGrades[] {
  const out: PhantomGrades[] = [];
  for (const expansion of sets.expansion)
    for (const icm of sets.icm) for (const te of sets.te) out.push({ expansion, icm, te });
  return out;
}

/**
 * Grades for the index-th phantom of a batch: every block of K consecutive
 * indices (K = number of allowed combinations) holds each combination exactly
 * once, in a seeded order, so any batch of n >= K is balanced.
 */
export function balancedGrades(index: number, seed: number | string, sets: GradeSets = ALL): PhantomGrades {
  const combos = combinations(sets);
  if (combos.length === 0) throw new Error('grade spec allows no combination');
  const block = Math.floor(index / combos.length);
  const rng = createRng(`${String(seed)}/grade-block/${block}`);
  // Fisher–Yates with the block's own stream.
  const order = combos.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return combos[order[index % combos.length]];
}

export interface GradeSpec {
  /** The spec as given (normalised), for summaries. */
  source: string;
  gradesFor(index: number, seed: number | string): PhantomGrades;
}

function parseExpansionSet(text: string): Expansion[] {
  if (text === '*') return [...EXPANSIONS];
  const values = new Set<number>();
  for (const part of text.split('|')) {
    const range = /^([1-6])-([1-6])$/.exec(part);
    if (range) {
      const [lo, hi] = [Number(range[1]), Number(range[2])];
      if (lo > hi) throw new Error(`bad expansion range "${part}"`);
      for (let v = lo; v <= hi; v++) values.add(v);
    } else if (/^[1-6]$/.test(part)) values.add(Number(part));
    else throw new Error(`bad expansion "${part}" (use 1-6, ranges like 3-5, alternatives like 3|5, or *)`);
  }
  return EXPANSIONS.filter((e) => values.has(e));
}

function parseCellSet(text: string, head: string): CellGrade[] {
  if (text === '*') return [...CELL_GRADES];
  const values = text.split('|');
  for (const v of values) if (!CELL_GRADES.includes(v as CellGrade)) throw new Error(`bad ${head} grade "${v}" (use A, B, C, A|B or *)`);
  return CELL_GRADES.filter((g) => values.includes(g));
}

function parseConstraints(spec: string): GradeSets {
  const sets: { -readonly [K in keyof GradeSets]: GradeSets[K] } = { ...ALL };
  for (const clause of spec.split(',')) {
    const [key, value] = clause.split('=');
    if (value === undefined) throw new Error(`bad clause "${clause}" (expected key=value)`);
    if (key === 'exp' || key === 'expansion') sets.expansion = parseExpansionSet(value);
    else if (key === 'icm') sets.icm = parseCellSet(value, 'ICM');
    else if (key === 'te') sets.te = parseCellSet(value, 'TE');
    else throw new Error(`unknown grade key "${key}" (use exp, icm, te)`);
  }
  return sets;
}

function parseCode(code: string): GradeSets {
  const match = /^([1-6*])([ABC*])([ABC*])$/.exec(code);
  if (!match) throw new Error(`bad grade code "${code}" (expected e.g. 4AB, 3** or 5*C)`);
  return {
    expansion: parseExpansionSet(match[1]),
    icm: parseCellSet(match[2], 'ICM'),
    te: parseCellSet(match[3], 'TE'),
  };
}

/**
 * Parses the CLI's --grades. Three forms:
 * - "" / "*" / "balanced": every combination, balanced (see balancedGrades);
 * - constraints "exp=3-5,icm=A|B,te=*": balanced over the allowed combinations;
 * - a list of codes "4AA,3BC,5**", cycled over the batch; "*" samples that grade.
 */
export function parseGradeSpec(spec: string): GradeSpec {
  const source = spec.replace(/\s+/g, '').toUpperCase().replace(/EXP(ANSION)?=/g, 'exp=').replace(/ICM=/g, 'icm=').replace(/TE=/g, 'te=');
  if (source === '' || source === '*' || source === 'BALANCED') {
    return { source: 'balanced', gradesFor: (index, seed) => balancedGrades(index, seed) };
  }
  if (source.includes('=')) {
    const sets = parseConstraints(source);
    combinationsOrThrow(sets, spec);
    return { source, gradesFor: (index, seed) => balancedGrades(index, seed, sets) };
  }
  const codes = source.split(',').map(parseCode);
  return {
    source,
    gradesFor: (index, seed) => {
      const sets = codes[index % codes.length];
      // A wildcard samples the missing grade, balanced over the cycles of the list.
      return balancedGrades(Math.floor(index / codes.length), `${String(seed)}/code-${index % codes.length}`, sets);
    },
  };
}

function combinationsOrThrow(sets: GradeSets, spec: string): void {
  if (combinations(sets).length === 0) throw new Error(`grade spec "${spec}" allows no combination`);
}
