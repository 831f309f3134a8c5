// Synthetic blastocyst phantoms with exact ground truth (no graded real images exist here): the same
// code renders them in the browser (demo batch) and in Node (CLI, training).
export { renderPhantom, phantomPng, MIN_SIZE, MAX_SIZE, PHANTOM_STYLES } from './render';
export type { ClinicSettings } from './types';
export { demoBatch, DEMO_SEED, type DemoFile } from './demo';
export { parseGradeSpec, balancedGrades, gradeCode, EXPANSIONS, CELL_GRADES, type GradeSpec, type GradeSets } from './grades';
export { resolveNuisance, NUISANCE_PRESETS } from './nuisance';
export { contactSheet, downscale, fitInto, type ContactSheetOptions } from './contact-sheet';
export { REFERENCE_PHANTOM_OPTIONS, REFERENCE_PHANTOM_SHA256, pixelsSha256 } from './reference';
export type {
  Phantom,
  PhantomOptions,
  PhantomTruth,
  PhantomGrades,
  PhantomMasks,
  NuisancePreset,
  NuisanceSettings,
  NuisanceOverrides,
  Expansion,
  CellGrade,
  EmbryoStage,
  Tint,
  Optics,
  PhantomStyle,
} from './types';
