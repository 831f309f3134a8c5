// The learning engine's API as the worker uses it (see headless.ts), typed here so the
// worker builds while the engine is loaded by import.meta.glob.
import type { LoadedModelPackage } from '../inference/headless';
import type { ExampleLabels } from './example-store';

export interface EngineExample {
  key: string;
  features: Float32Array;
  labels: ExampleLabels;
  source?: string;
  date?: string;
}

export interface EngineProgress {
  stage: 'features' | 'cross-validation' | 'final-fit' | 'writing';
  done: number;
  total: number;
  label?: string;
  fold?: number;
}

export interface LearningEngine {
  extractFeatures(pkg: LoadedModelPackage, inputs: Float32Array[], options?: { signal?: AbortSignal }): Promise<Float32Array[]>;
  learnFromExamples(
    base: LoadedModelPackage,
    examples: EngineExample[],
    options?: { folds?: number; seed?: number; sources?: string[]; id?: string; version?: string; signal?: AbortSignal; onProgress?: (p: EngineProgress) => void },
  ): Promise<{ card: unknown; files: Record<string, Uint8Array>; report: unknown; modelHash: string }>;
}
