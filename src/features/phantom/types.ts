import type { Ellipse, RgbaImage } from '../../lib/types';

export type Expansion = 1 | 2 | 3 | 4 | 5 | 6;
export type CellGrade = 'A' | 'B' | 'C';
/**
 * What the embryo is: a blastocyst, or (clinic style, expansion 1 only) an embryo that is
 * not one yet: a compacted morula, a compacting embryo, a cleavage-stage or a degenerating one.
 */
export type EmbryoStage = 'blastocyst' | 'morula' | 'compacting' | 'cleavage' | 'degenerate';

/** Gardner grades of a phantom. ICM/TE are recorded even below expansion 3, where embryologists would call them not gradable. */
export interface PhantomGrades {
  expansion: Expansion;
  icm: CellGrade;
  te: CellGrade;
}

/** Masks in original-image pixels, one byte per pixel, 0 or 255. */
export interface PhantomMasks {
  width: number;
  height: number;
  /** The zona pellucida ring (for expansion 6: the empty zona beside the embryo). */
  zona: Uint8Array;
  trophectoderm: Uint8Array;
  icm: Uint8Array;
  blastocoel: Uint8Array;
}

export type NuisancePreset = 'none' | 'default' | 'high';
export type Tint = 'pcrm' | 'gray';
export type Optics = 'hoffman' | 'brightfield';
/**
 * 'default': the original phantoms (the shipped model was trained on them; their
 * pixels never change). 'clinic': tight, colour, Hoffman-relief captures modelled on
 * a clinic's day-5 micrographs (epithelial TE, granular ICM, cavity debris, crops
 * that cut the embryo).
 */
export type PhantomStyle = 'default' | 'clinic';

/** The nuisance knobs, as resolved for one image. */
export interface NuisanceSettings {
  /** Illumination gradient and vignetting strength, 0 (flat) .. 1. */
  illumination: number;
  /** Sensor noise, standard deviation in 8-bit grey levels. */
  noise: number;
  /** Defocus blur, Gaussian sigma in pixels at 640 px width (scaled with the image). */
  blur: number;
  /** Number of debris particles and cell fragments in the medium. */
  debris: number;
  /** Number of neighbouring embryos cut by the frame. */
  neighbours: number;
  /** Black border width, as a fraction of the image width (0 = none). */
  border: number;
  /** Draw the green "25um" scale bar with its text. */
  scaleBar: boolean;
  tint: Tint;
  optics: Optics;
  /** JPEG round trip quality 1..100; 0 = none. */
  jpegQuality: number;
}

export type NuisanceOverrides = Partial<NuisanceSettings> & { preset?: NuisancePreset };

export interface PhantomOptions {
  seed: number | string;
  /** Missing fields are sampled from the seed. */
  grades?: Partial<PhantomGrades>;
  /** A preset name, or a preset with individual knobs fixed. Default: "default". */
  nuisance?: NuisancePreset | NuisanceOverrides;
  /** Image size; when either is missing the size is sampled (default style: long side 256..1280 px; clinic: 230..420 px, mostly 256x256). */
  width?: number;
  height?: number;
  /** Rendering style; default 'default'. */
  style?: PhantomStyle;
}

export interface PhantomTruth {
  seed: string;
  grades: PhantomGrades;
  /** The embryo's outer outline (zona outer edge; for expansion 6 the hatched embryo), original-image pixels. */
  ellipse: Ellipse;
  masks: PhantomMasks;
  /**
   * Expansion 5 only: the hernia, a circle in image pixels, that bulges out
   * of the zona (and so out of `ellipse`); a localiser that follows the
   * embryo's outer edge includes it. Null otherwise.
   */
  hernia: { cx: number; cy: number; r: number } | null;
  /** Trophectoderm cells around the equatorial section, and inner-cell-mass cells. */
  cellCounts: { trophectoderm: number; icm: number };
  nuisance: NuisanceSettings;
  /** Present for the clinic style only (the default style's truth is as it always was). */
  style?: 'clinic';
  /**
   * Clinic style only: a non-blastocyst keeps grades.expansion 1 (the least developed stage
   * the grader knows); its cells are in the trophectoderm mask, with no ICM or blastocoel.
   */
  stage?: EmbryoStage;
  /** The clinic style's capture settings (crop, colour, relief, debris, collapse). */
  clinic?: ClinicSettings;
}

export interface Phantom {
  image: RgbaImage;
  truth: PhantomTruth;
}

/** How one clinic-style capture looks (sampled per phantom from its seed). */
export interface ClinicSettings {
  /** Outline diameter over the frame's short side: < 1 leaves a margin, > 1 is cut by the frame. */
  fill: number;
  /** Embryo centre offset from the frame centre, fractions of the short side. */
  offsetX: number;
  offsetY: number;
  /** Medium brightness 0..1 before the colour cast. */
  background: number;
  /** Per-channel gains of the illumination (R, G, B): neutral, greenish, lavender or warm. */
  cast: [number, number, number];
  /** Per-channel absorption weights of cytoplasm (R, G, B): blue absorbed most, so cells look yellow-brown. */
  cellColour: [number, number, number];
  /** Hoffman relief strength and shading direction (radians). */
  relief: number;
  lightAngle: number;
  /** Halo around refractile edges (zona, cells), 0..1. */
  halo: number;
  /** Lateral chromatic aberration in pixels (red and blue planes shifted apart). */
  chromatic: number;
  /** Edge enhancement of the video camera (unsharp mask amount), 0 = none. */
  sharpen: number;
  /** Odd video fields shifted by a pixel (an interlaced capture). */
  interlace: boolean;
  /** Cells shrunk away from the zona (collapsing blastocyst), fraction of the radius; 0 = none. */
  collapse: number;
  /** Debris particles and strands inside the cavity; fragments between cells and zona or beside the embryo. */
  cavityDebris: number;
  strands: number;
  fragments: number;
  /** How dark, granular and coloured the cells look: drawn apart from the grades, so appearance never tells the expansion. */
  look: ClinicLook;
}

/** Per-capture factors on the clinic style's optical constants (1 = the constants as they are). */
export interface ClinicLook {
  /** Absorption of the cells (TE, ICM, the TE surface across the cavity). */
  darkness: number;
  /** Extra absorption of the ICM, and of the TE surface across the cavity, on top of `darkness`. */
  icmDarkness: number;
  surfaceDarkness: number;
  /** Granularity of the cytoplasm (grain, speckle, refractile granules). */
  grain: number;
  /** Grain size. */
  grainSize: number;
  /** Absorption of the zona (added to the style's; below 0 it shows paler than the medium). */
  zonaAbsorb: number;
  /** Strength of cell borders and membranes. */
  walls: number;
  /** Relief of the cells as domes (inner cells, and the TE surface across the cavity). */
  domes: number;
  /** Blotches across the cavity (uneven darkness and relief of the out-of-focus TE). */
  blotch: number;
  /** How far the cells' absorption colour departs from grey: 0 = grey, 1 = cellColour as drawn, more = browner. */
  chroma: number;
  /** Per-channel factors on that absorption colour (R, G, B): neutral, or a greenish or warmer cast of the cells. */
  tint: [number, number, number];
}
