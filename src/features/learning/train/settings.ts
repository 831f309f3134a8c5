// Training settings, measured rather than guessed (docs/learning.md has the figures).
import type { TrainingSettings } from './types';

export const TRAINING: TrainingSettings = {
  // Grade heads start at the base weights and are pulled back towards them: a lab's hundred
  // examples should move the heads, not replace what thousands of phantoms taught.
  gradeHeads: { optimizer: 'momentum', steps: 100, learningRate: 0.03, l2TowardsBase: 0.01 },
  // Logistic regression on the standardised pooled features. On the real clinic set (140
  // examples) cross-validated AUC rose with the penalty up to about 10 and was flat to 1000;
  // 30 sits inside the plateau.
  outcomeHead: { optimizer: 'momentum', steps: 200, learningRate: 0.02, l2: 30, calibration: 'Platt scaling on the training examples' },
};
