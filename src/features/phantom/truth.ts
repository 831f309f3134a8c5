// The exact ground truth every phantom style records: what was drawn, where, and how.
import type { Ellipse } from '../../lib/types';
import type { EmbryoModel } from './anatomy';
import type { MaskSet } from './rasterise';
import type { NuisanceSettings, PhantomGrades, PhantomTruth } from './types';

export interface DrawnScene {
  ellipse: Ellipse;
  hernia: PhantomTruth['hernia'];
  main: EmbryoModel;
}

/** The truth shared by every style; a style adds its own fields after it. */
export function phantomTruth(seed: string, grades: PhantomGrades, scene: DrawnScene, masks: MaskSet, size: { width: number; height: number }, nuisance: NuisanceSettings): PhantomTruth {
  const body = scene.main.body!;
  return {
    seed,
    grades,
    ellipse: scene.ellipse,
    hernia: scene.hernia,
    masks: { ...size, zona: masks.zona, trophectoderm: masks.trophectoderm, icm: masks.icm, blastocoel: masks.blastocoel },
    cellCounts: { trophectoderm: body.teCellCount, icm: body.icmCellCount },
    nuisance,
  };
}
