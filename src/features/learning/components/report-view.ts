// What the report view shows, independent of how the engine's report is laid out.
export interface IntervalView {
  estimate: number;
  low: number;
  high: number;
}

export interface FigureRow {
  figure: string;
  base: IntervalView | null;
  learned: IntervalView | null;
}

export interface LabelReportView {
  label: string;
  examples: [label: string, count: number][];
  figures: FigureRow[];
  confusion: { classes: string[]; base?: number[][]; learned?: number[][] };
  warnings: string[];
  refusal: string | null;
  curve?: CurveView;
  withinExpansion?: WithinExpansionView;
  /** The features the learned head reads, chosen by cross-validation, in one line with both figures. */
  featureSet?: { chosen: string; line: string };
}

/** A label's learning curve as the plot draws it. */
export interface CurveView {
  figure: string;
  points: { fraction: number; examples: number; estimate: number; low: number; high: number }[];
  /** The fitted curve sampled from the smallest measured size to twice the largest (drawn dashed). */
  fitLine: { examples: number; figure: number }[];
  /** The figure expected at twice the labels: an estimate, extrapolated. */
  doubled: { examples: number; estimate: number; low: number; high: number; note: string } | null;
  /** Fractions that could not be measured and why there is no fit, as sentences. */
  notes: string[];
}

/** ICM/TE: A vs the rest, overall and within equal expansion grades. */
export interface WithinExpansionView {
  positiveClass: string;
  verdict: string;
  learnedExpansionOnly: boolean;
  note: string;
}

/** The images a learning run left out, with why, and the sentence above them. */
export interface SkippedImagesView {
  headline: string;
  images: { name: string; error: string }[];
}
