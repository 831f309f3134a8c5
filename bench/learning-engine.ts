// The learning engine's headless entry as the bench calls it (notes/learning-api.md), so
// the bench builds and type-checks before and after src/features/learner/headless.ts lands.
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
