import type { Prediction, RgbaImage } from '../../lib/types';

/** What the batch runner needs from a loaded model. */
export interface Grader {
  readonly modelId: string;
  /** Model input as the card says: the crop is made at this size. */
  readonly input: { size: [number, number]; resize: 'bilinear' | 'nearest' };
  grade(input: RgbaImage): Promise<Prediction>;
}
