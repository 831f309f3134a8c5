// The one interface of a loaded model that grades crops. The page's grader (the model in its
// own worker, create-grader.ts) and the in-process one (Node CLI, workers, tests;
// local-grader.ts) are both a Grader, so the batch runner, the UI and the CLI read one shape.
import type { HeadName, Prediction, RgbaImage } from '../../lib/types';
import type { BackendChoice } from './backend-types';
import type { ConfidenceThresholds } from './confidence';
import type { GradCamOptions, GradCamResult } from './grad-cam';
import type { ModelCard } from './model-card';

export interface Grader {
  /** The package's card: its input size and resize say how the crop must be made. */
  readonly card: ModelCard;
  readonly modelHash: string;
  readonly backend: BackendChoice;
  /** Milliseconds loading and checking the package took. */
  readonly loadMs: number;
  /** Milliseconds the warm-up took (first run: kernel/shader compilation). */
  readonly warmUpMs: number;
  grade(image: RgbaImage): Promise<Prediction>;
  gradCam(image: RgbaImage, head: HeadName, options?: GradCamOptions): Promise<GradCamResult>;
  setThresholds(thresholds: ConfidenceThresholds): Promise<void>;
  /** tfjs's tensor count and bytes where the model runs: leak tests read it. */
  memory(): Promise<{ numTensors: number; numBytes: number }>;
  dispose(): void;
}
