// One graded file as `blastograde grade` prints it (JSON) and writes it (CSV).
import type { CropBox, Ellipse, HeadPrediction, OutcomePrediction } from '../../lib/types';
import type { CliPolicy } from './cli-policy';

export interface GradeRecord {
  file: string;
  ok: boolean;
  error?: string;
  ellipse: Ellipse | null;
  crop: CropBox | null;
  /** Combined grade from the argmax of each head, e.g. "4AB". */
  grade?: string;
  heads?: HeadPrediction[];
  /** Only from a model with an outcome head: the probability that the lab's outcome is positive. */
  outcome?: OutcomePrediction;
  modelId: string;
  modelVersion: string;
  modelHash: string;
  backend: string;
  inferenceMs?: number;
  /** With --rank: 1 = first choice; null when not graded (listed after every graded one). */
  rank?: number | null;
  /** With --rank: the policy's number (null for the lexicographic policy and when not graded). */
  score?: number | null;
  /** With --rank: what the app shows for the score, e.g. "0.874", "4AB", "BS 5 (good)". */
  scoreLabel?: string;
  policy?: CliPolicy;
  /** With --rank: the ranking's flags, joined with "; " as in the app's grade sheet. */
  flags?: string;
}
