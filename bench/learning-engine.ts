// The learner's headless entry (src/features/learner/headless.ts) as the bench page's worker
// calls it: only what the bench uses, so the bench type-checks against that contract.
import type { LoadedModelPackage } from '../src/features/inference/headless';
import type { FeatureCache } from '../src/features/learner/headless';
import type { CropBox } from '../src/lib/types';

export interface BenchExample {
  key: string;
  features: Float32Array;
  labels: { outcome?: 0 | 1 };
  source?: string;
}

/** One labelled image of a phantom archive, served to the bench page. */
export interface ArchiveImage {
  url: string;
  name: string;
  labels: { expansion?: string; icm?: string; te?: string };
  /** Its content key and crop as the import located them (learned through the feature cache); absent: keyed by name, located while learning. */
  key?: string;
  crop?: CropBox;
}

interface ArchiveExample {
  key: string;
  name: string;
  labels: ArchiveImage['labels'];
  crop?: CropBox;
  source?: string;
  read(): Promise<{ ok: true; bytes: Uint8Array }>;
}

/** Where the job's head fits run (the app's fit workers); what it fits is the learner's business. */
export interface BenchFitter {
  fit(task: never, signal?: AbortSignal): Promise<unknown>;
}

export interface LearningEngine {
  runLearnJob(
    base: LoadedModelPackage,
    examples: ArchiveExample[],
    options?: { folds?: number; decoder?: 'native-png' | 'js'; fitter?: BenchFitter; featureCache?: FeatureCache; onProgress?: (p: { stage: string; done?: number; label?: string }) => void },
  ): Promise<{
    learned: { report: { examples: number; seconds: unknown }; modelHash: string };
    skipped: unknown[];
    features: { computed: number; cached: number };
    timings: { prepareMs: number; trunkMs: number; learnMs: number };
  }>;
  extractFeatures(pkg: LoadedModelPackage, inputs: Float32Array[], options?: { batchSize?: number }): Promise<Float32Array[]>;
  learnFromExamples(base: LoadedModelPackage, examples: BenchExample[], options?: { folds?: number; seed?: number }): Promise<{ report: unknown; modelHash: string }>;
}
