// The learner's headless entry (src/features/learner/headless.ts) as the bench page's worker
// calls it: only what the bench uses, so the bench type-checks against that contract.
import type { LoadedModelPackage } from '../src/features/inference/headless';

export interface BenchExample {
  key: string;
  features: Float32Array;
  labels: { outcome?: 0 | 1 };
  source?: string;
}

export interface LearningEngine {
  extractFeatures(pkg: LoadedModelPackage, inputs: Float32Array[]): Promise<Float32Array[]>;
  learnFromExamples(base: LoadedModelPackage, examples: BenchExample[], options?: { folds?: number; seed?: number }): Promise<{ report: unknown; modelHash: string }>;
}
