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
}

/** The images a learning run left out, with why, and the sentence above them. */
export interface SkippedImagesView {
  headline: string;
  images: { name: string; error: string }[];
}
